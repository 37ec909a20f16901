using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Vigil.Heartbeat.CommPaths;
using Vigil.Heartbeat.Scheduling;
using Vigil.Membership;

namespace Vigil.Heartbeat;

/// <summary>
/// The heartbeat process: reads its <see cref="HeartbeatPlan"/>, opens the comm paths, judges them, and reports
/// transitions to vigild (<see cref="HeartbeatWire"/>); reconfigures its paths in place when vigild sends the
/// committed set (<see cref="CommPathPlan"/>). It lives exactly as long as vigild's end of its standard
/// input: when vigild exits or is killed the pipe closes and the node stops beating at once.
/// </summary>
internal static partial class HeartbeatProcess
{
    public static int Run(Stream input, Stream output, TextWriter errors)
    {
        var report = new LineWriter(output);
        HeartbeatPlan plan;
        ClusterKey key;
        try
        {
            plan = HeartbeatPlan.Read(new StringReader(ReadPlanText(input)));
            key = ClusterKey.Load(plan.KeyFile);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            report.Line($"error {ex.Message}");
            return 2;
        }

        RaisePriority(errors);
        Realtime.Configure(plan.RealtimePriority, errors);
        var detector = new FailureDetector(plan.Profile, plan.Peers.Select(p => p.Name), plan.Paths, TimeProvider.System);
        var sink = new HeartbeatSink(plan, key, detector);
        var frames = new FrameSource(plan, key);
        var paths = new CommPathSet(plan, frames, sink, detector);
        try
        {
            paths.Apply(CommPathSet.FromPlan(plan), plan.ConfigVersion);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException or FormatException)
        {
            paths.Dispose();
            report.Line($"error cannot open comm paths {string.Join(',', plan.Paths)}: {ex.Message}");
            return 3;
        }

        report.Line(HeartbeatWire.Ready);
        using var stop = new CancellationTokenSource();
        var judge = new Thread(() => Judge(detector, sink, plan.Profile, report, stop.Token))
        {
            IsBackground = true,
            Priority = ThreadPriority.Highest,
            Name = "vigil-detector",
        };
        judge.Start();
        ReadInput(input, frames, paths, report);
        stop.Cancel();
        judge.Join(TimeSpan.FromSeconds(2));
        paths.Dispose();

        return 0;
    }

    /// <summary>The plan's lines up to <c>end</c>, read byte by byte so nothing after it (the ticks) is consumed.</summary>
    private static string ReadPlanText(Stream input)
    {
        var text = new StringBuilder();
        var line = new List<byte>();
        int b;
        while ((b = input.ReadByte()) >= 0)
        {
            if (b != '\n')
            {
                line.Add((byte)b);
                continue;
            }

            var s = Encoding.UTF8.GetString([.. line]);
            line.Clear();
            text.Append(s).Append('\n');
            if (s == "end")
            {
                return text.ToString();
            }
        }

        throw new FormatException("heartbeat plan: standard input ended before 'end'");
    }

    private static void Judge(FailureDetector detector, HeartbeatSink sink, HeartbeatProfile profile, LineWriter report, CancellationToken stop)
    {
        Realtime.EnterCurrentThread();
        var pause = TimeSpan.FromTicks(Math.Max(profile.Interval.Ticks / 4, TimeSpan.TicksPerMillisecond));
        var statsEvery = TimeSpan.FromSeconds(10).Ticks / pause.Ticks;
        for (long round = 1; !stop.IsCancellationRequested; round++)
        {
            var (paths, _) = detector.Evaluate();
            foreach (var t in paths)
            {
                report.Line(HeartbeatWire.Path(t));
            }

            if (round % statsEvery == 0)
            {
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"stats {GC.GetTotalAllocatedBytes()} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)} {sink.Accepted} {sink.Refused}"));
            }

            stop.WaitHandle.WaitOne(pause);
        }
    }

    /// <summary>
    /// nice −11 (<see cref="ProcessPriorityClass.High"/>): the beats win the CPU against vigild, kits and busy
    /// applications. Needs root (CAP_SYS_NICE); without it the process runs at vigild's priority and says so.
    /// </summary>
    private static void RaisePriority(TextWriter errors)
    {
        try
        {
            using var self = Process.GetCurrentProcess();
            self.PriorityClass = ProcessPriorityClass.High;
        }
        catch (Win32Exception ex)
        {
            errors.WriteLine($"vigil-heartbeat: cannot raise priority ({ex.Message}); beating at normal priority");
        }
    }
}
