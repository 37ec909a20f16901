namespace Vigil.Specs.Kits.Support;

internal static class Requests
{
    public static KitActionRequest Run(string type, KitAction action, string tag, IReadOnlyDictionary<string, string>? parameters = null, TimeSpan? timeout = null) => new()
    {
        Type = type,
        Action = action,
        Tag = tag,
        Id = tag + "-id",
        Node = "node1",
        Parameters = parameters ?? new Dictionary<string, string>(),
        Timeout = timeout,
    };

    public static CancellationToken Deadline(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
