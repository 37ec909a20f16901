using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Consensus;
using Vigil.Journal.Embedded;
using Vigil.Membership;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// The node's control API: Kestrel with minimal APIs on the node's <c>api</c> address, HTTPS with the cluster
/// certificate (or plain HTTP on loopback when configured), HTTP Basic against the credentials file, JSON under
/// <c>/v1</c>. Reads answer from this node's view; commands go through consensus on the leader (a follower
/// forwards them) and answer with the engine's verdict. See docs/operations.md ("Control API").
/// </summary>
internal sealed partial class ControlApiServer(
    NodeConfig config,
    ReplicatedEngine replicated,
    EmbeddedJournalStore store,
    Func<IPathView?> detector,
    CredentialStore users,
    X509Certificate2? certificate,
    ILogger logger) : IAsyncDisposable
{
    /// <summary>Marks a request a follower forwarded, so a node that is not the leader either never forwards it again.</summary>
    public const string ForwardedHeader = "X-Vigil-Forwarded-By";

    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _forward = new(PinnedCertificate.Handler(certificate, TimeSpan.FromSeconds(2))) { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication? _app;

    public string Scheme => certificate is null ? "http" : "https";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = config.DataDir });
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        // Kestrel's own request logs are noise; its warnings (bad TLS handshakes, crashes) are kept.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024;
            k.Listen(config.Local.Api!, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        AddMetrics(builder);
        var app = builder.Build();
        MapMetrics(app);
        app.MapGet("/v1/status", (Delegate)StatusAsync);
        app.MapGet("/v1/history", HistoryAsync);
        app.MapPost("/v1/commands/cluster-join", (Delegate)JoinAsync); // before the generic route: a literal segment wins
        app.MapPost("/v1/commands/{name}", CommandAsync);
        app.MapGet("/v1/paths/cluster", (Delegate)ClusterPathsAsync);
        MapConsole(app);
        MapMirrors(app);
        app.MapFallback((HttpContext ctx) => Answer(StatusCodes.Status404NotFound, "not-found",
            $"no such endpoint: {ctx.Request.Method} {ctx.Request.Path} (see docs/operations.md, 'Control API')"));
        await app.StartAsync(cancellationToken);
        _app = app;
        Log.Listening(logger, Scheme, config.Local.Api!.ToString(), users.Users.Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _forward.Dispose();
    }

    private static IResult Answer(int status, string code, string message) => Json(ApiJson.Error(code, message), status);

    private static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    /// <summary>The caller if its Basic credentials verify and its role is at least <paramref name="needed"/>; otherwise the 401 or 403 to send.</summary>
    private (ApiUser? User, IResult? Refusal) Authenticate(HttpContext ctx, ApiRole needed)
    {
        var (name, password) = BasicCredentials(ctx.Request.Headers.Authorization.ToString());
        var user = name is null ? null : users.Verify(name, password!);
        if (user is null)
        {
            Log.Denied(logger, 401, name ?? "(none)", ctx.Connection.RemoteIpAddress?.ToString(), ctx.Request.Method, ctx.Request.Path);
            if (!ctx.Request.Headers.ContainsKey(ConsoleHeader))
            {
                // The web console shows its own login; the challenge would make the browser pop up its Basic dialog.
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"vigil\", charset=\"UTF-8\"";
            }
            return (null, Answer(StatusCodes.Status401Unauthorized, "unauthorized",
                name is null ? "credentials required (HTTP Basic)" : "unknown user or wrong password"));
        }

        if (user.Role < needed)
        {
            Log.Denied(logger, 403, user.Name, ctx.Connection.RemoteIpAddress?.ToString(), ctx.Request.Method, ctx.Request.Path);
            return (null, Answer(StatusCodes.Status403Forbidden, "forbidden",
                $"this needs the {CredentialStore.Name(needed)} role; user '{user.Name}' is {CredentialStore.Name(user.Role)}"));
        }

        return (user, null);
    }

    private static (string? Name, string? Password) BasicCredentials(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? (null, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
