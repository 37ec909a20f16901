using System.Globalization;
using System.Text;
using Vigil.Engine.Model;

namespace Vigil.Engine.State;

public sealed partial class ClusterState
{
    /// <summary>
    /// A canonical, complete text form of the state: two states are the same exactly when their descriptions are.
    /// Replay specs compare a live engine with its replay through it.
    /// </summary>
    public string Describe()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"ids action={LastActionId} operation={LastOperationId}\n");
        foreach (var n in Nodes.Values)
        {
            s.Append(CultureInfo.InvariantCulture, $"node {n.Name} alive={n.Alive} maintenance={n.Maintenance} types={string.Join(',', n.Types.Keys)}\n");
        }

        foreach (var r in Resources.Values)
        {
            s.Append(CultureInfo.InvariantCulture, $"resource {r.Tag} type={r.Type} switchback={r.Switchback} maintenance={r.Maintenance} op={r.OperationId} children={string.Join(',', r.Children)} parents={string.Join(',', r.Parents)}");
            s.Append(CultureInfo.InvariantCulture, $" params={string.Join(',', r.Parameters.Select(p => p.Key + "=" + p.Value))}\n");
            foreach (var i in r.Instances.Values)
            {
                s.Append(CultureInfo.InvariantCulture, $"  on {i.Node} priority={i.Priority} state={i.State.Label()} failures={i.FailureCount}@{i.LastFailureAt:O}/{i.FailuresExpireAt:O}{(i.ReleasePending ? " release-pending" : string.Empty)} reason={i.Reason}\n");
            }
        }

        foreach (var o in Operations.Values)
        {
            s.Append(CultureInfo.InvariantCulture, $"operation {o.Id} {o.Kind} cleanup={o.CleanupNode} target={o.Target} tried={string.Join(',', o.Tried)} members={string.Join(',', o.Members)}\n");
        }

        foreach (var a in PendingActions.Values)
        {
            s.Append(CultureInfo.InvariantCulture, $"pending {a.ActionId} {a.Action} {a.Tag}@{a.Node} op={a.OperationId}\n");
        }

        foreach (var a in Anomalies)
        {
            s.Append(CultureInfo.InvariantCulture, $"anomaly {a.Subject}: {a.Description}\n");
        }

        return s.ToString();
    }
}
