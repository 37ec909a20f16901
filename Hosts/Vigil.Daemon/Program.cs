using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Lifecycle;
using Vigil.Daemon.Systemd;

var configPath = args.Length == 2 && args[0] == "--config" ? args[1] : null;
if (configPath is null)
{
    await Console.Error.WriteLineAsync("usage: vigild --config /etc/vigil/vigild.conf");
    return 2;
}

NodeConfig config;
try
{
    config = NodeConfig.Load(configPath);
}
catch (ConfigException ex)
{
    await Console.Error.WriteLineAsync($"vigild: configuration error: {ex.Message}");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
builder.Services.AddSingleton(config);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SystemdNotifier>();
builder.Services.AddHostedService<NodeHost>();
// After the node: Marten's hot/cold daemon coordinator starts once the node is up (nothing in it waits for PostgreSQL).
Vigil.Daemon.Journal.ClusterJournalServices.AddClusterJournalDaemon(builder.Services, config);
if (Vigil.Daemon.Diagnostics.StressLoad.Requested)
{
    builder.Services.AddHostedService<Vigil.Daemon.Diagnostics.StressLoad>();
}
try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or Vigil.Journal.JournalCorruptException)
{
    await Console.Error.WriteLineAsync($"vigild: cannot start: {ex.Message}");
    return 3;
}
