using System.Globalization;
using System.Text;

namespace Vigil.Cli.Lab;

/// <summary>
/// The lab's fence agent: a shell script, <c>DIR/fence-lab</c>, that powers a lab node off the way
/// <see cref="LabController.Crash"/> does — freeze its cgroup, pull its cables, SIGKILL everything in it, thaw so the
/// kills land — from whichever node runs it. vigild runs agents inside its node's network namespace, whose /sys
/// (remounted by <c>ip netns exec</c>) hides the cgroup tree, so the script first mounts the same hierarchy in a private
/// mount namespace of its own. A script, not a `vigil` command: fencing time is takeover time, and a shell starts in
/// milliseconds.
/// </summary>
internal static class LabFence
{
    public const string FileName = "fence-lab";

    /// <summary>Writes the agent for a lab with <c>Fencing = lab</c> (needs root: the lab's nodes live in cgroups).</summary>
    public static void Write(string dir, LabState state)
    {
        if (state.Fencing == "none")
        {
            return;
        }

        if (state.Fencing != "lab")
        {
            throw new ArgumentException($"fencing '{state.Fencing}': lab or none");
        }

        if (!Shell.IsRoot)
        {
            throw new InvalidOperationException("lab fencing needs root (a lab node is powered off through its cgroup): use --fencing none");
        }

        var path = Path.Combine(dir, FileName);
        File.WriteAllText(path, Script(dir, state));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    private static string Script(string dir, LabState state)
    {
        var root = Path.GetDirectoryName(LabFreezer.GroupFor(state.LabId, state.Nodes[0].Name))!;
        var mount = root.EndsWith("/freezer", StringComparison.Ordinal) ? "cgroup -o freezer freezer" : "cgroup2 none";
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $$"""
            #!/bin/sh
            # The lab's fence agent, written by `vigil lab up --fencing lab` (docs/operations.md, "Fencing").
            # vigild calls it as: {{FileName}} NODE off|on|status. Exit 0: done (status: on); 2: status off; other: failed.
            # off does what `vigil lab crash` does: freeze the node's cgroup, pull its cables, SIGKILL all, thaw.
            set -u
            node="${1:-}" action="${2:-}"
            if [ ! -d "{{root}}" ] && [ -z "${VIGIL_LAB_FENCE_MOUNTED:-}" ]; then
              # Run by vigild in its node's network namespace, whose /sys hides the cgroup tree: mount it, privately.
              export VIGIL_LAB_FENCE_MOUNTED=1
              exec unshare --mount --propagation private -- sh -c \
                'mount -t tmpfs none /sys/fs/cgroup && mkdir -p "{{root}}" && mount -t {{mount}} "{{root}}" && exec "$0" "$@"' "$0" "$@"
            fi
            case "$node" in

            """);
        foreach (var n in state.Nodes)
        {
            var links = state.Namespaces ? string.Join(' ', LabNetwork.SwitchLinks(n.Name)) : string.Empty;
            s.Append(CultureInfo.InvariantCulture, $"  {n.Name}) group=\"{LabFreezer.GroupFor(state.LabId, n.Name)}\" links=\"{links}\" ;;\n");
        }

        s.Append(CultureInfo.InvariantCulture, $$"""
              *) echo "{{FileName}}: '$node' is not a node of this lab" >&2; exit 1 ;;
            esac
            [ "${VIGIL_FENCE_NODE:-}" != "$node" ] || { echo "{{FileName}}: $node will not fence itself" >&2; exit 1; }
            freeze() { if [ -f "$group/freezer.state" ]; then echo "$1" > "$group/freezer.state"; else echo "$2" > "$group/cgroup.freeze"; fi; }
            procs() { cat "$group/cgroup.procs" 2>/dev/null; }
            case "$action" in
              off)
                [ -d "$group" ] || { echo "$node has no cgroup: off"; exit 0; }
                freeze FROZEN 1
                for l in $links; do ip -n "{{new LabNetwork(state.LabId).Switch}}" link set "$l" down; done
                kill -9 $(procs) 2>/dev/null
                freeze THAWED 0
                i=0
                while [ -n "$(procs)" ]; do
                  [ $i -lt 300 ] || { echo "$node still runs processes" >&2; exit 1; }
                  kill -9 $(procs) 2>/dev/null; sleep 0.01; i=$((i + 1))
                done
                echo "$node off" ;;
              status)
                if [ -n "$(procs)" ]; then echo "$node on"; exit 0; else echo "$node off"; exit 2; fi ;;
              on)
                exec "{{Path.Combine(AppContext.BaseDirectory, "vigil")}}" lab restart --dir "{{dir}}" "$node" ;;
              *) echo "{{FileName}}: action '$action' is not off, on or status" >&2; exit 1 ;;
            esac

            """);
        return s.ToString();
    }
}
