using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Vigil.Cli.Lab;
using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Journal.Marten;
using Vigil.Journal.Projections;
using Vigil.Specs.Support;

namespace Vigil.Specs.Lab;

/// <summary>
/// vigild hosting the journal forwarder (<c>[journal]</c>) on real processes, against a PostgreSQL of the spec's own
/// (so that stopping it disturbs no other spec): an outage of the cluster store loses nothing and duplicates nothing,
/// the lag metric shows the backlog and returns to 0, and the async daemon (hot/cold, in one vigild) catches up.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class JournalForwardingLabSpecs
{
    private const string NodePassword = "lab-node-password";

    [Fact]
    public async Task Forwarding_AcrossAPostgresOutage_NoEventIsLostOrDuplicatedAndTheLagReturnsToZero()
    {
        var pgDir = Path.Combine(Path.GetTempPath(), "vigil-lab-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var admin = await PgAsync("start", pgDir);
        try
        {
            await MartenJournalSchema.CreateSchemaAsync(admin, EngineEvents.Serializer, configure: AuditProjections.Configure);
            await MartenJournalSchema.CreateNodeRoleAsync(admin, "vigil_node", NodePassword);
            await using var lab = LabCluster.Create(3);
            var nodeConnection = new NpgsqlConnectionStringBuilder(admin) { Username = "vigil_node" }.ConnectionString;
            var secret = Path.Combine(lab.Dir, "journal.secret");
            await File.WriteAllTextAsync(secret, NodePassword + "\n");
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            foreach (var node in lab.Nodes)
            {
                await File.AppendAllTextAsync(lab.ConfigPath(node), $"[journal]\npostgresql = {nodeConnection}\npassword-file = journal.secret\n");
                await lab.StartAsync(node);
            }

            Assert.True(await Poll.UntilAsync(async () => await AllCaughtUpAsync(lab), TimeSpan.FromSeconds(90)), await LagsAsync(lab));

            await PgAsync("pause", pgDir);
            lab.Cut("node1", "disk");
            var backlog = await Poll.UntilAsync(async () => await LagAsync(lab, "node1") > 0, TimeSpan.FromSeconds(60));
            lab.Cut("node1", "disk", heal: true);
            Assert.True(backlog, "node1's lag never rose while PostgreSQL was down: " + await LagsAsync(lab));
            await PgAsync("resume", pgDir);

            Assert.True(await Poll.UntilAsync(async () => await AllCaughtUpAsync(lab), TimeSpan.FromSeconds(120)), await LagsAsync(lab));
            await using var cluster = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = admin }, EngineEvents.Serializer);
            var stored = new List<Vigil.Journal.RecordedEvent>();
            await foreach (var e in cluster.ReadAllAsync())
            {
                stored.Add(e);
            }

            foreach (var node in lab.Nodes)
            {
                // The journal keeps growing (beats, checks): compare the prefix the store holds with the node's journal.
                var local = await lab.ReadJournalAsync(node);
                var forwarded = stored.Where(e => e.Envelope.Node == node).OrderBy(e => e.Envelope.Sequence).Select(e => (e.Envelope.Sequence, e.Envelope.EventId)).ToList();
                Assert.Equal(forwarded.Count, forwarded.Select(f => f.EventId).Distinct().Count());
                Assert.Equal(local.Take(forwarded.Count).Select(e => (e.Envelope.Sequence, e.Envelope.EventId)), forwarded);
                Assert.Contains(local, e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false });
            }

            Assert.Contains(stored, e => e.Envelope.Data is MembershipInputs.ReportPathState { Observer: "node1", Alive: false });
            await using var reader = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = admin, Configure = AuditProjections.ConfigureDocuments }, EngineEvents.Serializer);
            Assert.True(await Poll.UntilAsync(async () => (await ProjectionProgress.ReadAsync(reader.DocumentStore)).Behind == 0, TimeSpan.FromSeconds(60)),
                $"the async daemon never caught up: {await ProjectionProgress.ReadAsync(reader.DocumentStore)}\n"
                + string.Join("\n", lab.Nodes.SelectMany(n => lab.Output(n).Split('\n')).Where(l => l.Contains("Marten", StringComparison.Ordinal) || l.Contains("rojection", StringComparison.Ordinal) || l.Contains("aemon", StringComparison.Ordinal)).Take(40)));
        }
        finally
        {
            await PgAsync("stop", pgDir);
        }
    }

    private static async Task<bool> AllCaughtUpAsync(LabCluster lab)
    {
        foreach (var node in lab.Nodes)
        {
            if (await LagAsync(lab, node) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<string> LagsAsync(LabCluster lab)
    {
        var lags = new List<string>();
        foreach (var node in lab.Nodes)
        {
            lags.Add($"{node}: {await LagAsync(lab, node)}");
        }

        return "forwarding lag " + string.Join(", ", lags);
    }

    /// <summary><c>vigil_journal_forwarding_lag</c> scraped from the node's <c>/metrics</c> (null: not reported).</summary>
    private static async Task<long?> LagAsync(LabCluster lab, string node)
    {
        using var http = new HttpClient(Vigil.Daemon.ControlApi.PinnedCertificate.Handler(
            Vigil.Daemon.ControlApi.PinnedCertificate.Load(Path.Combine(lab.Dir, "cluster.pfx")), TimeSpan.FromSeconds(5)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{LabController.ApiAddress(lab.State, lab.State.Node(node))}/metrics");
        var password = LabCredentials.Password(lab.Dir, "guest");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"guest:{password}")));
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("vigil_journal_forwarding_lag", StringComparison.Ordinal));
            return line is null ? null : (long)double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<string> PgAsync(string command, string dir)
    {
        using var p = Process.Start(new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "pg.sh"), command, dir])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(p.ExitCode == 0, $"pg.sh {command}: {await error}");
        return (await output).Trim();
    }
}
