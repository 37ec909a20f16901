# Sourced by the lab benchmarks (bench-failover.sh, bench-vip.sh). Needs: $root, $vigil, $lab.

# A fresh lab directory: builds the CLI if needed, takes down a lab left in $lab by an earlier run.
fresh_lab() {
  [ -x "$vigil" ] || dotnet build "$root/Hosts/Vigil.Cli" -c Release -nologo -clp:ErrorsOnly -v quiet
  [ -f "$lab/lab.json" ] && "$vigil" lab down --dir "$lab" >/dev/null 2>&1 || true
  rm -rf "$lab"
}

# Restarts a crashed NODE and returns once it is back in the cluster (no node dead in SURVIVOR's state).
restart_and_rejoin() {
  "$vigil" lab restart "$1" --dir "$lab" >/dev/null
  for _ in $(seq 1 600); do
    if ! "$vigil" status --json --lab "$lab" --lab-node "$2" --as guest 2>/dev/null | grep -q '"alive": false'; then return 0; fi
    sleep 0.1
  done
}

# Prints "median M ms, p99 P ms" of the numbers given as arguments.
median_p99() {
  local sorted n
  sorted=($(printf '%s\n' "$@" | sort -n))
  n=${#sorted[@]}
  echo "median ${sorted[$(( (n + 1) / 2 - 1 ))]} ms, p99 ${sorted[$(( (n * 99 + 99) / 100 - 1 ))]} ms"
}

# Prints the Raft leader as NODE's control API reports it (empty when it knows none).
raft_leader() {
  "$vigil" status --json --lab "$lab" --lab-node "$1" --as guest 2>/dev/null | sed -n 's/^  "leader": "\([^"]*\)".*/\1/p' | head -n 1
}
