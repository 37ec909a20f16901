#!/usr/bin/env bash
# Benchmark of the main job (issue: crash → ISP on the backup): a three-node namespace lab protects the GenApp
# hierarchy web -> db; the node running it is crashed (every process killed, links pulled) N times, and each time
# the time from the start of the crash until both applications run on another node is measured from ground truth
# (pid files and live processes, polled every 5 ms with shell builtins only), from the instant the crash froze the node. Prints every sample,
# then median and p99.
# Usage (as root): [FENCING=lab|none] bash scripts/bench-failover.sh [default|fast] [crashes] [--crash active|leader|follower]
# FENCING (default lab): the survivors power the crashed node off with the lab's fence agent and take over at once;
# none: they wait for its lease (lease + margin) instead.
# --crash (default active): which node dies. active: the node running the hierarchy, whatever its Raft role; leader:
# the hierarchy is first switched over to the Raft leader, so every crash also costs an election; follower: it is first
# switched over to a node that does not lead, so no crash does. Each sample line says whether the crashed node led.
# vigild keeps the leadership off nodes that run resources (leader-placement = fewest-resources), so with --crash
# leader the lab runs with leader-placement = any: otherwise the leader would resign as soon as it runs the hierarchy.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
crash_mode="${CRASH:-active}" positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --crash) crash_mode="${2:?--crash needs active, leader or follower}"; shift 2 ;;
    --crash=*) crash_mode="${1#--crash=}"; shift ;;
    *) positional+=("$1"); shift ;;
  esac
done
case "$crash_mode" in active|leader|follower) ;; *) echo "--crash: expected active, leader or follower, got '$crash_mode'" >&2; exit 2 ;; esac
profile="${positional[0]:-default}" crashes="${positional[1]:-20}" fencing="${FENCING:-lab}"
bin="$root/Hosts/Vigil.Cli/bin/Release/net10.0"
vigil="$bin/vigil"
lab="$root/.lab/bench-failover-$profile"
. "$root/scripts/lab-bench.sh"
fresh_lab
. "$root/scripts/lab-hierarchy.sh"
trap '"$vigil" lab down --dir "$lab" >/dev/null 2>&1 || true' EXIT

placement=fewest-resources; if [ "$crash_mode" = leader ]; then placement=any; fi
"$vigil" lab up --nodes 3 --dir "$lab" --profile "$profile" --fencing "$fencing" --leader-placement "$placement" >/dev/null
create_hierarchy >/dev/null
wait_running node1
samples=() leader_samples=() follower_samples=()
# The poll's 5 ms pause without a fork (`sleep` is a process): a read with a timeout on a pipe nobody writes to.
exec {nap}<> <(:)
for i in $(seq 1 "$crashes"); do
  active=""; for n in node1 node2 node3; do if running web "$n"; then active="$n"; fi; done
  leader="$(raft_leader "$active")"
  # Put the hierarchy where the chosen kind of crash needs it (a switchover, then wait for it to run there).
  want="$active"
  if [ "$crash_mode" = leader ] && [ -n "$leader" ]; then want="$leader"; fi
  if [ "$crash_mode" = follower ] && [ "$active" = "$leader" ]; then
    for n in node1 node2 node3; do if [ "$n" != "$leader" ]; then want="$n"; break; fi; done
  fi
  if [ "$want" != "$active" ]; then
    "$vigil" switchover web "$want" --lab "$lab" --as operator >/dev/null
    wait_running "$want"
    active="$want"; leader="$(raft_leader "$active")"
  fi
  role=follower; if [ "$active" = "$leader" ]; then role=leader; fi
  # Timed from the instant the node stopped (printed by the crash command), not from the CLI's own start-up; the
  # ground truth is polled while the crash command is still reaping the node's processes.
  out="$lab/crash-$i.out"
  "$vigil" lab crash "$active" --dir "$lab" > "$out" &
  crash_pid=$!
  target=""
  for _ in $(seq 1 6000); do
    for n in node1 node2 node3; do
      if [ "$n" != "$active" ] && running db "$n" && running web "$n"; then target="$n"; break 2; fi
    done
    read -t 0.005 -u "$nap" || true
  done
  found_at=$(( ${EPOCHREALTIME/./} / 1000 ))   # bash's clock: no `date` fork between the find and the reading
  wait "$crash_pid"
  crashed_at=$(sed -n 's/.* crashed at \([0-9]*\) .*/\1/p' "$out")
  [ -n "$target" ] || { echo "crash $i: the hierarchy did not come back within 30 s" >&2; exit 1; }
  ms=$(( found_at - crashed_at ))
  samples+=("$ms")
  if [ "$role" = leader ]; then leader_samples+=("$ms"); else follower_samples+=("$ms"); fi
  printf 'crash %2d: %s (%s) -> %s in %5d ms\n' "$i" "$active" "$role" "$target" "$ms"
  restart_and_rejoin "$active" "$target"   # crash again only once it is back in the cluster
done
echo "over ${#samples[@]} crashes ($profile profile, fencing $fencing, --crash $crash_mode, udp+tcp+disk, GenApp web -> db): crash -> hierarchy running on the backup $(median_p99 "${samples[@]}")"
[ ${#leader_samples[@]} -eq 0 ] || echo "  of which ${#leader_samples[@]} crashed the Raft leader: $(median_p99 "${leader_samples[@]}")"
[ ${#follower_samples[@]} -eq 0 ] || echo "  of which ${#follower_samples[@]} crashed a follower: $(median_p99 "${follower_samples[@]}")"
