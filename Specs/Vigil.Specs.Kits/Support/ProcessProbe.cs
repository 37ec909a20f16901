namespace Vigil.Specs.Kits.Support;

internal static class ProcessProbe
{
    /// <summary>Alive and not a zombie (a killed orphan may stay a zombie where PID 1 does not reap).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Polls until no pid is alive, with a deadline (no sleeps: SpinWait yields).</summary>
    public static bool AllDead(IEnumerable<int> pids, TimeSpan within) =>
        SpinWait.SpinUntil(() => pids.All(p => !IsAlive(p)), within);
}
