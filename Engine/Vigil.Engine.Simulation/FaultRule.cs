using Vigil.Engine.Model;

namespace Vigil.Engine.Simulation;

/// <summary>
/// Makes matching kit actions fail (null fields match anything), a given number of times (0 = always). For checks:
/// a <see cref="KitAction.QuickCheck"/> rule kills the resource's process where it runs and the check reports it
/// failed; a <see cref="KitAction.DeepCheck"/> rule makes the check report it degraded (ISU) while it matches.
/// With <paramref name="KeepsRunning"/> a quickCheck rule fails the check but leaves the process running (a hung
/// or unreachable service, a mirror whose export does not answer while its driver is still primary).
/// </summary>
public sealed record FaultRule(string? Tag, string? Node, KitAction? Action, string Reason, int Times = 0, bool KeepsRunning = false)
{
    internal int Used { get; set; }

    internal bool Matches(string tag, string node, KitAction action) =>
        (Tag is null || Tag == tag) && (Node is null || Node == node) && (Action is null || Action == action)
        && (Times == 0 || Used < Times);
}
