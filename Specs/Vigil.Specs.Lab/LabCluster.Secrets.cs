using System.Text;

namespace Vigil.Specs.Lab;

/// <summary>The record must never hold a secret: every file a node wrote (journal, Raft log, alert outbox) and its log.</summary>
internal sealed partial class LabCluster
{
    /// <summary>Every file under every node's data directory, and every node's log.</summary>
    public IReadOnlyList<string> RecordFiles() =>
        [.. Nodes.SelectMany(n => Directory.EnumerateFiles(Path.Combine(Dir, $"data-{n}"), "*", SearchOption.AllDirectories)).Concat(Nodes.Select(Controller.LogPath))];

    /// <summary>Fails naming the secret and the file if any of <paramref name="secrets"/> (as given or lower case) is in <see cref="RecordFiles"/>.</summary>
    public void AssertNoSecretInRecords(IReadOnlyDictionary<string, string> secrets)
    {
        foreach (var file in RecordFiles())
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal))
            {
                // Held exclusively by a running vigild (unreadable here); a lock file holds a pid at most.
                Assert.InRange(new FileInfo(file).Length, 0, 32);
                continue;
            }

            var bytes = File.ReadAllBytes(file);
            foreach (var (what, secret) in secrets)
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0, $"the {what} is in {file}");
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret.ToLowerInvariant())) >= 0, $"the {what} (lower case) is in {file}");
            }
        }
    }
}
