using System.CommandLine;
using Vigil.Cli.Api;
using Vigil.Cli.Mirror;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil mirror create</c> and <c>vigil mirror status</c>.</summary>
internal static partial class MirrorCommand
{
    private static Command CreateCommand(TextWriter output, TextWriter error)
    {
        var name = Name();
        var volume = new Option<string?>("--volume") { Description = "This node's backing file or block device (a missing file is created sparse)" };
        var size = new Option<string?>("--size") { Description = "Volume size: bytes or 512M, 10G, 1T (powers of 1024)" };
        var mode = new Option<string>("--mode") { Description = "sync (protocol C) or async", DefaultValueFactory = _ => "sync" };
        var primary = new Option<string?>("--primary") { Description = "The node whose data is the initial truth" };
        var nodes = new Option<string[]>("--node") { Description = "NAME=HOST:PORT of every node holding a copy, the primary included (repeat)", AllowMultipleArgumentsPerToken = false };
        var exportSocket = new Option<string?>("--export-socket") { Description = "Unix socket of the primary's NBD export" };
        var exportPort = new Option<int>("--export-port") { Description = "Loopback TCP port of the NBD export (0 = none)" };
        var chunk = new Option<string>("--chunk-size") { Description = "Bitmap granularity (power of two)", DefaultValueFactory = _ => "64K" };
        var rate = new Option<string>("--resync-rate") { Description = "Resync throttle in bytes per second (0 = unlimited)", DefaultValueFactory = _ => "0" };
        var window = new Option<string>("--async-window") { Description = "Async: bytes in flight before writes fall back to the bitmap", DefaultValueFactory = _ => "8M" };
        var command = new Command("create", "Create (or open) a mirror on this node; give every node the same spec, targets first")
        {
            name, volume, size, mode, primary, nodes, exportSocket, exportPort, chunk, rate, window,
        };
        new MirrorAction(new MirrorOptions(), output, error) { Wait = MirrorOptions.Wait(), Timeout = MirrorOptions.Timeout() }.Install(
            command,
            "create",
            parse =>
            {
                var spec = new CreateInput(
                    parse.GetValue(name)!,
                    parse.GetValue(volume),
                    parse.GetValue(size),
                    parse.GetValue(mode)!,
                    parse.GetValue(primary),
                    parse.GetValue(nodes) ?? [],
                    parse.GetValue(exportSocket),
                    parse.GetValue(exportPort),
                    parse.GetValue(chunk)!,
                    parse.GetValue(rate)!,
                    parse.GetValue(window)!).ToSpec();
                return new ControlRequest("create", spec.Name, Spec: spec);
            });
        return command;
    }

    private static Command StatusCommand(TextWriter output, TextWriter error)
    {
        var options = new MirrorOptions();
        var name = new Argument<string?>("name") { Description = "Only this mirror (default: every mirror)", Arity = ArgumentArity.ZeroOrOne };
        var command = options.AddTo(new Command("status", "Role, disk state, generation and, per peer, link state, dirty chunks and resync progress; with --api/--lab, of every node") { name });
        command.SetAction(async (parse, ct) =>
        {
            var one = parse.GetValue(name);
            var json = parse.GetValue(options.Json);
            if (options.ThroughApi(parse))
            {
                return await ApiCall.RunAsync(parse, options.Api, output, error, async client =>
                {
                    var nodes = await ClusterMirrors.GatherAsync(options.Api.Resolve(parse), client, one, ct);
                    foreach (var line in json ? [ClusterStatusText.Json(nodes)] : ClusterStatusText.Lines(nodes, one))
                    {
                        await output.WriteLineAsync(line);
                    }

                    return CliApp.Ok;
                });
            }

            var (mirrors, code) = await ControlCall.RunAsync(
                options.SocketPath(parse),
                "status",
                async c => one is null ? await c.StatusAsync(ct) : [await c.StatusAsync(one, ct)],
                error);
            if (mirrors is null)
            {
                return code;
            }

            if (json)
            {
                await output.WriteLineAsync(one is null ? StatusText.Json(mirrors) : StatusText.Json(mirrors[0]));
                return CliApp.Ok;
            }

            if (mirrors.Count == 0)
            {
                await output.WriteLineAsync("no mirrors on this node");
            }

            foreach (var line in mirrors.SelectMany(StatusText.Lines))
            {
                await output.WriteLineAsync(line);
            }

            return CliApp.Ok;
        });
        return command;
    }
}
