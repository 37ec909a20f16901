using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Bench;
using Vigil.ReplicationDriver.Hosting;

if (args is ["bench", .. var benchArgs])
{
    return await BenchCommand.RunAsync(benchArgs);
}

if (args is not ["run", .. var runArgs])
{
    await Console.Error.WriteLineAsync(
        "usage: vigil-repd run --node NAME --data DIR --listen IP:PORT --secret-file FILE [--control SOCKET]\n" +
        "                      [--nbd-address IP] [--nbd-tls off|require --nbd-tls-cert PEM --nbd-tls-key PEM [--nbd-tls-ca PEM]]\n" +
        "                      [--io-realtime-priority 0-99 (default 1, 0 = off)]\n" +
        "       vigil-repd bench --dir DIR [--size-mib N] [--runtime-s N]");
    return 2;
}

// No defaults: no appsettings files and above all no file watcher on the content root, whose change
// events (a volume file written thousands of times a second) would allocate per I/O.
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = runArgs });
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
RepdOptions options;
try
{
    options = RepdOptions.Parse(runArgs);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"vigil-repd: {e.Message}");
    return 2;
}

builder.Services.AddSingleton(options);
builder.Services.AddHostedService<RepdService>();
await builder.Build().RunAsync();
return 0;
