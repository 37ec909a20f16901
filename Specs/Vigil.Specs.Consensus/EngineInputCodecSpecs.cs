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
}
