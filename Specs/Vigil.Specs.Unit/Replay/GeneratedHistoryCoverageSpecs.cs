using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Unit.Replay;

/// <summary>The generated histories must exercise what replay is meant to prove, or the replay property proves little.</summary>
public sealed class GeneratedHistoryCoverageSpecs
{
    [Fact]
    public async Task GeneratedHistories_AcrossTheSeeds_ContainFailoversCascadesSwitchoversFailuresRecoveriesAndMaintenance()
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in ReplaySpecs.SeedValues)
        {
            var (sim, store) = await GeneratedHistories.RunAsync(seed);
            await using var _ = sim;
            foreach (var e in store.Events.Select(e => e.Envelope.Data))
            {
                switch (e)
                {
                    case OperationEvents.OperationStarted s:
                        kinds.Add(s.Kind.ToString());
                        break;
                    case OperationEvents.OperationCascaded:
                        kinds.Add("Cascaded");
                        break;
                    case OperationEvents.OperationFailed:
                        kinds.Add("Failed");
                        break;
                    case NodeEvents.NodeRejoined:
                        kinds.Add("Rejoined");
                        break;
                    case InstanceEvents.FailureCounted:
                        kinds.Add("FailureCounted");
                        break;
                    case InstanceEvents.InstanceTransitioned { Trigger: InstanceTrigger.RecoverSucceeded or InstanceTrigger.RecoverFailed } t:
                        kinds.Add(t.Trigger.ToString());
                        break;
                    case ResourceEvents.MaintenanceSet:
                        kinds.Add("Maintenance");
                        break;
                    default:
                        break;
                }
            }
        }

        Assert.Superset(new HashSet<string> { "Restore", "Failover", "Switchover", "Switchback", "Cascaded", "Failed", "Rejoined", "FailureCounted", "RecoverSucceeded", "RecoverFailed", "Maintenance" }, kinds);
    }
}
