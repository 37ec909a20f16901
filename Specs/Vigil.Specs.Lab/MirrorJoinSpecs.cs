using Vigil.Cli;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Lab;

/// <summary>
/// A node added by <c>vigil cluster join</c> holds mirror copies like the nodes of the configuration files: its vigil-repd
/// address reaches every node's mirror kit and watch when the join commits, and it learns theirs the same way, with no
/// restart anywhere (namespace lab: node1, node2, a witness, then node4).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorJoinSpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task MirrorExtend_ToAJoinedNode_CopyCreatedFullySyncedAndByteIdentical()
    {
        await using var lab = LabCluster.CreateNamespaced(2);
        using var mirror = new MirrorLab(lab);
        mirror.Enable();
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var joined = lab.PrepareJoiningNode();
        mirror.EnableOn(joined);
        await lab.StartAsync(joined);
        var join = await ControlApiLab.VigilAsync(["cluster", "join", "--config", lab.ConfigPath(joined), "--lab", lab.Dir, "--lab-node", "node1", "--as", "admin"]);
        Assert.True(join.Code == CliApp.Ok, $"cluster join: exit {join.Code}: {join.Out}{join.Err}\n{lab.LogTails()}");
        await lab.WaitForKitsAsync();

        // The mirror resource names the joined node; its extension there creates the copy, restore on node1 makes it primary.
        var copies = new MirrorCopies(lab, mirror, "vol");
        await copies.CreateAsync("sync", ["node1", joined], 16);
        var target = await mirror.StatusAsync(joined, "vol");
        Assert.True(target is { Role: MirrorRole.Secondary }, $"{joined}'s copy: {target}\n{copies.RepdLog(joined)}");

        // Data written through node1's export reaches the joined node's copy: the two volumes are byte-identical.
        copies.Write("node1", 0x5a, "1M", "2M");
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(copies.Sha256("node1") == copies.Sha256(joined)), Deadline),
            $"{joined}'s copy differs from node1's: {await mirror.StatusAsync("node1", "vol")}\n{copies.RepdLog(joined)}");
        Assert.All(copies.Read(joined, 1 << 20, 4096), b => Assert.Equal(0x5a, b));
    }
}
