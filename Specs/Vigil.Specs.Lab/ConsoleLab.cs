using Microsoft.Playwright;
using Vigil.Cli.Lab;

namespace Vigil.Specs.Lab;

/// <summary>
/// A 3-node namespace lab and a real headless browser for the web console specs: Debian's chromium, driven by
/// Playwright with an explicit executable path (nothing downloaded), started inside the lab's client namespace so it
/// reaches the nodes' API addresses as an operator's workstation would. Screenshots go to the test output directory.
/// </summary>
public sealed class ConsoleLab : IAsyncLifetime
{
    /// <summary>Debian's chromium (scripts/apt-packages.txt).</summary>
    public const string Chromium = "/usr/bin/chromium";

    private LabCluster? _lab;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal LabCluster Lab => _lab!;

    /// <summary>Where the screenshots of a run are kept (the test output directory).</summary>
    public static string Shots => Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(Shell.IsRoot, "the web console specs need root (a namespace lab; CI runs as root)");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the apt packages (scripts/setup.sh)");
        _lab = LabCluster.Create(3, namespaces: true);
        foreach (var n in _lab.Nodes)
        {
            Directory.CreateDirectory(Path.Combine(_lab.GenAppStateDir, n));
            await _lab.StartAsync(n);
        }

        await _lab.WaitForKitsAsync();
        // The browser runs in the client namespace, on the lab's public network with the nodes' API addresses.
        var launcher = Path.Combine(_lab.Dir, "chromium-in-client-namespace");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec ip netns exec {new LabNetwork(_lab.State.LabId).Client} {Chromium} \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Shots);
        // Live updates arrive within about a second; the default 5 s is short for a loaded 2-core CI machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = launcher, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    internal string Password(string role) => LabCredentials.Password(Lab.Dir, role)!;

    /// <summary>The console's address on <paramref name="node"/>.</summary>
    internal string Url(string node) => $"https://{LabController.ApiAddress(Lab.State, Lab.State.Node(node))}/";

    /// <summary>A fresh page (own context: no shared credentials) that accepts the lab's self-signed cluster certificate.</summary>
    internal async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Opens the console on <paramref name="node"/> and logs in as the lab user of <paramref name="role"/>; waits for the live feed.</summary>
    internal async Task LoginAsync(IPage page, string node, string role)
    {
        await page.GotoAsync(Url(node));
        await page.FillAsync("#login-form [name=user]", role);
        await page.FillAsync("#login-form [name=password]", Password(role));
        await page.ClickAsync("#login-form button[type=submit]");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live", new() { Timeout = 30_000 });
    }

    /// <summary>Saves a full-page screenshot as a test artefact and returns its path.</summary>
    internal static async Task<string> ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Shots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Runs <paramref name="steps"/>; if one fails, keeps a screenshot of the page as it was, then fails.</summary>
    internal static async Task OnFailureShootAsync(IPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception)
        {
            await ShotAsync(page, name);
            throw;
        }
    }

    /// <summary>A request sent by the page itself (the browser's own fetch, in its namespace), with the given user's Basic credentials.</summary>
    internal async Task<(int Status, string Body)> FetchAsync(IPage page, string method, string path, string role, string? body = null)
    {
        var answer = await FetchRawAsync(page, method, path, role, Password(role), body);
        return (answer.Status, answer.Body);
    }

    /// <summary>
    /// The page's own fetch with any credentials (<paramref name="user"/> null: none) and the console header; answers the
    /// status, the body and the two headers the specs check (Content-Security-Policy and WWW-Authenticate, "" if absent).
    /// </summary>
    internal static async Task<(int Status, string Body, string Policy, string Challenge)> FetchRawAsync(
        IPage page, string method, string path, string? user, string? password, string? body = null)
    {
        var result = await page.EvaluateAsync<string[]>(
            """
            async ([method, path, user, password, body]) => {
              const headers = { 'X-Vigil-Console': '1', 'Content-Type': 'application/json' };
              if (user !== null) headers.Authorization = 'Basic ' + btoa(user + ':' + password);
              const init = { method, headers };
              if (body !== null) init.body = body;
              const r = await fetch(path, init);
              return [String(r.status), await r.text(), r.headers.get('content-security-policy') ?? '', r.headers.get('www-authenticate') ?? ''];
            }
            """,
            new object?[] { method, path, user, password, body });
        return (int.Parse(result[0], System.Globalization.CultureInfo.InvariantCulture), result[1], result[2], result[3]);
    }
}
