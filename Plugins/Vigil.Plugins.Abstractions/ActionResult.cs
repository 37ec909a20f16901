namespace Vigil.Plugins.Abstractions;

/// <summary>
/// The result of one kit action. Every result that is not a success carries a non-empty,
/// human-readable <see cref="ExitReason"/>: operators read it in <c>vigil why</c>.
/// </summary>
public sealed record ActionResult
{
    /// <summary>How the action ended.</summary>
    public required ActionOutcome Outcome { get; init; }

    /// <summary>Why it ended this way; never empty unless the action succeeded.</summary>
    public required string ExitReason { get; init; }

    /// <summary>For checks: what the check found; <see langword="null"/> for other actions.</summary>
    public CheckState? Check { get; init; }

    /// <summary>
    /// The failure is a configuration error (bad parameters, software not installed): failing over
    /// will not help, so the engine must not loop through the backups.
    /// </summary>
    public bool ConfigurationError { get; init; }

    /// <summary>Whether the action succeeded (for checks: healthy or degraded).</summary>
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;

    /// <summary>A success.</summary>
    /// <param name="reason">An optional note.</param>
    /// <returns>The result.</returns>
    public static ActionResult Success(string reason = "") => new() { Outcome = ActionOutcome.Succeeded, ExitReason = reason ?? "" };

    /// <summary>A failure.</summary>
    /// <param name="exitReason">Why it failed (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult Failure(string exitReason) => Make(ActionOutcome.Failed, exitReason);

    /// <summary>A configuration failure: failing over would not help.</summary>
    /// <param name="exitReason">What is wrong with the configuration (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult ConfigurationFailure(string exitReason) => Make(ActionOutcome.Failed, exitReason) with { ConfigurationError = true };

    /// <summary>A check that found the resource healthy.</summary>
    /// <param name="reason">An optional note.</param>
    /// <returns>The result.</returns>
    public static ActionResult Healthy(string reason = "") => Success(reason) with { Check = CheckState.Healthy };

    /// <summary>A check that found the resource in service but unprotected (ISU).</summary>
    /// <param name="reason">What is degraded (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult Degraded(string reason) => Make(ActionOutcome.Succeeded, reason) with { Check = CheckState.Degraded };

    /// <summary>A check that found the resource cleanly stopped.</summary>
    /// <param name="reason">What was found (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult NotRunning(string reason) => Make(ActionOutcome.Failed, reason) with { Check = CheckState.NotRunning };

    /// <summary>A check that found the resource failing.</summary>
    /// <param name="reason">What is wrong (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult Unhealthy(string reason) => Make(ActionOutcome.Failed, reason) with { Check = CheckState.Unhealthy };

    /// <summary>An action that ran past its timeout.</summary>
    /// <param name="exitReason">What timed out (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult TimedOut(string exitReason) => Make(ActionOutcome.TimedOut, exitReason);

    /// <summary>An action cancelled by its caller.</summary>
    /// <param name="exitReason">What was cancelled (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult Cancelled(string exitReason) => Make(ActionOutcome.Cancelled, exitReason);

    /// <summary>A kit that could not run the action (load failure, exception, crashed host).</summary>
    /// <param name="exitReason">What went wrong (required).</param>
    /// <returns>The result.</returns>
    public static ActionResult KitFailure(string exitReason) => Make(ActionOutcome.KitFailed, exitReason);

    private static ActionResult Make(ActionOutcome outcome, string exitReason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exitReason);
        return new ActionResult { Outcome = outcome, ExitReason = exitReason };
    }
}
