using System.Text;
using Vigil.Consensus;
using Vigil.Engine.Commands;

namespace Vigil.Specs.Consensus;

public sealed class EngineInputCodecSpecs
{
    [Fact]
    public void Encode_Input_WritesVersionedTypeNameAndJsonPayload()
    {
        var json = Encoding.UTF8.GetString(EngineInputCodec.Encode(new MembershipInputs.DeclareNodeDead("n2", "all paths dead")));

        Assert.Equal("""{"type":"input.node-dead.v1","data":{"node":"n2","reason":"all paths dead"}}""", json);
    }

    [Fact]
    public void Decode_EncodedInput_RoundTrips()
    {
        IEngineInput input = new MembershipInputs.ReportPathState("n1", "n2", "tcp", false, 850);

        Assert.Equal(input, EngineInputCodec.Decode(EngineInputCodec.Encode(input)));
    }

    [Fact]
    public void Decode_NotAnEncodedInput_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => EngineInputCodec.Decode(Encoding.UTF8.GetBytes("not json")));
        Assert.Throws<InvalidDataException>(() => EngineInputCodec.Decode(Encoding.UTF8.GetBytes("""{"type":"input.node-dead.v1"}""")));
    }

    [Fact]
    public void DecodeStamped_InputStampedByItsProposer_EveryMemberGetsTheSameTime()
    {
        var at = new DateTimeOffset(2026, 11, 25, 3, 12, 0, 250, TimeSpan.Zero);
        var payload = EngineInputCodec.Encode(new KitInputs.ReportActionResult(7, Vigil.Engine.Model.ActionOutcome.Failed, "exit 1"), at);

        var (input, stamped) = EngineInputCodec.DecodeStamped(payload);

        Assert.Equal(new KitInputs.ReportActionResult(7, Vigil.Engine.Model.ActionOutcome.Failed, "exit 1"), input);
        Assert.Equal(at, stamped);
        Assert.Null(EngineInputCodec.DecodeStamped(EngineInputCodec.Encode(input)).At);
    }
}
