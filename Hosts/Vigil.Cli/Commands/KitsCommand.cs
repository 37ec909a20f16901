using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Plugins.Hosting;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil kits list [--kits-dir DIR] [--json]</c>: starts a throwaway vigil-kithost on the kits
/// directory and shows each kit's resource types, or why it failed to load. Exit 1 when any kit failed.
/// </summary>
internal static class KitsCommand
{
    /// <summary>Where kits live unless --kits-dir or VIGIL_KITS_DIR says otherwise.</summary>
    public const string DefaultKitsDirectory = "/usr/lib/vigil/kits";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var kitsDir = new Option<string?>("--kits-dir") { Description = $"The kits directory (default: $VIGIL_KITS_DIR or {DefaultKitsDirectory})" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var list = new Command("list", "List installed recovery kits, their resource types and load errors") { kitsDir, json };
        list.SetAction(async (parse, ct) =>
        {
            var directory = parse.GetValue(kitsDir) ?? Environment.GetEnvironmentVariable("VIGIL_KITS_DIR") ?? DefaultKitsDirectory;
            if (!Directory.Exists(directory))
            {
                await error.WriteLineAsync($"vigil: kits directory {directory} does not exist");
                return CliApp.BadInput;
            }

            IReadOnlyList<KitInfo> kits;
            await using (var client = new KitHostClient(new KitHostOptions { KitsDirectory = Path.GetFullPath(directory) }))
            {
                try
                {
                    kits = await client.ListKitsAsync(ct);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
                {
                    await error.WriteLineAsync($"vigil: could not run vigil-kithost: {ex.Message}");
                    return CliApp.BadInput;
                }
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(kits, Json));
            }
            else
            {
                foreach (var kit in kits)
                {
                    var types = kit.Loaded ? string.Join(", ", kit.Types.Select(t => t.Name)) : "-";
                    await output.WriteLineAsync($"{kit.Name,-28} {kit.Version ?? "?",-10} sdk {kit.SdkVersion ?? "?",-9} {types}");
                    if (kit.LoadError is { } loadError)
                    {
                        await output.WriteLineAsync($"  error: {loadError}");
                    }
                }

                await output.WriteLineAsync($"{kits.Count(k => k.Loaded)} of {kits.Count} kits loaded from {directory}");
            }

            return kits.All(k => k.Loaded) ? CliApp.Ok : CliApp.CheckFailed;
        });
        return new Command("kits", "Recovery kits on this node") { list };
    }
}
