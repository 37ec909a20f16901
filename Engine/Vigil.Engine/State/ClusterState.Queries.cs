using System.Collections.Immutable;

using Vigil.Engine.Model;

namespace Vigil.Engine.State;

public sealed partial class ClusterState
{
    /// <summary>Every resource connected to <paramref name="tag"/> by dependencies (its hierarchy), sorted.</summary>
    public ImmutableArray<string> Hierarchy(string tag) => Walk(tag, r => r.Children.Concat(r.Parents));

    /// <summary><paramref name="tag"/> and everything it depends on, transitively, sorted.</summary>
    public ImmutableArray<string> Descendants(string tag) => Walk(tag, r => r.Children);

    /// <summary><paramref name="tag"/> and everything that depends on it, transitively, sorted.</summary>
    public ImmutableArray<string> Ancestors(string tag) => Walk(tag, r => r.Parents);

    /// <summary>The priority of a set of resources on a node (the best of theirs), or null unless every one is extended there.</summary>
    public int? PriorityOn(IEnumerable<string> members, string node)
    {
        int? best = null;
        foreach (var tag in members)
        {
            var i = FindInstance(tag, node);
            if (i is null)
            {
                return null;
            }

            best = best is null ? i.Priority : Math.Min(best.Value, i.Priority);
        }

        return best;
    }

    /// <summary>Live nodes that can take all of <paramref name="members"/> (extended there, kits present), best priority first.</summary>
    public IEnumerable<string> Candidates(IReadOnlyCollection<string> members, IReadOnlySet<string> exclude) =>
        Nodes.Values
            .Where(n => n.Alive && !exclude.Contains(n.Name))
            .Where(n => members.All(t => Resources.TryGetValue(t, out var r) && n.Types.ContainsKey(r.Type)))
            .Select(n => (n.Name, Priority: PriorityOn(members, n.Name)))
            .Where(x => x.Priority is not null)
            .OrderBy(x => x.Priority)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name);

    /// <summary>Nodes on which any of <paramref name="members"/> is active.</summary>
    public SortedSet<string> ActiveNodes(IEnumerable<string> members)
    {
        var nodes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var tag in members)
        {
            if (Resources.TryGetValue(tag, out var r))
            {
                foreach (var i in r.Instances.Values)
                {
                    if (i.State.IsActive())
                    {
                        nodes.Add(i.Node);
                    }
                }
            }
        }

        return nodes;
    }

    private ImmutableArray<string> Walk(string tag, Func<ResourceInfo, IEnumerable<string>> next)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(tag);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (!seen.Add(t) || !Resources.TryGetValue(t, out var r))
            {
                continue;
            }

            foreach (var n in next(r))
            {
                stack.Push(n);
            }
        }

        return [.. seen];
    }
}
