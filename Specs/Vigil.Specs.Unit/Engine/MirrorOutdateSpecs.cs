using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Engine;

/// <summary>
/// Outdate marks through consensus are the holder's to give. Regression (found by the mirror partition lab spec): the
/// sync primary cut off in a minority kept proposing its lost target outdated; after the heal the proposal committed,
/// outdated the copy that had taken over, and the old primary resumed writes alone — a split brain in sync mode.
/// </summary>
public sealed class MirrorOutdateSpecs
{
    private static readonly ResourceTypeSpec Mirror = new("mirror", [new ParameterSpec("mirror", ParameterKind.String, Required: true)]);

    private static Driver MirrorOnNode1()
    {
        var d = new Driver("node1", "node2", "node3");
        foreach (var n in new[] { "node1", "node2", "node3" })
        {
            d.Accept(new ConfigurationCommands.RegisterResourceTypes(n, [Mirror]));
        }

        d.Accept(new ConfigurationCommands.CreateResource("vol", "mirror", "node1", Clusters.Params(("mirror", "data"))));
        d.Accept(new ConfigurationCommands.ExtendResource("vol", "node2", 2));
        d.Accept(new OperatorCommands.RestoreResource("vol", "node1"));
        d.Settle();
        Assert.Equal("node1", d.State.MirrorHolder("data"));
        return d;
    }

    [Fact]
    public void MarkOutdated_ByTheHolderForItsLostTarget_IsCommittedToTheState()
    {
        using var d = MirrorOnNode1();

        d.Accept(new MirrorInputs.MarkMirrorCopyOutdated("data", "node2", "node1", "sync target lost"));

        Assert.True(d.State.IsMirrorCopyOutdated("data", "node2"));
    }

    [Fact]
    public void MarkOutdated_ByTheNewHolderWhileItsRestoreRuns_IsCommittedToTheState()
    {
        using var d = MirrorOnNode1();
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        Assert.Contains(d.State.PendingActions.Values, a => a is { Action: KitAction.Restore, Node: "node2" });

        d.Accept(new MirrorInputs.MarkMirrorCopyOutdated("data", "node1", "node2", "sync target lost"));

        Assert.True(d.State.IsMirrorCopyOutdated("data", "node1"));
    }

    [Fact]
    public void MarkOutdated_ByTheOldPrimaryAfterTheTakeover_IsRefusedAndTheHoldersCopyStaysCurrent()
    {
        using var d = MirrorOnNode1();
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "partition"));
        d.Settle();
        Assert.Equal("node2", d.State.MirrorHolder("data"));

        var decision = d.Decide(new MirrorInputs.MarkMirrorCopyOutdated("data", "node2", "node1", "sync target lost while primary writes"));

        Assert.True(decision.Refused);
        Assert.Equal("mirror-not-held", decision.Error!.Code);
        Assert.Contains("active on node2", decision.Error.Message, StringComparison.Ordinal);
        Assert.False(d.State.IsMirrorCopyOutdated("data", "node2"));
    }

    [Fact]
    public void MarkOutdated_OfAMirrorNoResourceNames_IsCommittedToTheState()
    {
        using var d = MirrorOnNode1();

        d.Accept(new MirrorInputs.MarkMirrorCopyOutdated("other", "node2", "node1", "operator's own mirror"));

        Assert.True(d.State.IsMirrorCopyOutdated("other", "node2"));
    }
}
