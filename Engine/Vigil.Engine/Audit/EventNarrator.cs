using System.Globalization;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;
using static Vigil.Engine.Commands.ConfigurationCommands;
using static Vigil.Engine.Commands.KitInputs;
using static Vigil.Engine.Commands.MaintenanceCommands;
using static Vigil.Engine.Commands.MembershipInputs;
using static Vigil.Engine.Commands.OperatorCommands;
using static Vigil.Engine.Events.InstanceEvents;
using static Vigil.Engine.Events.NodeEvents;
using static Vigil.Engine.Events.OperationEvents;
using static Vigil.Engine.Events.ResourceEvents;

namespace Vigil.Engine.Audit;

/// <summary>One line of plain language per event, for timelines (CLI history, web console), and the resources each event concerns.</summary>
public static class EventNarrator
{
    public static string Describe(IVigilEvent e) => e switch
    {
        AddNode x => $"add node {x.Node}",
        RegisterResourceTypes x => $"{x.Node} reports kits for {string.Join(", ", x.Types.Select(t => t.Name))}",
        CreateResource x => $"create {x.Tag} ({x.Type}) on {x.Node}",
        ExtendResource x => $"extend {x.Tag} to {x.Node} at priority {x.Priority}",
        UnextendResource x => $"unextend {x.Tag} from {x.Node}",
        DeleteResource x => $"delete {x.Tag}",
        AddDependency x => $"make {x.Parent} depend on {x.Child}",
        RemoveDependency x => $"remove dependency {x.Parent} -> {x.Child}",
        SetSwitchback x => $"set switchback of {x.Tag}'s hierarchy to {x.Mode.ToString().ToLowerInvariant()}",
        RestoreResource x => $"restore {x.Tag} on {x.Node}",
        RemoveResource x => $"remove {x.Tag}",
        Switchover x => $"switch {x.Tag} over to {x.Node}",
        DeclareNodeDead x => $"membership: {x.Node} is dead ({x.Reason})",
        ReportNodeRejoined x => $"membership: {x.Node} rejoined",
        ReportPathState x => $"{x.Observer}: path {x.Path} to {x.Peer} {(x.Alive ? "ALIVE" : $"DEAD after {x.SilenceMilliseconds} ms of silence")}",
        ReportFencing x => $"{x.Fencer}: fencing {x.Target} ({x.Action}, agent {x.Agent}) {(x.Succeeded ? "succeeded" : "FAILED")} in {x.DurationMilliseconds} ms: {x.Detail}",
        ReportQuorumLossAction x => $"{x.Node}: lost quorum, {x.Action} of [{string.Join(", ", x.Instances)}] {(x.Succeeded ? "done" : "INCOMPLETE")} in {x.DurationMilliseconds} ms: {x.Outcome}",
        ReportReleaseFailed x => $"{x.Node}: could not release {x.Tag} after quorum loss (it may still run there): {x.Reason}",
        ReportReleased x => $"{x.Node}: released {x.Tag} (stopped there after it was declared dead)",
        ReportActionResult x => $"action #{x.ActionId} {x.Outcome.ToString().ToLowerInvariant()}{(string.IsNullOrEmpty(x.ExitReason) ? string.Empty : ": " + x.ExitReason)}",
        ReportCheckResult x => $"{x.Node}: {x.Check.Lower()} of {x.Tag} {x.Verdict.ToString().ToLowerInvariant()}{(string.IsNullOrEmpty(x.Reason) ? string.Empty : ": " + x.Reason)}",
        SetResourceMaintenance x => x.On ? $"put {x.Tag}'s hierarchy in maintenance (unmanaged)" : $"take {x.Tag}'s hierarchy out of maintenance",
        SetNodeMaintenance x => x.On ? $"put node {x.Node} in maintenance" : $"take node {x.Node} out of maintenance",
        CleanupResource x => $"clean up {x.Tag}'s hierarchy (failure counts, OSF)",
        NodeAdded x => $"node {x.Node} added",
        ResourceTypesRegistered x => $"{x.Node} provides {string.Join(", ", x.Types.Select(t => t.Name))}",
        NodeDeclaredDead x => $"node {x.Node} declared dead: {x.Reason}",
        NodeRejoined x => $"node {x.Node} rejoined",
        ResourceCreated x => $"{x.Tag} created ({x.Type}) on {x.Node}, switchback {x.Switchback.ToString().ToLowerInvariant()}",
        ResourceExtended x => $"{x.Tag} extended to {x.Node} at priority {x.Priority}",
        ResourceUnextended x => $"{x.Tag} unextended from {x.Node}",
        ResourceDeleted x => $"{x.Tag} deleted",
        DependencyAdded x => $"{x.Tag} depends on {x.Child}",
        DependencyRemoved x => $"{x.Tag} no longer depends on {x.Child}",
        SwitchbackSet x => $"{x.Tag} switchback {x.Mode.ToString().ToLowerInvariant()}",
        InstanceTransitioned x => $"{x.Tag} on {x.Node}: {x.From.Label()} -> {x.To.Label()} ({x.Reason})",
        FailureCounted x => $"{x.Tag} on {x.Node}: failure {x.Count} counted"
                            + (x.ExpiresAt is { } until ? $" (they expire at {Time(until)})" : string.Empty) + $": {x.Reason}",
        FailuresCleared x => $"{x.Tag} on {x.Node}: failure count cleared",
        InstanceReleased x => $"{x.Tag} on {x.Node}: released, no longer possibly running there ({x.Reason})",
        MaintenanceSet x => x.On ? $"{x.Tag} in maintenance (unmanaged)" : $"{x.Tag} managed again",
        NodeMaintenanceSet x => x.On ? $"node {x.Node} in maintenance" : $"node {x.Node} out of maintenance",
        ActionRequested x => $"run {x.Action.ToString().ToLowerInvariant()} of {x.Tag} on {x.Node} (action #{x.ActionId}, operation #{x.OperationId})",
        OperationStarted x => $"{x.Kind.ToString().ToLowerInvariant()} #{x.OperationId} of [{string.Join(", ", x.Members)}]"
                              + (x.From is null ? string.Empty : $" from {x.From}") + (x.Target is null ? string.Empty : $" to {x.Target}")
                              + (x.Fallbacks.IsDefaultOrEmpty ? string.Empty : $" (then {string.Join(", ", x.Fallbacks)})") + $": {x.Cause}",
        OperationCascaded x => $"operation #{x.OperationId} cascades from {x.FailedNode} to {x.Target ?? "nowhere"}: {x.Reason}",
        OperationCompleted x => $"operation #{x.OperationId} completed on {x.Node}",
        OperationFailed x => $"operation #{x.OperationId} failed: {string.Join("; ", x.Reasons)}",
        MirrorInputs.ReportMirrorState x => $"{x.Observer}: mirror {x.Mirror}{(x.Peer is null ? string.Empty : " link to " + x.Peer)} {x.State}{(x.Percent is { } p ? $" {p} %" : string.Empty)} ({x.Cause})",
        MirrorInputs.MarkMirrorCopyOutdated x => $"{x.By}: mark {x.Node}'s copy of {x.Mirror} outdated ({x.Reason})",
        MirrorInputs.ClearMirrorCopyOutdated x => $"{x.By}: {x.Node}'s copy of {x.Mirror} is current again ({x.Reason})",
        MirrorEvents.MirrorCopyOutdated x => $"{x.Node}'s copy of {x.Mirror} outdated: it is never promoted until it resyncs ({x.Reason})",
        MirrorEvents.MirrorCopyCurrent x => $"{x.Node}'s copy of {x.Mirror} current again ({x.Reason})",
        ClusterConfigurationCommands.AddCommPath x => $"add {x.Type} comm path {x.NodeA} ({x.AddressA}) <-> {x.NodeB} ({x.AddressB})",
        ClusterConfigurationCommands.DeleteCommPath x => $"delete {x.Type} comm path {x.NodeA} <-> {x.NodeB}",
        ClusterConfigurationCommands.SeedConfiguration x => $"seed configuration version {x.ConfigVersion} with {x.Paths.Length} comm paths",
        ClusterConfigurationCommands.ReportCommPathsApplied x => $"{x.Node}: comm paths match configuration version {x.ConfigVersion}"
            + (x.Started.IsDefaultOrEmpty ? string.Empty : $", started {string.Join(", ", x.Started)}")
            + (x.Stopped.IsDefaultOrEmpty ? string.Empty : $", stopped {string.Join(", ", x.Stopped)}"),
        ConfigurationEvents.ConfigurationSeeded x => $"configuration version {x.ConfigVersion}: {x.Paths.Length} comm paths from the configuration files",
        ConfigurationEvents.CommPathAdded x => $"configuration version {x.ConfigVersion}: comm path {x.Path} added",
        ConfigurationEvents.CommPathDeleted x => $"configuration version {x.ConfigVersion}: comm path {x.Path} deleted",
        ClusterConfigurationCommands.JoinNode x => $"join node {x.Node.Name} (id {x.Node.Id}, raft {x.Node.Raft}{(x.Node.Witness ? ", witness" : string.Empty)}) to {x.Members.Length} nodes",
        ConfigurationEvents.NodeJoined x => $"configuration version {x.ConfigVersion}: node {x.Node.Name} joined with {x.Paths.Length} comm paths",
        ClusterEvents.AnomalyRecorded x => $"ANOMALY in {x.Subject}: {x.Description}",
        _ => e.GetType().Name,
    };

    public static string Kind(EventKind kind) => kind == EventKind.Input ? "input" : "decision";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
