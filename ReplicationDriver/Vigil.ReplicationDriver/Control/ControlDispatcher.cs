using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Hosting;
using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Control;

/// <summary>Maps one control request to a mirror command; a refusal becomes <c>ok: false</c> with the reason.</summary>
internal sealed class ControlDispatcher(MirrorRegistry registry)
{
    public ControlResponse Handle(ControlRequest request)
    {
        try
        {
            if (request.Command == "status" && request.Mirror is null)
            {
                return new ControlResponse(true, null, [.. registry.All().Select(m => m.Status())]);
            }

            var mirror = request.Command == "create"
                ? registry.Create(request.Spec ?? throw new ArgumentException("create needs a spec"))
                : registry.Find(request.Mirror ?? throw new ArgumentException("which mirror?"))
                  ?? throw new InvalidOperationException($"no mirror {request.Mirror}");
            if (request.Command == "verify")
            {
                return new ControlResponse(true, null, [mirror.Status()], VerifyCommand.Run(mirror, request));
            }

            Apply(mirror, request);
            return new ControlResponse(true, null, [mirror.Status()]);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
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
