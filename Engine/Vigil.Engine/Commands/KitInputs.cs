using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Inputs from the kit hosts.</summary>
public static class KitInputs
{
    /// <summary>The result of the action the engine requested as <paramref name="ActionId"/>.</summary>
    [EventType("input.action-result.v1")]
    public sealed record ReportActionResult(long ActionId, ActionOutcome Outcome, string ExitReason) : IEngineInput;

    /// <summary>
    /// A periodic <paramref name="Check"/> (quickCheck or deepCheck) on <paramref name="Node"/> found <paramref name="Tag"/>
    /// <paramref name="Verdict"/>. Reported when the verdict differs from the instance's state (a failure while ISP, a
    /// degradation while ISP, health while ISU), so a healthy cluster journals nothing.
    /// </summary>
    [EventType("input.check-result.v1")]
    public sealed record ReportCheckResult(string Tag, string Node, KitAction Check, CheckVerdict Verdict, string Reason) : IEngineInput;
}
