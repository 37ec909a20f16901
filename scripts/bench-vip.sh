#!/usr/bin/env bash
# Benchmark of the ip kit (issue 6: crash -> the virtual IP answers the client again), measured as the peers were
# (keepalived, Pacemaker): a client pings the virtual IP every 10 ms; the outage of one crash is the gap from the
# last reply before it to the first reply after it. Three-node namespace lab, one ip resource 10.77.0.50/24 on pub0
# (backup NIC pub1) extended to node2 and node3; the node holding it is crashed (processes killed, links pulled) N
# times, restarted (a reboot: its kits' addresses are gone) and allowed to rejoin before the next crash.
# Prints every sample, then median and p99.
# Usage (as root): bash scripts/bench-vip.sh [default|fast] [crashes] [dadTimeout seconds, default 1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
profile="${1:-default}" crashes="${2:-20}" dad="${3:-1}"
bin="$root/Hosts/Vigil.Cli/bin/Release/net10.0"
vigil="$bin/vigil"
lab="$root/.lab/bench-vip-$profile"
vip=10.77.0.50
. "$root/scripts/lab-bench.sh"
fresh_lab
pinger=""
trap '[ -z "$pinger" ] || kill "$pinger" 2>/dev/null || true; "$vigil" lab down --dir "$lab" >/dev/null 2>&1 || true' EXIT

"$vigil" lab up --nodes 3 --dir "$lab" --profile "$profile" >/dev/null
id="$(sed -n 's/.*"LabId": "\(.*\)".*/\1/p' "$lab/lab.json")"
"$vigil" resource create vip --type ip --node node1 --lab "$lab" \
  -p address="$vip/24" -p interface=pub0 -p backupInterfaces=pub1 -p dadTimeout="$dad" >/dev/null
"$vigil" resource extend vip node2 --priority 2 --lab "$lab" >/dev/null
"$vigil" resource extend vip node3 --priority 3 --lab "$lab" >/dev/null
"$vigil" resource restore vip node1 --lab "$lab" --as operator >/dev/null

# The node holding the address (a crashed node keeps it in its namespace until restarted, so skip crashed ones).
holder() {
  local n
  for n in node1 node2 node3; do
    [ "$n" = "${1:-}" ] && continue
    if ip -n "$id-$n" -o addr show to "$vip" | grep -q .; then echo "$n"; return 0; fi
  done
  return 1
}
# Reply timestamps (epoch seconds) from the ping log.
replies() { sed -n 's/^\[\([0-9.]*\)\] .* from '"$vip"'.*/\1/p' "$lab/ping.log"; }

for _ in $(seq 1 600); do holder >/dev/null && break; sleep 0.05; done
ip netns exec "$id-client" stdbuf -oL ping -D -n -i 0.01 "$vip" >"$lab/ping.log" 2>&1 &
pinger=$!
for _ in $(seq 1 600); do [ -n "$(replies | tail -n 1)" ] && break; sleep 0.05; done

samples=()
for i in $(seq 1 "$crashes"); do
  active=""
  for _ in $(seq 1 3000); do active="$(holder)" && break; sleep 0.01; done
  [ -n "$active" ] || { echo "crash $i: $vip is on no node" >&2; exit 1; }
  crashed=$(date +%s.%N)
  "$vigil" lab crash "$active" --dir "$lab" >/dev/null
  target=""
  for _ in $(seq 1 3000); do
    if target="$(holder "$active")"; then break; fi
    sleep 0.01
  done
  [ -n "$target" ] || { echo "crash $i: no node took $vip within 30 s" >&2; exit 1; }
  held=$(date +%s.%N)
  answered=""
  for _ in $(seq 1 3000); do
    answered="$(replies | awk -v t="$held" '$1 > t { print; exit }')"
    [ -n "$answered" ] && break
    sleep 0.01
  done
  [ -n "$answered" ] || { echo "crash $i: $vip on $target but no reply within 30 s" >&2; exit 1; }
  # The outage: the longest silence between consecutive replies from just before the crash to the first reply after.
  ms=$(replies | awk -v from="$crashed" -v to="$answered" '$1 >= from - 1 && $1 <= to { if (prev) { gap = $1 - prev; if (gap > max) max = gap } prev = $1 } END { printf "%d", max * 1000 }')
  samples+=("$ms")
  printf 'crash %2d: %s -> %s, outage %5d ms\n' "$i" "$active" "$target" "$ms"
  restart_and_rejoin "$active" "$target"   # crash again only once it is back in the cluster
done
echo "over ${#samples[@]} crashes ($profile profile, dadTimeout $dad s, client pinging every 10 ms): virtual IP outage $(median_p99 "${samples[@]}")"
