using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// The worst crash for a takeover: the node that runs the application is also the Raft leader, so nothing can be
/// committed (no fencing, no verdict, no restore) until the survivors have elected one of themselves. Ground truth:
/// where the application runs; the journals say what was committed, and how many times.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LeaderCrashSpecs
{
    [Fact]
    public async Task Crash_TheLeaderWhileItRunsWeb_ASurvivorLeadsAndWebRunsOnOneSurvivorWithItsRestoreResultCommittedOnce()
    {
        Assert.True(Shell.IsRoot, "the leader-crash spec needs root for the namespace lab and its cgroups (CI runs as root)");
        await using var lab = LabCluster.Create(3, namespaces: true, fencing: "lab", leaderPlacement: "any"); // the leader must be allowed to run web
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.Leader("node1") is not null), TimeSpan.FromSeconds(30)), "no leader:\n" + lab.LogTails());
        var leader = lab.Leader("node1")!;
        var others = lab.Nodes.Where(n => n != leader).ToArray();
        await lab.CreateGenAppAsync("web", leader);
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", others[0], 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", others[1], 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("web", leader));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", leader) is not null), TimeSpan.FromSeconds(30)), $"web did not come up on {leader}:\n" + lab.LogTails());
        // On a loaded machine leadership can move (a false election is allowed): follow it, so the crash hits the leader.
        for (var i = 0; i < 3 && lab.Leader(others[0]) is { } now && now != leader; i++)
        {
            await lab.SubmitAsync(new OperatorCommands.Switchover("web", now));
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", now) is not null), TimeSpan.FromSeconds(30)), $"web did not switch over to {now}:\n" + lab.LogTails());
            leader = now;
            others = [.. lab.Nodes.Where(n => n != leader)];
        }

        Assert.Equal(leader, lab.Leader(others[0]));
        var watch = new RunningWatch(lab, "web");

        lab.Crash(leader);

        string? target = null;
        Assert.True(await Poll.UntilAsync(() => Task.FromResult((target = others.FirstOrDefault(n => lab.RunningPid("web", n) is not null)) is not null), TimeSpan.FromSeconds(30)),
            "web did not fail over to a survivor:\n" + lab.LogTails());
        await watch.DisposeAsync();
        Assert.Empty(watch.Twice);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.Leader(target!) is { } l && others.Contains(l)), TimeSpan.FromSeconds(10)), "the survivors elected no leader:\n" + lab.LogTails());

        // The restore's result travels from the backup to the new leader (through the relay unless the backup leads
        // now): every survivor must have it committed exactly once — not lost in a forward to the dead leader, not
        // proposed twice by a retry.
        // web runs there, so the restore that started it was requested (and journaled there) before it ran.
        var actionId = (await lab.ReadJournalAsync(target!))
            .Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>()
            .Last(a => a is { Tag: "web", Action: KitAction.Restore } && a.Node == target).ActionId;
        foreach (var survivor in others)
        {
            Assert.NotNull(await lab.WaitForEventAsync(survivor, e => e is KitInputs.ReportActionResult r && r.ActionId == actionId, TimeSpan.FromSeconds(10)));
            var results = (await lab.ReadJournalAsync(survivor)).Where(e => e.Envelope.Data is KitInputs.ReportActionResult r && r.ActionId == actionId).ToList();
            Assert.Single(results);
            Assert.Equal(ActionOutcome.Succeeded, ((KitInputs.ReportActionResult)results[0].Envelope.Data).Outcome);
        }
    }
}
