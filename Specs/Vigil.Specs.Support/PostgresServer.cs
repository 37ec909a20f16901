using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vigil.Specs.Support;

/// <summary>
/// A real PostgreSQL for specs and benchmarks. Uses <c>VIGIL_TEST_PG</c> (an administrator connection string) when
/// set; otherwise starts a throwaway server: <c>initdb</c> into a temporary directory (as the <c>postgres</c> user
/// when running as root), a free TCP port on 127.0.0.1, the unix socket in that directory. Disposing a throwaway
/// server stops it and removes the directory. Missing binaries fail loudly: run <c>scripts/setup.sh</c>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Environment variable naming an existing server to use instead of a throwaway one.</summary>
    public const string ConnectionStringVariable = "VIGIL_TEST_PG";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;
    private readonly string? _root;
    private readonly string? _binaries;
    private int _databases;

    private PostgresServer(string adminConnectionString, string? root, string? binaries, int port)
    {
        AdminConnectionString = adminConnectionString;
        _root = root;
        _binaries = binaries;
        Port = port;
    }

    /// <summary>Connection string to the server's maintenance database as a superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Whether this instance started the server itself (and so stops it on dispose).</summary>
    public bool IsThrowaway => _root is not null;

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// One server per test process, started on first use and stopped when the process exits: databases per test
    /// class keep specs isolated, one server keeps them fast.
    /// </summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Uses <c>VIGIL_TEST_PG</c> or starts a throwaway server.</summary>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PostgresServerOptions();
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var builder = new NpgsqlConnectionStringBuilder(external);
            await WaitReadyAsync(external, options.StartTimeout, cancellationToken);
            return new PostgresServer(external, null, null, builder.Port);
        }

        var binaries = FindBinaries();
        RemoveStaleServers();
        var root = Path.Combine(Path.GetTempPath(), "vigil-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var port = FreePort();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Include Error Detail=true",
            root, binaries, port);
        try
        {
            await server.InitAndStartAsync(options, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates a fresh, empty database; dispose it to drop it.</summary>
    public async Task<PostgresDatabase> CreateDatabaseAsync(string prefix = "vigil", CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}").ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var cs = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new PostgresDatabase(name, cs, AdminConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_root is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(_root, "data", "postmaster.pid")))
        {
            await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["stop", "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w"], CancellationToken.None, throwOnError: false);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover directory in /tmp is harmless.
        }
    }

    private static string FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new InvalidOperationException(
                $"PostgreSQL server binaries were not found under {Root}/*/bin. Run scripts/setup.sh (it installs the 'postgresql' package), " +
                $"or set {ConnectionStringVariable} to the connection string of a server you provide.");
    }

    /// <summary>
    /// Removes directories of throwaway servers whose postmaster is gone: a test host killed by its runner never gets
    /// to dispose the shared server. Young directories are left alone (another process may be running initdb in one).
    /// </summary>
    private static void RemoveStaleServers()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "vigil-pg-*"))
        {
            try
            {
                if (DateTime.UtcNow - Directory.GetCreationTimeUtc(directory) < TimeSpan.FromMinutes(5))
                {
                    continue;
                }

                var pidFile = Path.Combine(directory, "data", "postmaster.pid");
                var pid = File.Exists(pidFile) ? File.ReadLines(pidFile).FirstOrDefault() : null;
                if (pid is not null && Directory.Exists(Path.Combine("/proc", pid.Trim())))
                {
                    continue;
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: another process may be removing it too.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private async Task InitAndStartAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var data = Path.Combine(_root!, "data");
        if (IsRoot)
        {
            // PostgreSQL refuses to run as root: hand the directory to the postgres user and run as it.
            await RunAsync("chown", ["-R", "postgres:postgres", _root!], cancellationToken, asPostgres: false);
        }

        await RunAsync(Path.Combine(_binaries!, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"], cancellationToken);
        var settings = string.Join(' ',
            "-c listen_addresses=127.0.0.1", $"-p {Port}", $"-k {_root}", "-c max_connections=200",
            options.Durable ? "-c fsync=on" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await RunAsync(Path.Combine(_binaries!, "pg_ctl"),
            ["start", "-D", data, "-l", Path.Combine(_root!, "server.log"), "-o", settings, "-w", "-t", ((int)options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
            cancellationToken);
        await WaitReadyAsync(AdminConnectionString, options.StartTimeout, cancellationToken);
    }

    private static async Task WaitReadyAsync(string connectionString, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException && deadline.Elapsed < timeout)
            {
                await poll.WaitForNextTickAsync(cancellationToken);
            }
        }
    }

    private async Task RunAsync(string file, string[] args, CancellationToken cancellationToken, bool asPostgres = true, bool throwOnError = true)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && IsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", file, .. args])
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info.FileName = file;
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }
        }

        info.WorkingDirectory = _root ?? Path.GetTempPath();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && throwOnError)
        {
            var log = Path.Combine(_root ?? string.Empty, "server.log");
            var tail = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : string.Empty;
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}:\n{await stdout}\n{await stderr}\n{tail}");
        }
    }
}
