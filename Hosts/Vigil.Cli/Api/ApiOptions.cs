using System.CommandLine;
using Vigil.Cli.Lab;
using Vigil.Daemon.ControlApi;

namespace Vigil.Cli.Api;

/// <summary>
/// How a command reaches the control API: <c>--api URL --user U --password P [--cacert FILE]</c> (or VIGIL_API,
/// VIGIL_USER, VIGIL_PASSWORD, VIGIL_CACERT), or <c>--lab DIR [--lab-node N] [--as ROLE]</c>, which reads a lab's
/// node address, its cluster certificate and the lab's generated passwords.
/// </summary>
internal sealed class ApiOptions
{
    private readonly Option<string?> _api = new("--api") { Description = "Control API URL, e.g. https://10.0.2.1:7480 (default: $VIGIL_API)" };
    private readonly Option<string?> _user = new("--user") { Description = "User name (default: $VIGIL_USER)" };
    private readonly Option<string?> _password = new("--password") { Description = "Password (default: $VIGIL_PASSWORD; prefer the variable: arguments are visible to other users)" };
    private readonly Option<string?> _cacert = new("--cacert") { Description = "The cluster certificate to pin (.crt or .pfx; default: $VIGIL_CACERT); needed for https" };
    private readonly Option<string?> _lab = new("--lab") { Description = "Talk to a lab made by 'vigil lab up' in this directory" };
    private readonly Option<string?> _node = new("--lab-node") { Description = "With --lab: which node's API (default: the first)" };
    private readonly Option<string> _as = new("--as") { Description = "With --lab: the role to act as (guest, operator, admin)", DefaultValueFactory = _ => "admin" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _api, _user, _password, _cacert, _lab, _node, _as })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>
    /// The client namespace to run in when <c>--lab</c> names a namespace lab (its API addresses are reachable only
    /// from inside the lab's networks) and this process is not already there; otherwise null.
    /// </summary>
    public string? LabClientNamespace(ParseResult parse)
    {
        if (parse.GetValue(_lab) is not { } lab || Environment.GetEnvironmentVariable(LabClientMarker) is not null || !File.Exists(LabState.FileIn(lab)))
        {
            return null;
        }

        var state = LabState.Load(lab);
        return state.Namespaces ? new LabNetwork(state.LabId).Client : null;
    }

    /// <summary>Whether a control API is named (--api, --lab or VIGIL_API): commands that can also work locally use it then.</summary>
    public bool Given(ParseResult parse) =>
        parse.GetValue(_api) is not null || parse.GetValue(_lab) is not null || Environment.GetEnvironmentVariable("VIGIL_API") is not null;

    /// <summary>Set in a `vigil` re-run inside a lab's client namespace, so it does not re-run itself again.</summary>
    public const string LabClientMarker = "VIGIL_IN_LAB_CLIENT";

    /// <exception cref="ApiFailure">The options do not name a usable API (exit code: bad usage).</exception>
    public ApiConnection Resolve(ParseResult parse)
    {
        if (parse.GetValue(_lab) is { } lab)
        {
            return FromLab(lab, parse.GetValue(_node), parse.GetValue(_as)!);
        }

        var url = parse.GetValue(_api) ?? Environment.GetEnvironmentVariable("VIGIL_API")
            ?? throw Usage("no control API given: use --api URL (or VIGIL_API), or --lab DIR");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw Usage($"--api: '{url}' is not an http:// or https:// URL");
        }

        var user = parse.GetValue(_user) ?? Environment.GetEnvironmentVariable("VIGIL_USER") ?? throw Usage("no user given: use --user (or VIGIL_USER)");
        var password = parse.GetValue(_password) ?? Environment.GetEnvironmentVariable("VIGIL_PASSWORD") ?? throw Usage("no password given: set VIGIL_PASSWORD (or --password)");
        var cacert = parse.GetValue(_cacert) ?? Environment.GetEnvironmentVariable("VIGIL_CACERT");
        if (uri.Scheme == "https" && cacert is null)
        {
            throw Usage("--cacert: https needs the cluster certificate to pin (cluster.crt from 'vigil cluster init'), or VIGIL_CACERT");
        }

        return new ApiConnection(uri, user, password, cacert is null ? null : LoadPin(cacert));
    }

    private static ApiConnection FromLab(string dir, string? nodeName, string role)
    {
        if (CredentialStore.ParseRole(role) is null)
        {
            throw Usage($"--as: '{role}' is not a role (guest, operator or admin)");
        }

        LabState state;
        try
        {
            state = LabState.Load(dir);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw Usage($"--lab: {e.Message}");
        }

        var node = nodeName is null ? state.Nodes[0] : state.Nodes.FirstOrDefault(n => n.Name == nodeName)
            ?? throw Usage($"--lab-node: no node '{nodeName}' in the lab ({string.Join(", ", state.Nodes.Select(n => n.Name))})");
        if (node.ApiPort == 0)
        {
            throw Usage($"--lab: {dir} was made before labs had a control API; make a new one");
        }

        var password = LabCredentials.Password(dir, role) ?? throw Usage($"--lab: {LabCredentials.FileIn(dir)} has no password for {role}");
        return new ApiConnection(new Uri($"https://{LabController.ApiAddress(state, node)}"), role, password, LoadPin(Path.Combine(dir, "cluster.pfx")));
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadPin(string path)
    {
        try
        {
            return PinnedCertificate.Load(path);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw Usage($"--cacert: cannot read the cluster certificate {path}: {e.Message}");
        }
    }

    private static ApiFailure Usage(string message) => new(CliApp.BadInput, message);
}
