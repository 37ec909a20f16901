using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;
using static Vigil.Engine.Commands.ConfigurationCommands;
using static Vigil.Engine.Commands.KitInputs;
using static Vigil.Engine.Commands.OperatorCommands;
using static Vigil.Engine.Events.OperationEvents;

namespace Vigil.Engine.Audit;

/// <summary>
/// Decides which events of a history concern a resource. Fed events in journal order, because kit results name
/// only an action id and operation events only an operation id: the filter remembers what those ids referred to.
/// </summary>
public sealed class ResourceFilter(string tag)
{
    private readonly Dictionary<long, string> _actionTags = [];
    private readonly HashSet<long> _operations = [];

    public bool Concerns(IVigilEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case InstanceEvents.ActionRequested a:
                _actionTags[a.ActionId] = a.Tag;
                return a.Tag == tag;
            case OperationStarted s:
                if (s.Members.Contains(tag))
                {
                    _operations.Add(s.OperationId);
                    return true;
                }

                return false;
            case OperationCascaded c:
                return _operations.Contains(c.OperationId);
            case OperationCompleted c:
                return _operations.Contains(c.OperationId);
            case OperationFailed f:
                return _operations.Contains(f.OperationId);
            case ReportActionResult r:
                return _actionTags.TryGetValue(r.ActionId, out var t) && t == tag;
            case IResourceScoped r:
                return r.Tag == tag;
            case ReportCheckResult x:
                return x.Tag == tag;
            case MaintenanceCommands.SetResourceMaintenance x:
                return x.Tag == tag;
            case MaintenanceCommands.CleanupResource x:
                return x.Tag == tag;
            case CreateResource x:
                return x.Tag == tag;
            case ExtendResource x:
                return x.Tag == tag;
            case UnextendResource x:
                return x.Tag == tag;
            case DeleteResource x:
                return x.Tag == tag;
            case AddDependency x:
                return x.Parent == tag || x.Child == tag;
            case RemoveDependency x:
                return x.Parent == tag || x.Child == tag;
            case SetSwitchback x:
                return x.Tag == tag;
            case RestoreResource x:
                return x.Tag == tag;
            case RemoveResource x:
                return x.Tag == tag;
            case Switchover x:
                return x.Tag == tag;
            case MembershipInputs.ReportReleaseFailed x:
                return x.Tag == tag;
            case MembershipInputs.ReportReleased x:
                return x.Tag == tag;
            default:
                return false;
        }
    }
}
