using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Daemon.WebConsole;

/// <summary>
/// The web console's static files, embedded in vigild (nothing to install beside it, nothing to go missing), served
/// under <c>/console/</c> without authentication (they hold no cluster data: every datum comes from the API, which
/// authenticates), with ETags and a policy that lets the page load nothing but its own files.
/// </summary>
internal static class ConsoleAssets
{
    private const string ResourcePrefix = "console/";

    /// <summary>Only the console's own files, no inline script or style, no framing: a stray string cannot run as code.</summary>
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly FrozenDictionary<string, Asset> Files = Load();

    public static IReadOnlyCollection<string> Names => Files.Keys;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/console/"));
        // Routing ignores the trailing slash: /console and /console/ are both the page (its links are absolute).
        app.MapGet("/console/", (HttpContext ctx) => Serve(ctx, "index.html"));
        app.MapGet("/console/{file}", Serve);
    }

    private static IResult Serve(HttpContext ctx, string file)
    {
        if (!Files.TryGetValue(file, out var asset))
        {
            return Results.NotFound();
        }

        var headers = ctx.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load, so an upgraded vigild never runs yesterday's script against today's API.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        return ctx.Request.Headers.IfNoneMatch == asset.ETag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            files[name[ResourcePrefix.Length..]] = new Asset(content, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
