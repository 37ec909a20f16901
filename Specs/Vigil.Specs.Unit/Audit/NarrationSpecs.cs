using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Journal;

namespace Vigil.Specs.Unit.Audit;

/// <summary>`vigil history` and `vigil why` speak plainly about every event, the new ones included.</summary>
public sealed class NarrationSpecs
{
    [Fact]
    public void Describe_EveryEventType_HasItsOwnSentence()
    {
        var unnarrated = EventJsonSpecs.Samples.Where(e => EventNarrator.Describe(e) == e.GetType().Name).Select(e => e.GetType().Name).ToList();

        Assert.True(unnarrated.Count == 0, "No sentence for: " + string.Join(", ", unnarrated));
    }

    [Fact]
    public void Describe_CheckFailureAndFailureCount_NameNodeCheckAndReason()
    {
        var check = EventNarrator.Describe(new KitInputs.ReportCheckResult("web-app", "node1", KitAction.QuickCheck, CheckVerdict.Failed, "pid 4242 gone"));
        var counted = EventNarrator.Describe(new InstanceEvents.FailureCounted("web-app", "node1", 2,
            new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero), "quickCheck failed"));

        Assert.Equal("node1: quickCheck of web-app failed: pid 4242 gone", check);
        Assert.Equal("web-app on node1: failure 2 counted (they expire at 2026-03-01 13:00:00.000): quickCheck failed", counted);
    }

    [Fact]
    public void ResourceFilter_CheckResultsMaintenanceAndCleanup_ConcernTheirResourceOnly()
    {
        var filter = new ResourceFilter("web-app");

        Assert.True(filter.Concerns(new KitInputs.ReportCheckResult("web-app", "node1", KitAction.QuickCheck, CheckVerdict.Failed, "x")));
        Assert.True(filter.Concerns(new MaintenanceCommands.SetResourceMaintenance("web-app", true)));
        Assert.True(filter.Concerns(new MaintenanceCommands.CleanupResource("web-app")));
        Assert.True(filter.Concerns(new InstanceEvents.FailuresCleared("web-app", "node2")));
        Assert.True(filter.Concerns(new ResourceEvents.MaintenanceSet("web-app", false)));
        Assert.False(filter.Concerns(new KitInputs.ReportCheckResult("web-ip", "node1", KitAction.QuickCheck, CheckVerdict.Failed, "x")));
        Assert.False(filter.Concerns(new MaintenanceCommands.SetNodeMaintenance("node1", true)));
    }
}
