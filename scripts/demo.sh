#!/usr/bin/env bash
# The main job on a fresh machine: a real three-node lab (one vigild per node, each in its own network namespace
# and cgroup when run as root) protects a sample application with the GenApp kit in a two-level hierarchy
# (web depends on db), the active node crashes (every process of it killed, its links pulled), the hierarchy comes
# back on the next priority; `vigil status` shows it, `vigil history` and `vigil why` tell what happened from the
# survivor's embedded journal, its hash chain is verified and its replay checked decision by decision.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$(id -u)" = 0 ]; then bash scripts/setup.sh; fi   # iproute2, procps … for the namespace lab
dotnet build Hosts/Vigil.Cli -c Release -nologo -clp:ErrorsOnly -v quiet
bin="$root/Hosts/Vigil.Cli/bin/Release/net10.0"
vigil="$bin/vigil"
lab="${1:-$root/.lab/demo}"
[ -f "$lab/lab.json" ] && "$vigil" lab down --dir "$lab" >/dev/null 2>&1 || true
rm -rf "$lab"

. "$root/scripts/lab-hierarchy.sh"

echo "== vigil lab up --nodes 3"; "$vigil" lab up --nodes 3 --dir "$lab"
create_hierarchy
wait_running node1
echo; echo "== vigil status (web and db in service on node1)"; "$vigil" status --lab "$lab" --as guest

echo; echo "== vigil lab crash node1"
"$vigil" lab crash node1 --dir "$lab" > "$lab/crash.out" &   # ground truth is watched while it reaps node1
crash_pid=$!
wait_running node2
found_at=$(( $(date +%s%N) / 1000000 ))
wait "$crash_pid"; cat "$lab/crash.out"
crashed_at=$(sed -n 's/.* crashed at \([0-9]*\) .*/\1/p' "$lab/crash.out")
echo "db and web running on node2 $(( found_at - crashed_at )) ms after the crash (detection, lease, the quorate verdict, restores in order)"
echo; echo "== vigil status (seen from node2)"; "$vigil" status --lab "$lab" --lab-node node2 --as guest

journal="$lab/data-node2/journal"
echo; echo "== vigil history --resource web (node2's journal)"; "$vigil" history --journal "$journal" --resource web
echo; echo "== vigil why web"; "$vigil" why web --journal "$journal"
echo; echo "== vigil journal verify"; "$vigil" journal verify --journal "$journal"
echo; echo "== vigil replay --verify"; "$vigil" replay --journal "$journal" --verify
echo; echo "== vigil lab down"; "$vigil" lab down --dir "$lab"
