using Vigil.Cli.Lab;

namespace Vigil.Specs.Lab;

internal sealed partial class LabCluster
{
    /// <summary>
    /// Cuts (or heals) only the vigil-repd link between two nodes: a <c>tc</c> filter on each side stalls the packets to
    /// the other one's mirror port or from its own (the link shares its address with Raft and heartbeats, which go on).
    /// A dead link its ends notice only when their receive timeout passes, as after a pulled cable on the way.
    /// </summary>
    public void CutMirrorLink(string a, string b, int port, bool heal)
    {
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var ns = Namespace(from);
            if (heal)
            {
                Shell.TryRun("ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", "hb2", "root");
                continue;
            }

            var dst = LabNetwork.HeartbeatAddress(LabNetwork.Heartbeat2, to) + "/32";
            var p = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // This kernel has no drop action nor prio/netem qdiscs: the link's packets go to an HTB class of 8 bit/s,
            // where a frame would take minutes (a delete of the qdisc drops them).
            void Tc(params string[] args) => Shell.Run("ip", ["netns", "exec", ns, "tc", .. args]);
            Tc("qdisc", "add", "dev", "hb2", "root", "handle", "1:", "htb", "default", "1");
            Tc("class", "add", "dev", "hb2", "parent", "1:", "classid", "1:1", "htb", "rate", "1gbit");
            Tc("class", "add", "dev", "hb2", "parent", "1:", "classid", "1:2", "htb", "rate", "8bit", "ceil", "8bit");
            foreach (var side in new[] { "dport", "sport" })
            {
                Tc("filter", "add", "dev", "hb2", "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", "dst", dst, "match", "ip", side, p, "0xffff", "flowid", "1:2");
            }
        }
    }
}
