namespace Vigil.Engine.Audit;

/// <summary>Correlation ids that name the same chain on different nodes, folded together (union–find).</summary>
internal sealed class CorrelationUnion
{
    private readonly Dictionary<Guid, Guid> _parent = [];

    /// <summary>Records that <paramref name="copy"/> names the same chain as <paramref name="kept"/>.</summary>
    public void Join(Guid copy, Guid kept)
    {
        var a = Canonical(copy);
        var b = Canonical(kept);
        if (a == b)
        {
            return;
        }

        // Version 7 ids sort by creation time: the earliest id names the chain, whichever copy was seen first.
        if (a.CompareTo(b) < 0)
        {
            _parent[b] = a;
        }
        else
        {
            _parent[a] = b;
        }
    }

    public Guid Canonical(Guid id)
    {
        var root = id;
        while (_parent.TryGetValue(root, out var up))
        {
            root = up;
        }

        // Path compression: the next look-up of id is one step.
        if (root != id)
        {
            _parent[id] = root;
        }

        return root;
    }
}
