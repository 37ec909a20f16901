namespace Vigil.Daemon.Alerts;

/// <summary>
/// One <c>[alert NAME]</c> section: which journal events (<see cref="Events"/>) go where — a script (the event as JSON on
/// its standard input) or a webhook (the event as a JSON POST). <see cref="Secret"/> is sent, never logged or journaled.
/// </summary>
internal sealed record AlertHook(string Name, AlertEventFilter Events, string? Script, Uri? Webhook)
{
    /// <summary>The header that carries <see cref="Secret"/> on every webhook POST (default <c>X-Vigil-Secret</c>).</summary>
    public string SecretHeader { get; init; } = "X-Vigil-Secret";

    public string? Secret { get; init; }

    /// <summary>How long one attempt may take before it counts as failed (a script is killed then).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="RetryMax"/>. Retries never stop.</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Undelivered items kept at most; past it the oldest are dropped (logged), so a dead endpoint cannot fill the disk.</summary>
    public int MaxPending { get; init; } = 10_000;

    public string Target => Script ?? Webhook!.GetLeftPart(UriPartial.Path);

    /// <summary>Never the secret: records print their properties, and a hook may be logged.</summary>
    public override string ToString() => $"alert {Name} -> {Target}";
}
