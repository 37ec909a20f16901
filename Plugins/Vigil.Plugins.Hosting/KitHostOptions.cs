namespace Vigil.Plugins.Hosting;

/// <summary>How <see cref="KitHostClient"/> starts the kit host.</summary>
public sealed class KitHostOptions
{
    /// <summary>The kits directory (one sub-folder per kit).</summary>
    public required string KitsDirectory { get; init; }

    /// <summary>
    /// The kit host: an executable (<c>vigil-kithost</c>) or a <c>.dll</c> run with <c>dotnet</c>.
    /// Defaults to <c>vigil-kithost.dll</c> next to this assembly.
    /// </summary>
    public string HostPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "vigil-kithost.dll");

    /// <summary>A command put in front of the host (for example <c>ip netns exec NS</c> in the lab).</summary>
    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    /// <summary>Extra time past an action's timeout before the client declares the host hung and restarts it.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the host may take to start and answer its first request.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
