using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Hosting;
using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Control;

/// <summary>
/// Maps one control request to a mirror command; a refusal becomes <c>ok: false</c> with the reason. <see cref="Handle"/>
/// runs the command (in the control socket's one-at-a-time slot) and returns how to finish the answer: at once for
/// every command but verify, whose wait for the peer's answers comes after the slot is free again.
/// </summary>
internal sealed class ControlDispatcher(MirrorRegistry registry)
{
    public Func<ControlResponse> Handle(ControlRequest request)
    {
        try
        {
            if (request.Command == "status" && request.Mirror is null)
            {
                var all = new ControlResponse(true, null, [.. registry.All().Select(m => m.Status())]);
                return () => all;
            }

            var mirror = request.Command == "create"
                ? registry.Create(request.Spec ?? throw new ArgumentException("create needs a spec"))
                : registry.Find(request.Mirror ?? throw new ArgumentException("which mirror?"))
                  ?? throw new InvalidOperationException($"no mirror {request.Mirror}");
            if (request.Command == "verify")
            {
                var answers = VerifyCommand.Begin(mirror, request);
                return () => Refusable(() => new ControlResponse(true, null, [mirror.Status()], answers()));
            }

            Apply(mirror, request);
            var answer = new ControlResponse(true, null, [mirror.Status()]);
            return () => answer;
        }
        catch (Exception e) when (Refusal(e))
        {
            var refused = new ControlResponse(false, e.Message, null);
            return () => refused;
        }
    }

    private static bool Refusal(Exception e) => e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException;

    private static ControlResponse Refusable(Func<ControlResponse> finish)
    {
        try
        {
            return finish();
        }
        catch (Exception e) when (Refusal(e))
        {
            return new ControlResponse(false, e.Message, null);
        }
    }

    private static void Apply(Mirror mirror, ControlRequest request)
    {
        switch (request.Command)
        {
            case "create" or "status":
                break;
            case "pause":
                mirror.Pause(request.Peer);
                break;
            case "resume":
                mirror.Resume(request.Peer);
                break;
            case "fullresync":
                mirror.FullResync(request.Peer);
                break;
            case "promote":
                mirror.Promote(request.Force);
                break;
            case "demote":
                mirror.Demote();
                break;
            case "outdate":
                mirror.Outdate(request.Peer);
                break;
            case "discard":
                mirror.Discard();
                break;
            case "throttle":
                mirror.Throttle(request.BytesPerSecond);
                break;
            default:
                throw new ArgumentException($"unknown command '{request.Command}'");
        }
    }
}
