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

    /// <summary>
    /// Live nodes that can take all of <paramref name="members"/> (extended there, kits present), best priority first;
    /// never a node in maintenance, nor one where a member failed its threshold's worth of times (until they expire).
    /// </summary>
    public IEnumerable<string> Candidates(IReadOnlyCollection<string> members, IReadOnlySet<string> exclude) =>
        Nodes.Values
            .Where(n => n.Alive && !n.Maintenance && !exclude.Contains(n.Name) && !TooManyFailures(members, n.Name))
            .Where(n => members.All(t => Resources.TryGetValue(t, out var r) && n.Types.ContainsKey(r.Type)))
            .Select(n => (n.Name, Priority: PriorityOn(members, n.Name)))
            .Where(x => x.Priority is not null)
            .OrderBy(x => x.Priority)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name);

    /// <summary>The first member whose instance on <paramref name="node"/> has failed its threshold's worth of times, or null.</summary>
    public string? FailedTooOften(IEnumerable<string> members, string node)
    {
        foreach (var tag in members)
        {
            if (Resources.TryGetValue(tag, out var r) && r.Instances.TryGetValue(node, out var i)
                && i.FailureCount > 0 && i.ActiveFailures(Now) >= r.FailureThreshold)
            {
                return tag;
            }
        }

        return null;
    }

    /// <summary>The member in maintenance, or null: one unmanaged member makes the whole hierarchy unmanaged.</summary>
    public string? InMaintenance(IEnumerable<string> members) =>
        members.FirstOrDefault(t => Resources.TryGetValue(t, out var r) && r.Maintenance);

    /// <summary>Whether the engine must leave (Tag on Node) alone: its hierarchy or its node is in maintenance.</summary>
    public bool IsUnmanaged(string tag, string node) =>
        (Nodes.TryGetValue(node, out var n) && n.Maintenance)
        || (Resources.Values.Any(r => r.Maintenance) && InMaintenance(Hierarchy(tag)) is not null); // walk only when anything is unmanaged

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

    private bool TooManyFailures(IReadOnlyCollection<string> members, string node) => FailedTooOften(members, node) is not null;

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
