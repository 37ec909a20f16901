using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Cli;
using Vigil.Cli.Lab;
using Vigil.Daemon.ControlApi;

namespace Vigil.Specs.Lab;

/// <summary>
/// One 3-node loopback lab shared by the control API specs (they only read, or send commands the engine refuses,
/// so they cannot disturb each other), with helpers to run `vigil` in-process and to call the API raw.
/// </summary>
public sealed class ControlApiLab : IAsyncLifetime
{
    private LabCluster? _lab;

    internal LabCluster Lab => _lab!;

    public async Task InitializeAsync()
    {
        _lab = LabCluster.Create(3);
        foreach (var n in _lab.Nodes)
        {
            await _lab.StartAsync(n);
        }

        await _lab.WaitForKitsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    internal string Password(string role) => LabCredentials.Password(Lab.Dir, role)!;

    internal string ApiUrl(string node) => $"https://{LabController.ApiAddress(Lab.State, Lab.State.Node(node))}";

    /// <summary>Runs `vigil ARGS` in this process, as the product's CLI.</summary>
    internal static async Task<(int Code, string Out, string Err)> VigilAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    internal Task<(int Code, string Out, string Err)> VigilAsync(string node, string role, params string[] args) =>
        VigilAsync([.. args, "--lab", Lab.Dir, "--lab-node", node, "--as", role]);

    /// <summary>A raw request to a node's API with the cluster certificate pinned; <paramref name="user"/> null sends no credentials.</summary>
    internal async Task<(int Status, JsonNode? Body)> RawAsync(string node, HttpMethod method, string path, string? user, string? password, string? body = null)
    {
        using var http = new HttpClient(PinnedCertificate.Handler(PinnedCertificate.Load(Path.Combine(Lab.Dir, "cluster.pfx")), TimeSpan.FromSeconds(5)));
        using var request = new HttpRequestMessage(method, ApiUrl(node) + path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls node1's status until every node is alive, every path ALIVE and a leader known; returns it.</summary>
    internal async Task<JsonNode> SettledStatusAsync(string node = "node1")
    {
        JsonNode? status = null;
        var settled = await Poll.UntilAsync(async () =>
        {
            var (code, output, _) = await VigilAsync(node, "guest", "status", "--json");
            status = code == 0 ? JsonNode.Parse(output) : null;
            return status is not null
                && status["leader"] is not null
                && status["nodes"]!.AsArray().All(n => n!["alive"]?.GetValue<bool>() == true)
                && status["paths"]!.AsArray().All(p => p!["state"]!.GetValue<string>() == "ALIVE")
                && status["nodes"]!.AsArray().All(n => n!["types"]!.AsArray().Count > 0);
        }, TimeSpan.FromSeconds(30));
        Assert.True(settled, $"status never settled: {status}");
        return status!;
    }
}
