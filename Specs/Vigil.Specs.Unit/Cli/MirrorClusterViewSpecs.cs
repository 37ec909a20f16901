using System.Text.Json.Nodes;
using Vigil.Cli;
using Vigil.Cli.Mirror;
using Vigil.Daemon.ControlApi;

namespace Vigil.Specs.Unit.Cli;

/// <summary>
/// The pure parts of `vigil mirror` through the control API: the role each action needs, and the cluster view as text
/// (a node that did not answer, a witness, the copies outdated through consensus).
/// </summary>
public sealed class MirrorClusterViewSpecs
{
    [Theory]
    [InlineData("pause", false, "operator")]
    [InlineData("resume", false, "operator")]
    [InlineData("throttle", false, "operator")]
    [InlineData("demote", false, "operator")]
    [InlineData("promote", false, "operator")]
    [InlineData("promote", true, "admin")]
    [InlineData("create", false, "admin")]
    [InlineData("fullresync", false, "admin")]
    [InlineData("outdate", false, "admin")]
    [InlineData("discard", false, "admin")]
    public void RoleFor_EachAction_IsTheDocumentedRole(string verb, bool force, string role) =>
        Assert.Equal(CredentialStore.ParseRole(role), MirrorApiAction.RoleFor(MirrorApiAction.Find(verb)!, force));

    [Fact]
    public void Lines_NodesThatDidNotAnswerOrRunNoDriver_AreShownAndTheMarksListed()
    {
        var nodes = JsonNode.Parse("""
            [
              {"node":"node1","repd":true,"mirrors":[{"name":"vol","node":"node1","role":"primary","mode":"sync","disk":"upToDate","generation":"ab","appliedWrites":3,
                "suspended":false,"splitBrain":false,"peers":[{"node":"node2","state":"paused","dirtyChunks":2,"dirtyBytes":131072,"resyncDone":0,"resyncTotal":0,"resyncedChunksTotal":0}],"hotExtents":1}],
               "outdatedCopies":["vol@node2","other@node1"]},
              {"node":"node2","error":"repd-unreachable: this node's vigil-repd does not answer"},
              {"node":"node3","repd":false,"mirrors":[],"outdatedCopies":[]}
            ]
            """)!.AsArray();

        var lines = ClusterStatusText.Lines(nodes, "vol").ToList();

        Assert.Equal(
            [
                "vol  on node1: primary, sync, disk upToDate, generation ab, applied writes 3, hot extents 1",
                "  node2        paused       dirty 2 chunks (128 KiB)",
                "node2: not available (repd-unreachable: this node's vigil-repd does not answer)",
                "node3: no vigil-repd (witness, or mirroring off)",
                "outdated through consensus (never promoted until resynced): vol@node2",
            ],
            lines);
    }

    [Fact]
    public async Task Status_WithControlAndNoApi_UsesTheLocalSocketAndNamesItWhenMissing()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApp.RunAsync(["mirror", "status", "--control", "/nonexistent/vigil-control.sock"], output, error);

        Assert.Equal(CliApp.Unreachable, code);
        Assert.Contains("no vigil-repd control socket at /nonexistent/vigil-control.sock", error.ToString(), StringComparison.Ordinal);
    }
}
