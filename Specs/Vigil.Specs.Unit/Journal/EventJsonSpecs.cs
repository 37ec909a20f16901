using System.Collections.Immutable;
using System.Text;
using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;
using Vigil.Journal;
using Vigil.Specs.Unit.Support;
using Vigil.Specs.Support;

namespace Vigil.Specs.Unit.Journal;

/// <summary>The stored JSON of every event type is frozen by a snapshot: changing it breaks existing journals.</summary>
public sealed class EventJsonSpecs
{
    internal static readonly IVigilEvent[] Samples =
    [
        new ConfigurationCommands.AddNode("node1"),
        new ConfigurationCommands.RegisterResourceTypes("node1", [SimulatedKits.TypeFor("fs")]),
        new ConfigurationCommands.CreateResource("web-ip", "ip", "node1", Clusters.Params(("address", "10.0.0.10/24")), SwitchbackMode.Automatic),
        new ConfigurationCommands.ExtendResource("web-ip", "node2", 2),
        new ConfigurationCommands.UnextendResource("web-ip", "node2"),
        new ConfigurationCommands.DeleteResource("web-ip"),
        new ConfigurationCommands.AddDependency("web-app", "web-ip"),
        new ConfigurationCommands.RemoveDependency("web-app", "web-ip"),
        new ConfigurationCommands.SetSwitchback("web-app", SwitchbackMode.Intelligent),
        new OperatorCommands.RestoreResource("web-app", "node1"),
        new OperatorCommands.RemoveResource("web-app"),
        new OperatorCommands.Switchover("web-app", "node2"),
        new MembershipInputs.DeclareNodeDead("node1", "all 2 comm paths dead"),
        new MembershipInputs.ReportNodeRejoined("node1"),
        new MembershipInputs.ReportPathState("node2", "node1", "udp", false, 512),
        new MembershipInputs.ReportFencing("node2", "node1", "/etc/vigil/fence-ipmi", "off", true, 412, "exit 0: node1 off"),
        new MembershipInputs.ReportQuorumLossAction("node1", "osu", ["web", "db"], true, 730, "removed 2 of 2"),
        new MembershipInputs.ReportReleaseFailed("node1", "web-app", "failed: fusermount3: /srv/web: target is busy"),
        new MembershipInputs.ReportReleased("node1", "web-app"),
        new MirrorInputs.ReportMirrorState("node1", "data", "node2", "resyncing", 40, "link to node2 reconnected: 320 dirty chunks"),
        new MirrorInputs.MarkMirrorCopyOutdated("data", "node2", "node1", "link to node2 lost while writes were suspended"),
        new MirrorInputs.ClearMirrorCopyOutdated("data", "node2", "node1", "node2 resynced and mirroring"),
        new KitInputs.ReportActionResult(7, ActionOutcome.TimedOut, "restore exceeded 30 s"),
        new KitInputs.ReportCheckResult("web-app", "node1", KitAction.QuickCheck, CheckVerdict.Failed, "pid file present but process 4242 is gone"),
        new MaintenanceCommands.SetResourceMaintenance("web-app", true),
        new MaintenanceCommands.SetNodeMaintenance("node2", true),
        new MaintenanceCommands.CleanupResource("web-app"),
        new MirrorEvents.MirrorCopyOutdated("data", "node2", "node1", "link to node2 lost while writes were suspended"),
        new MirrorEvents.MirrorCopyCurrent("data", "node2", "node1", "node2 resynced and mirroring"),
        new NodeEvents.NodeAdded("node1"),
        new NodeEvents.ResourceTypesRegistered("node1", [SimulatedKits.TypeFor("ip")]),
        new NodeEvents.NodeDeclaredDead("node1", "all 2 comm paths dead"),
        new NodeEvents.NodeRejoined("node1"),
        new NodeEvents.NodeMaintenanceSet("node2", true),
        new ResourceEvents.ResourceCreated("web-ip", "ip", "node1", Clusters.Params(("address", "10.0.0.10/24")), SwitchbackMode.Intelligent),
        new ResourceEvents.ResourceExtended("web-ip", "node2", 2),
        new ResourceEvents.ResourceUnextended("web-ip", "node2"),
        new ResourceEvents.ResourceDeleted("web-ip"),
        new ResourceEvents.DependencyAdded("web-app", "web-ip"),
        new ResourceEvents.DependencyRemoved("web-app", "web-ip"),
        new ResourceEvents.SwitchbackSet("web-app", SwitchbackMode.Automatic),
        new ResourceEvents.MaintenanceSet("web-ip", true),
        new InstanceEvents.InstanceTransitioned("web-ip", "node2", InstanceTrigger.RestoreFailed, InstanceState.Restoring, InstanceState.Osf, "address in use"),
        new InstanceEvents.ActionRequested(3, "web-ip", "node2", KitAction.Restore, 2),
        new InstanceEvents.FailureCounted("web-app", "node1", 2, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero), "quickCheck of web-app on node1 failed: process gone"),
        new InstanceEvents.FailureCounted("web-app", "node2", 1, new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero), null, "restore of web-app on node2 failed: exit 1"),
        new InstanceEvents.FailuresCleared("web-app", "node1"),
        new InstanceEvents.InstanceReleased("web-app", "node1", "node1 removed it after it was declared dead"),
        new OperationEvents.OperationStarted(2, OperationKind.Failover, ["web-app", "web-ip"], "node1", "node2", ["node3"], "node node1 declared dead"),
        new OperationEvents.OperationCascaded(2, "node2", "node3", "restore failed"),
        new OperationEvents.OperationCompleted(2, "node3"),
        new OperationEvents.OperationFailed(2, ["restore of web-ip on node2 failed", "no node left"]),
        new ClusterEvents.AnomalyRecorded("resource-web-ip", "RestoreSucceeded is impossible from OSU"),
        new ClusterConfigurationCommands.AddCommPath("node1", "node2", "tcp", "10.77.2.1:7101", "10.77.2.2:7102"),
        new ClusterConfigurationCommands.DeleteCommPath("node1", "node2", "tcp"),
        new ClusterConfigurationCommands.SeedConfiguration(1, [new CommPathSpec("udp", "node1", "10.77.1.1:7001", "node2", "10.77.1.2:7002")]),
        new ClusterConfigurationCommands.ReportCommPathsApplied("node2", 2, ["tcp to node1"], []),
        new ConfigurationEvents.ConfigurationSeeded(1, [new CommPathSpec("disk", "node1", "/lab/disk-node1", "node2", "/lab/disk-node2")]),
        new ConfigurationEvents.CommPathAdded(new CommPathSpec("tcp", "node1", "10.77.2.1:7101", "node2", "10.77.2.2:7102"), 2),
        new ConfigurationEvents.CommPathDeleted(new CommPathSpec("tcp", "node1", "10.77.2.1:7101", "node2", "10.77.2.2:7102"), 3),
        new ClusterConfigurationCommands.JoinNode(
            new NodeSpec("node4", 3, "10.77.1.4:7400", "10.77.1.4:7401", "10.77.1.4:7500", "10.77.1.4:7001", null, null),
            [new NodeSpec("node1", 0, "10.77.1.1:7400", "10.77.1.1:7401", "10.77.1.1:7500", "10.77.1.1:7001", null, null, Witness: false)]),
        new ConfigurationEvents.NodeJoined(
            new NodeSpec("node4", 3, "10.77.1.4:7400", "10.77.1.4:7401", null, "10.77.1.4:7001", null, null, Witness: true),
            [new NodeSpec("node1", 0, "10.77.1.1:7400", "10.77.1.1:7401", "10.77.1.1:7500", "10.77.1.1:7001", null, null)],
            [new CommPathSpec("udp", "node1", "10.77.1.1:7001", "node4", "10.77.1.4:7001")],
            4),
    ];

    [Fact]
    public void Samples_CoverEveryRegisteredEventType()
    {
        var covered = Samples.Select(s => s.GetType()).ToHashSet();
        var missing = EngineEvents.Registry.Types.Where(t => !covered.Contains(t)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "No JSON snapshot sample for: " + string.Join(", ", missing));
    }

    [Fact]
    public void StoredJson_OfEveryEventType_MatchesSnapshot()
    {
        var text = new StringBuilder();
        foreach (var s in Samples)
        {
            text.Append(EngineEvents.Registry.NameOf(s.GetType())).Append(' ').AppendLine(EngineEvents.Serializer.SerializeDataToString(s));
        }

        Snap.Match(text.ToString());
    }

    [Fact]
    public void StoredJson_RoundTrips_ToAnEqualCanonicalForm()
    {
        foreach (var s in Samples)
        {
            var name = EngineEvents.Registry.NameOf(s.GetType());
            var json = EngineEvents.Serializer.SerializeDataToString(s);
            var back = EngineEvents.Serializer.DeserializeData(name, json);
            Assert.Equal(json, EngineEvents.Serializer.SerializeDataToString(back));
        }
    }

    [Fact]
    public void DeserializeData_UnknownTypeName_ThrowsNamingIt()
    {
        var ex = Assert.Throws<UnknownEventTypeException>(() => EngineEvents.Serializer.DeserializeData("resource.teleported.v9", "{}"));
        Assert.Contains("resource.teleported.v9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_TypeNames_AreVersioned()
    {
        foreach (var t in EngineEvents.Registry.Types)
        {
            Assert.Matches(@"^[a-z]+\.[a-z-]+\.v[0-9]+$", EngineEvents.Registry.NameOf(t));
        }
    }

    [Fact]
    public void ImmutableArrays_InPayloads_SurviveTheRoundTrip()
    {
        var started = new OperationEvents.OperationStarted(1, OperationKind.Switchover, ["a", "b"], "n1", "n2", ImmutableArray<string>.Empty, "x");
        var json = EngineEvents.Serializer.SerializeDataToString(started);
        var back = (OperationEvents.OperationStarted)EngineEvents.Serializer.DeserializeData("operation.started.v1", json);
        Assert.Equal(new[] { "a", "b" }, back.Members.ToArray());
    }
}
