using System.Net.Sockets;
using System.Text;
using Vigil.Heartbeat.CommPaths;
using Vigil.Membership;

namespace Vigil.Heartbeat;

/// <summary>What vigild writes after the plan: tick lines (allocation-free) and, now and then, a new comm path set.</summary>
internal static partial class HeartbeatProcess
{
    private static readonly byte[] TickBytes = Encoding.ASCII.GetBytes(HeartbeatWire.Tick);

    /// <summary>Reads ticks and comm path plans until vigild closes the pipe.</summary>
    private static void ReadInput(Stream input, FrameSource frames, CommPathSet paths, LineWriter report)
    {
        var buffer = new byte[256];
        var line = new byte[1024];
        var length = 0;
        (long Version, int Count)? pending = null;
        List<PlanPath> received = [];
        int n;
        while ((n = input.Read(buffer)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] != '\n')
                {
                    if (length == line.Length)
                    {
                        Array.Resize(ref line, line.Length * 2);
                    }

                    line[length++] = buffer[i];
                    continue;
                }

                var text = line.AsSpan(0, length);
                length = 0;
                if (text.SequenceEqual(TickBytes))
                {
                    frames.OnOwnerTick(); // the common case: no allocation
                    continue;
                }

                pending = OnLine(Encoding.UTF8.GetString(text), pending, received, paths, report);
            }
        }
    }

    private static (long Version, int Count)? OnLine(string text, (long Version, int Count)? pending, List<PlanPath> received, CommPathSet paths, LineWriter report)
    {
        try
        {
            if (pending is null)
            {
                pending = CommPathPlan.ParseHeader(text);
                received.Clear();
            }
            else
            {
                received.Add(CommPathPlan.ParsePath(text));
            }
        }
        catch (FormatException ex)
        {
            report.Line(HeartbeatWire.ApplyFailed(pending?.Version ?? -1, ex.Message));
            return null;
        }

        if (pending is not { } plan || received.Count < plan.Count)
        {
            return pending;
        }

        try
        {
            var (started, stopped) = paths.Apply(received, plan.Version);
            report.Line(HeartbeatWire.Applied(plan.Version, started, stopped));
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or FormatException)
        {
            report.Line(HeartbeatWire.ApplyFailed(plan.Version, ex.Message));
        }

        return null;
    }
}
