using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon;

/// <summary>The <c>[journal]</c> section: forwarding to PostgreSQL, the password kept out of the configuration, errors naming file, line and field.</summary>
public sealed class JournalConfigSpecs : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("vigil-journal-conf-");

    public JournalConfigSpecs()
    {
        var secret = Path.Combine(_dir.FullName, "journal.secret");
        File.WriteAllText(secret, "s3cret-pw\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Config(string journal) => $"""
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 1
        paths = udp
        [node a]
        udp = 10.0.1.1:7400
        raft = 10.0.2.1:7402
        [node b]
        udp = 10.0.1.2:7400
        raft = 10.0.2.2:7402
        [node c]
        udp = 10.0.1.3:7400
        raft = 10.0.2.3:7402
        [local]
        node = a
        data-dir = /var/lib/vigil
        {journal}
        """;

    private NodeConfig Parse(string text) => NodeConfig.From(ConfigFile.Parse(Path.Combine(_dir.FullName, "vigild.conf"), text));

    [Fact]
    public void From_NoJournalSection_ForwardsNowhere() => Assert.Null(Parse(Config("")).ClusterJournal);

    [Fact]
    public void From_JournalSection_ForwardsWithThePasswordFromItsFileAndRunsTheDaemonByDefault()
    {
        var journal = Parse(Config("[journal]\npostgresql = Host=db1;Database=vigil;Username=vigil_node\npassword-file = journal.secret")).ClusterJournal!;

        Assert.True(journal.Projections);
        Assert.Equal("vigil", journal.Schema);
        Assert.Contains("Password=s3cret-pw", journal.ConnectWith(), StringComparison.Ordinal);
        Assert.Equal("postgresql://vigil_node@db1:5432/vigil (schema vigil)", journal.ToString());
    }

    [Theory]
    [InlineData("[journal]\npostgresql = Host=db1;Database=vigil;Username=n;Password=hunter2", "journal.postgresql", "password-file")]
    [InlineData("[journal]\npostgresql = Host=db1;Username=n", "journal.postgresql", "Host, Database and Username")]
    [InlineData("[journal]\npostgresql = Host=db1;Database=vigil;Username=n\nprojections = maybe", "journal.projections", "'maybe' is not on or off")]
    [InlineData("[journal]\npostgresql = Host=db1;Database=vigil;Username=n\nschema = Bad-Schema", "journal.schema", "plain PostgreSQL identifier")]
    [InlineData("[journal]\npostgresql = Host=db1;Database=vigil;Username=n\npassword-file = nowhere", "journal.password-file", "does not exist")]
    [InlineData("[journal]\nurl = x", "journal.url", "unknown setting")]
    public void From_BadJournalSetting_IsRefusedNamingFileLineAndField(string journal, string field, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Config(journal)));

        Assert.Equal(field, e.Field);
        Assert.True(e.Line > 0);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
