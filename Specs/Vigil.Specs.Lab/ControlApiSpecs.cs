using System.Text;
using System.Text.Json.Nodes;
using Vigil.Cli;
using Vigil.Cli.Lab;
using Vigil.Specs.Support;

namespace Vigil.Specs.Lab;

/// <summary>The control API and the CLI through it, on a real 3-node lab: status, roles, forwarding, refusals, secrets.</summary>
[Collection(LabCollection.Name)]
public sealed class ControlApiSpecs(ControlApiLab api) : IClassFixture<ControlApiLab>
{
    [Fact]
    public async Task Status_OnThreeNodes_ShowsEveryNodeAliveTheLeaderAndEveryPathAlive()
    {
        var status = await api.SettledStatusAsync();

        Assert.Equal("node1", status["node"]!.GetValue<string>());
        var leader = status["leader"]!.GetValue<string>();
        Assert.Contains(leader, api.Lab.Nodes);
        Assert.Equal([leader], status["nodes"]!.AsArray().Where(n => n!["leader"]!.GetValue<bool>()).Select(n => n!["name"]!.GetValue<string>()));
        Assert.Equal(6, status["paths"]!.AsArray().Count); // 2 peers × udp, tcp, disk
        // Shape, with what changes from run to run scrubbed.
        status["leader"] = "(leader)";
        status["term"] = 0;
        status["appliedIndex"] = 0;
        foreach (var n in status["nodes"]!.AsArray())
        {
            n!["leader"] = false;
            n["api"] = "127.0.0.1:(port)";
        }

        foreach (var p in status["commPaths"]!.AsArray())
        {
            p!["addressA"] = "(address)";
            p["addressB"] = "(address)";
        }

        Snap.Match(status.ToJsonString(new() { WriteIndented = true }));
    }

    [Fact]
    public async Task Status_AsText_ListsNodesPathsAndTheResourceTable()
    {
        await api.SettledStatusAsync();

        var (code, output, _) = await api.VigilAsync("node2", "guest", "status");

        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("seen from node2", output, StringComparison.Ordinal);
        Assert.Contains("node3", output, StringComparison.Ordinal);
        Assert.Contains("ALIVE", output, StringComparison.Ordinal);
        Assert.Contains("resource", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switchover_AsGuest_IsForbiddenAndNamesTheOperatorRole()
    {
        var (code, _, error) = await api.VigilAsync("node1", "guest", "switchover", "web", "node2");

        Assert.Equal(CliApp.Denied, code);
        Assert.Contains("needs the operator role", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_AsOperator_IsForbiddenAndNamesTheAdminRole()
    {
        var (status, body) = await api.RawAsync("node1", HttpMethod.Post, "/v1/commands/delete-resource", "operator", api.Password("operator"), """{"tag":"web"}""");

        Assert.Equal(403, status);
        Assert.Contains("needs the admin role", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_WithoutOrWithWrongCredentials_Are401()
    {
        var (none, _) = await api.RawAsync("node1", HttpMethod.Get, "/v1/status", null, null);
        var (wrong, _) = await api.RawAsync("node1", HttpMethod.Get, "/v1/status", "admin", "not-the-password");
        var (unknown, _) = await api.RawAsync("node1", HttpMethod.Get, "/v1/status", "mallory", api.Password("admin"));
        var (code, _, error) = await ControlApiLab.VigilAsync(
            "status", "--api", api.ApiUrl("node1"), "--cacert", Path.Combine(api.Lab.Dir, "cluster.pfx"), "--user", "admin", "--password", "wrong-password");

        Assert.Equal([401, 401, 401], new[] { none, wrong, unknown });
        Assert.Equal(CliApp.Denied, code);
        Assert.Contains("unauthorized", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_OfAnUnknownTag_ComesBackAs409WithTheEnginesMessage()
    {
        await api.SettledStatusAsync();

        var (status, body) = await api.RawAsync("node1", HttpMethod.Post, "/v1/commands/restore", "operator", api.Password("operator"), """{"tag":"web","node":"node1"}""");
        var (code, _, error) = await api.VigilAsync("node1", "operator", "resource", "restore", "web", "node1");

        Assert.Equal(409, status);
        Assert.Equal("unknown-resource", body!["code"]!.GetValue<string>());
        Assert.Contains("'web'", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(CliApp.Refused, code);
        Assert.Contains("unknown-resource", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SentToAFollower_IsForwardedToTheLeaderAndItsVerdictReturned()
    {
        var status = await api.SettledStatusAsync();
        var leader = status["leader"]!.GetValue<string>();
        var follower = api.Lab.Nodes.First(n => n != leader);

        // No node has a kit for this type, so the engine refuses it: the verdict still has to come from the leader's engine.
        var (code, _, error) = await api.VigilAsync(follower, "admin", "resource", "create", "web", "--type", "nosuchkit", "--node", follower);

        Assert.Equal(CliApp.Refused, code);
        Assert.Contains("type-missing", error, StringComparison.Ordinal);
        Assert.Contains($"forwarded to leader {leader}", api.Lab.Output(follower), StringComparison.Ordinal);
        Assert.True(await Poll.UntilAsync(
            async () => api.Lab.Output(leader).Contains("sent create-resource: refused: type-missing", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Command_WithAMissingField_Is400NamingTheField()
    {
        var (status, body) = await api.RawAsync("node1", HttpMethod.Post, "/v1/commands/restore", "operator", api.Password("operator"), """{"node":"node1"}""");

        Assert.Equal(400, status);
        Assert.Contains("field 'tag' is required", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialsFile_HoldsOnlyPbkdf2Hashes_NoPassword()
    {
        var lines = File.ReadAllLines(Path.Combine(api.Lab.Dir, "credentials")).Where(l => !l.StartsWith('#')).ToList();

        Assert.Equal(["admin", "operator", "guest"], lines.Select(l => l.Split(' ')[0]));
        Assert.All(lines, l => Assert.StartsWith("pbkdf2-sha256$600000$", l.Split(' ')[2], StringComparison.Ordinal));
        foreach (var role in LabCredentials.Roles)
        {
            Assert.DoesNotContain(api.Password(role), string.Join('\n', lines), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task JournalAndLogs_AfterAuthenticatedAndRefusedRequests_NeverContainAPassword()
    {
        await api.RawAsync("node2", HttpMethod.Post, "/v1/commands/restore", "admin", api.Password("admin"), """{"tag":"web","node":"node2"}""");
        await api.RawAsync("node2", HttpMethod.Get, "/v1/status", "operator", "a-wrong-password-123");
        await api.VigilAsync("node3", "guest", "status");

        foreach (var node in api.Lab.Nodes)
        {
            var files = Directory.EnumerateFiles(Path.Combine(api.Lab.Dir, "data-" + node), "*", SearchOption.AllDirectories).Append(api.Lab.Controller.LogPath(node))
                .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) || new FileInfo(f).Length > 0); // the journal's held lock file is empty
            var everything = string.Join('\n', files.Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
            Assert.Contains("control API", everything, StringComparison.Ordinal); // the log was read
            foreach (var role in LabCredentials.Roles)
            {
                var secret = api.Password(role);
                Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{role}:{secret}")), everything, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("a-wrong-password-123", everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task History_ThroughTheApi_FiltersByResourceAndLimits()
    {
        await api.SettledStatusAsync();

        var (all, body) = await api.RawAsync("node1", HttpMethod.Get, "/v1/history?limit=3", "guest", api.Password("guest"));
        var (filtered, none) = await api.RawAsync("node1", HttpMethod.Get, "/v1/history?resource=nothing-has-this-tag", "guest", api.Password("guest"));

        Assert.Equal(200, all);
        Assert.Equal(3, body!["events"]!.AsArray().Count);
        Assert.True(body["total"]!.GetValue<long>() >= 3);
        Assert.Equal(200, filtered);
        Assert.Empty(none!["events"]!.AsArray());
    }
}
