namespace Vigil.ReplicationDriver.Hosting;

/// <summary>Command-line options of <c>vigil-repd run</c>.</summary>
internal sealed record RepdOptions(string Node, string DataDir, string ControlSocket, string Listen, string SecretFile, TimeSpan ActivityLogCooling)
{
    /// <summary>The NBD export's TCP address and TLS (<c>--nbd-*</c>, see <see cref="NbdExportArgs"/>).</summary>
    public Nbd.NbdExportOptions Nbd { get; init; } = Vigil.ReplicationDriver.Nbd.NbdExportOptions.Loopback;

    public static RepdOptions Parse(IReadOnlyList<string> args)
    {
        string? Get(string name)
        {
            for (var i = 0; i < args.Count - 1; i++)
            {
                if (args[i] == name)
                {
                    return args[i + 1];
                }
            }

            return null;
        }

        string Need(string name) => Get(name) ?? throw new ArgumentException($"missing {name}");
        var data = Need("--data");
        return new RepdOptions(
            Need("--node"),
            data,
            Get("--control") ?? Path.Combine(data, "control.sock"),
            Need("--listen"),
            Need("--secret-file"),
            Get("--al-cool-ms") is { } ms
                ? TimeSpan.FromMilliseconds(int.Parse(ms, System.Globalization.CultureInfo.InvariantCulture))
                : Mirrors.RepdContext.DefaultCooling)
        {
            Nbd = NbdExportArgs.Parse(args),
        };
    }
}
