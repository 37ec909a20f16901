using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Inputs from the kit hosts.</summary>
public static class KitInputs
{
    /// <summary>The result of the action the engine requested as <paramref name="ActionId"/>.</summary>
    [EventType("input.action-result.v1")]
    public sealed record ReportActionResult(long ActionId, ActionOutcome Outcome, string ExitReason) : IEngineInput;
}
