using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Specs.Lab;

/// <summary>
/// The web console in a real headless chromium against a running 3-node namespace lab, served by node3 (the node the
/// specs never take down): the admin's set-up flow through the forms, live failover, the timeline, and the roles.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ConsoleSpecs(ConsoleLab console) : IClassFixture<ConsoleLab>
{
    private static readonly LocatorAssertionsToHaveTextOptions Failover = new() { Timeout = 60_000 };

    [Fact]
    public async Task Admin_BuildsAHierarchyThroughTheForms_SeesTheFailoverLive_AndAnOperatorSwitchesItOver()
    {
        var page = await console.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        await console.LoginAsync(page, "node3", "admin");
        await ConsoleLab.OnFailureShootAsync(page, "admin-failure", () => AdminScenarioAsync(page));
        Assert.True(errors.Count == 0, "the page logged errors:\n" + string.Join("\n", errors));
    }

    private async Task AdminScenarioAsync(IPage page)
    {
        // Set-up through the forms generated from GenApp's parameter schema.
        await page.ClickAsync("#tabs [data-tab=setup]");
        await CreateGenAppAsync(page, "data");
        await CreateGenAppAsync(page, "web");
        await page.SelectOptionAsync("#dependency-form [name=parent]", "web");
        await page.SelectOptionAsync("#dependency-form [name=child]", "data");
        await SubmitAsync(page, "#dependency-form", "add-dependency");
        await Expect(page.Locator("article[data-root=web] button[data-action=extend]")).ToHaveCountAsync(1); // admin may extend
        await ExtendAsync(page, "web", "node2", 2, "intelligent");
        await ExtendAsync(page, "web", "node3", 3, null);

        // The hierarchy, restored from its action bar, in service on node1.
        await page.ClickAsync("#tabs [data-tab=cluster]");
        var web = page.Locator("article[data-root=web]");
        await Expect(web.Locator("tr[data-tag=data] .state[data-node=node3]")).ToHaveTextAsync("OSU");
        await web.Locator("select[data-keep=restore-web]").SelectOptionAsync("node1");
        await web.Locator("button[data-action=restore]").ClickAsync();
        await Expect(web.Locator(".where")).ToHaveTextAsync("in service on node1", Failover);
        await Expect(web.Locator("tr[data-tag=data] .state[data-node=node1]")).ToHaveTextAsync("ISP");
        await Expect(web.Locator("tr[data-tag=web] .prio").Nth(1)).ToHaveTextAsync("p2");
        Assert.NotNull(console.Lab.RunningPid("web", "node1"));
        await ConsoleLab.ShotAsync(page, "1-in-service");
        var beforeCrash = await JournalPositionAsync(page);

        // Crash the active node: the console, never reloaded, shows node1 dead and the hierarchy on node2.
        await page.EvaluateAsync("() => { window.vigilSpecMarker = 'not reloaded'; }");
        console.Lab.Crash("node1");
        await Expect(page.Locator(".node[data-node=node1] .health")).ToHaveTextAsync("DEAD", Failover);
        await Expect(web.Locator(".where")).ToHaveTextAsync("in service on node2", Failover);
        await Expect(web.Locator("tr[data-tag=data] .state[data-node=node2]")).ToHaveTextAsync("ISP");
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.vigilSpecMarker"));
        Assert.NotNull(console.Lab.RunningPid("web", "node2"));
        var shot = await ConsoleLab.ShotAsync(page, "2-after-failover");

        // The timeline: the moment before the crash shows the hierarchy still on node1.
        await page.ClickAsync("#tabs [data-tab=timeline]");
        await page.Locator($"#events li[data-position='{beforeCrash}']").ClickAsync();
        await Expect(page.Locator("#moment strong")).ToHaveTextAsync($"#{beforeCrash}");
        await Expect(page.Locator("#past-hierarchies article[data-root=web] .where")).ToHaveTextAsync("in service on node1");
        await Expect(page.Locator("#past-nodes .node[data-node=node1] .health")).ToHaveTextAsync("ALIVE");
        await ConsoleLab.ShotAsync(page, "3-timeline-before-crash");

        // An operator switches it over to node3; the operator has no set-up tab and no extend button (even where
        // a resource could be extended: opview is on node3 only).
        await console.Lab.CreateGenAppAsync("opview", "node3");
        await page.ClickAsync("#logout");
        await console.LoginAsync(page, "node3", "operator");
        await Expect(web.Locator(".where")).ToHaveTextAsync("in service on node2");
        await Expect(page.Locator("article[data-root=opview] button[data-action=restore]")).ToBeVisibleAsync();
        await Expect(page.Locator("button[data-action=extend]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#tabs [data-tab=setup]")).ToBeHiddenAsync();
        await web.Locator("select[data-keep=switchover-web]").SelectOptionAsync("node3");
        await web.Locator("button[data-action=switchover]").ClickAsync();
        await Expect(web.Locator(".where")).ToHaveTextAsync("in service on node3", Failover);
        Assert.NotNull(console.Lab.RunningPid("web", "node3"));
        await ConsoleLab.ShotAsync(page, "4-operator-switchover");
        Assert.True(File.Exists(shot));
    }

    [Fact]
    public async Task Guest_SeesTheHierarchyWithoutActionButtons_AndTheServerRefusesAForgedAction()
    {
        await console.Lab.CreateGenAppAsync("guestview", "node3");
        var page = await console.NewPageAsync();
        await console.LoginAsync(page, "node3", "guest");

        var hierarchy = page.Locator("article[data-root=guestview]");
        await Expect(hierarchy.Locator(".state[data-node=node3]")).ToHaveTextAsync("OSU", Failover);
        await Expect(page.Locator("button[data-action]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#tabs [data-tab=setup]")).ToBeHiddenAsync();
        await ConsoleLab.ShotAsync(page, "5-guest");

        // What the page does not offer, the server does not allow either: the same request as the button's, as guest.
        var (status, body) = await console.FetchAsync(page, "POST", "/v1/commands/restore", "guest", """{"tag":"guestview","node":"node3"}""");
        Assert.Equal(403, status);
        Assert.Contains("needs the operator role", JsonNode.Parse(body)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await Expect(hierarchy.Locator(".where")).ToHaveTextAsync("out of service");
    }

    [Fact]
    public async Task ConsoleReads_ThePageTypesAndPastState_AreServedAsTheFormsAndTimelineNeedThem()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync(console.Url("node3"));

        var (pageStatus, html, policy, _) = await ConsoleLab.FetchRawAsync(page, "GET", "/console/", null, null);
        var (typesStatus, types) = await console.FetchAsync(page, "GET", "/v1/types", "guest");
        var (pastStatus, past) = await console.FetchAsync(page, "GET", "/v1/state?position=999999999", "guest");
        var (wrongStatus, _, _, challenge) = await ConsoleLab.FetchRawAsync(page, "GET", "/v1/session", "admin", "not-the-password");

        Assert.Equal(200, pageStatus);
        Assert.Contains("<title>Vigil console</title>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal(200, typesStatus);
        var genapp = JsonNode.Parse(types)!["types"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "genapp")!;
        Assert.Equal(["node1", "node2", "node3"], genapp["nodes"]!.AsArray().Select(n => n!.GetValue<string>()));
        var restore = genapp["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "restore")!;
        Assert.Equal(("path", true), (restore["kind"]!.GetValue<string>(), restore["required"]!.GetValue<bool>()));
        Assert.Contains("starts the application", restore["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(genapp["allowsUnknownParameters"]!.GetValue<bool>());
        Assert.Equal(400, pastStatus);
        Assert.Contains("is not between 0 and", JsonNode.Parse(past)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((401, ""), (wrongStatus, challenge));
    }

    private async Task CreateGenAppAsync(IPage page, string tag)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash");
        var form = "#create-form";
        await page.SelectOptionAsync($"{form} [name=type]", "genapp");
        await page.FillAsync($"{form} [name=tag]", tag);
        await page.SelectOptionAsync($"{form} [name=node]", "node1");
        foreach (var action in new[] { "restore", "remove", "quickCheck", "recover" })
        {
            await page.FillAsync($"{form} [name='param:{action}']", Path.Combine(templates, action));
        }

        // GenApp takes parameters beyond its schema (its templates read these).
        await page.FillAsync($"{form} [name=extra]", $"command=sleep 100000\nstate_dir={console.Lab.GenAppStateDir}");
        await SubmitAsync(page, form, "create-resource");
    }

    private static async Task ExtendAsync(IPage page, string tag, string node, int priority, string? switchback)
    {
        var form = "#extend-form";
        await page.SelectOptionAsync($"{form} [name=tag]", tag);
        await page.SelectOptionAsync($"{form} [name=node]", node);
        await page.FillAsync($"{form} [name=priority]", priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync($"{form} [name=switchback]", switchback ?? "");
        await SubmitAsync(page, form, switchback is null ? "extend-resource" : "set-switchback");
    }

    /// <summary>Submits a form and waits for the engine's verdict in the message line; an error there fails the spec with its text.</summary>
    private static async Task SubmitAsync(IPage page, string form, string command)
    {
        await page.ClickAsync($"{form} button[type=submit]");
        await Expect(page.Locator("#message")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"^{command}: (accepted|[0-9])"), new() { Timeout = 30_000 });
        Assert.StartsWith($"{command}: accepted", await page.Locator("#message").TextContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>The serving node's last journal position, read by the page itself.</summary>
    private async Task<long> JournalPositionAsync(IPage page)
    {
        var (status, body) = await console.FetchAsync(page, "GET", "/v1/history?limit=1", "guest");
        Assert.Equal(200, status);
        return JsonNode.Parse(body)!["total"]!.GetValue<long>();
    }
}
