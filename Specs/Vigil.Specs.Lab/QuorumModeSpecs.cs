using Vigil.Cli.Lab;

namespace Vigil.Specs.Lab;

/// <summary><c>quorum = none</c> on real processes: the lab's two nodes without a witness start, and say they are unprotected.</summary>
[Collection(LabCollection.Name)]
public sealed class QuorumModeSpecs
{
    [Fact]
    public async Task LabUp_TwoNodesWithQuorumNone_BothStartAndWarnAboutIt()
    {
        var root = Directory.CreateTempSubdirectory("vigil-lab-").FullName;
        var lab = new LabController(Path.Combine(root, "lab"));
        var state = lab.Create(2, "default", "udp, tcp, disk", quorum: "none");
        try
        {
            foreach (var n in state.Nodes)
            {
                n.Pid = await lab.StartAsync(n.Name, TimeSpan.FromSeconds(60));
                state.Save(lab.Dir);
            }

            // The console logger writes in the background: the warning may land just after READY.
            foreach (var n in state.Nodes)
            {
                Assert.True(
                    await Poll.UntilAsync(() => Task.FromResult(File.ReadAllText(lab.LogPath(n.Name)).Contains("quorum = none: this node keeps its resources without a majority", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)),
                    $"{n.Name} did not warn about quorum = none:\n" + File.ReadAllText(lab.LogPath(n.Name)));
            }

            // Both voters up: they elect a leader and commit (each adds the other).
            Assert.True(await Poll.UntilAsync(
                async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Envelope.Data is Vigil.Engine.Events.NodeEvents.NodeAdded { Node: "node2" }),
                TimeSpan.FromSeconds(20)), "the two nodes did not commit anything:\n" + File.ReadAllText(lab.LogPath("node1")));
        }
        finally
        {
            lab.Down();
            Directory.Delete(root, recursive: true);
        }
    }
}
