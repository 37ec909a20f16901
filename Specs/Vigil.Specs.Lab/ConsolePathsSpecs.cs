using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vigil.Cli.Lab;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Every node's view of its comm paths (<c>GET /v1/paths/cluster</c>) in the web console, served by node3, in a real
/// headless chromium against its own 3-node namespace lab: the udp path between node1 and node2 cut and healed shows at both ends, live.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ConsolePathsSpecs(ConsoleLab console) : IClassFixture<ConsoleLab>
{
    private static readonly LocatorAssertionsToHaveTextOptions PathChange = new() { Timeout = 60_000 };

    [Fact]
    public async Task ClusterPaths_UdpCutBetweenNode1AndNode2_BothEndsShowItDeadLive_AndAliveAgainAfterHeal()
    {
        var page = await console.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await console.LoginAsync(page, "node3", "guest");
        await ConsoleLab.OnFailureShootAsync(page, "paths-failure", () => CutAndHealAsync(page));
        Assert.True(errors.Count == 0, "the page logged errors:\n" + string.Join("\n", errors));
    }

    private async Task CutAndHealAsync(IPage page)
    {
        await Expect(Cell(page, "node1", "node2", "udp")).ToHaveTextAsync("ALIVE", PathChange);
        await Expect(Cell(page, "node2", "node1", "udp")).ToHaveTextAsync("ALIVE", PathChange);
        await page.EvaluateAsync("() => { window.vigilSpecMarker = 'not reloaded'; }");

        // Only the udp path between node1 and node2 is cut: every other path of theirs keeps beating.
        CutUdpBetween("node1", "node2", heal: false);
        try
        {
            await Expect(Cell(page, "node1", "node2", "udp")).ToHaveTextAsync("DEAD", PathChange);
            await Expect(Cell(page, "node2", "node1", "udp")).ToHaveTextAsync("DEAD", PathChange);
            await Expect(Cell(page, "node1", "node2", "tcp")).ToHaveTextAsync("ALIVE");
            await Expect(Cell(page, "node1", "node3", "udp")).ToHaveTextAsync("ALIVE");
            await Expect(Cell(page, "node2", "node3", "udp")).ToHaveTextAsync("ALIVE");
            await Expect(Cell(page, "node3", "node1", "udp")).ToHaveTextAsync("ALIVE");
            await Expect(Cell(page, "node1", "node2", "udp")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bp-dead\b"));
            await ConsoleLab.ShotAsync(page, "6-path-cut");
        }
        finally
        {
            CutUdpBetween("node1", "node2", heal: true);
        }

        await Expect(Cell(page, "node1", "node2", "udp")).ToHaveTextAsync("ALIVE", PathChange);
        await Expect(Cell(page, "node2", "node1", "udp")).ToHaveTextAsync("ALIVE", PathChange);
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.vigilSpecMarker"));
        Assert.True(File.Exists(await ConsoleLab.ShotAsync(page, "7-path-healed")));
    }

    [Fact]
    public async Task ClusterPathsEndpoint_AsGuest_ListsEveryObserver_AndACrashedNodeAsUnreachable()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync(console.Url("node3"));

        var (status, body) = await console.FetchAsync(page, "GET", "/v1/paths/cluster", "guest");
        var (none, _, _, _) = await ConsoleLab.FetchRawAsync(page, "GET", "/v1/paths/cluster", null, null);

        Assert.Equal((200, 401), (status, none));
        var answer = JsonNode.Parse(body)!;
        Assert.Equal("node3", answer["node"]!.GetValue<string>());
        var observers = answer["observers"]!.AsArray();
        Assert.Equal(["node1", "node2", "node3"], observers.Select(o => o!["node"]!.GetValue<string>()));
        Assert.All(observers, o => Assert.True(o!["reachable"]!.GetValue<bool>()));
        var fromNode2 = observers[1]!["paths"]!.AsArray();
        Assert.Contains(fromNode2, p => p!["peer"]!.GetValue<string>() == "node1" && p["path"]!.GetValue<string>() == "udp");
        Assert.DoesNotContain(fromNode2, p => p!["peer"]!.GetValue<string>() == "node2");

        // A node that does not answer is listed as such; the others' views still come.
        console.Lab.Crash("node2");
        try
        {
            var (after, text) = await console.FetchAsync(page, "GET", "/v1/paths/cluster", "guest");
            var down = JsonNode.Parse(text)!["observers"]!.AsArray();
            Assert.Equal(200, after);
            Assert.False(down[1]!["reachable"]!.GetValue<bool>());
            Assert.Contains("no answer from", down[1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(down[0]!["reachable"]!.GetValue<bool>() && down[2]!["reachable"]!.GetValue<bool>());
        }
        finally
        {
            await console.Lab.StartAsync("node2");
        }
    }

    /// <summary>
    /// Cuts (or heals) the udp path of one pair only. `vigil lab cut` pulls a node's whole heartbeat link (its path to
    /// every peer); a blackhole route to each other's heartbeat-1 address, both ways, drops just this pair's beats.
    /// </summary>
    private void CutUdpBetween(string a, string b, bool heal)
    {
        var network = new LabNetwork(console.Lab.State.LabId);
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            LabNetwork.Ip(network.Namespace(from), "route", heal ? "del" : "add", "blackhole", $"{LabNetwork.HeartbeatAddress(LabNetwork.Heartbeat1, to)}/32");
        }
    }

    private static ILocator Cell(IPage page, string observer, string peer, string path) =>
        page.Locator($"#cluster-paths .path[data-observer={observer}][data-peer={peer}][data-path={path}]");
}
