using Vigil.Plugins.Hosting;

// vigil-kithost --kits-dir DIR
// stdin/stdout carry the protocol (JSON lines); everything else a kit prints goes to stderr.
var kitsDirectory = args.Length == 2 && args[0] == "--kits-dir" ? args[1] : null;
if (kitsDirectory is null)
{
    await Console.Error.WriteLineAsync("usage: vigil-kithost --kits-dir DIR   (speaks JSON lines on stdin/stdout)").ConfigureAwait(false);
    return 2;
}

var protocolOut = Console.OpenStandardOutput();
var log = TextWriter.Synchronized(Console.Error);

// A kit's Console.Write must never corrupt the protocol stream.
Console.SetOut(log);
using var server = new KitHostServer(Path.GetFullPath(kitsDirectory), log);
await server.RunAsync(Console.OpenStandardInput(), protocolOut, CancellationToken.None).ConfigureAwait(false);
return 0;
