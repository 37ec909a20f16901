# Sourced by demo.sh and bench-failover.sh: a GenApp hierarchy (web depends on db) in a lab, and ground truth
# about where it runs. Needs: $vigil (the CLI), $bin (its directory), $lab (the lab directory).

# Creates db and web on node1, web depending on db, extended to node2 and node3, restored on node1.
create_hierarchy() {
  local tpl="$bin/genapp-templates/bash" tag
  for tag in db web; do
    "$vigil" resource create "$tag" --type genapp --node node1 --lab "$lab" \
      -p restore="$tpl/restore" -p remove="$tpl/remove" -p quickCheck="$tpl/quickCheck" -p recover="$tpl/recover" \
      -p command="sleep 1000000" -p state_dir="$lab/genapp"
  done
  "$vigil" resource depend web db --lab "$lab"
  "$vigil" resource extend web node2 --priority 2 --lab "$lab"
  "$vigil" resource extend web node3 --priority 3 --lab "$lab"
  "$vigil" resource restore web node1 --lab "$lab" --as operator
}

# True when TAG's application runs on NODE: its pid file names a live process (ground truth, not the journal).
# Builtins only (read, kill): the benchmark polls this every 5 ms, and a fork per poll (a `$(cat ...)`) cost ≈ 6 ms
# of a loaded 2-core machine each time, slowing both the poll and the nodes it measures.
running() {
  local pidfile="$lab/genapp/$2/$1.pid" pid=""
  [ -s "$pidfile" ] && { read -r pid 2>/dev/null < "$pidfile" || true; } && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# Waits (up to 30 s) until db and web both run on NODE.
wait_running() {
  for _ in $(seq 1 6000); do
    if running db "$1" && running web "$1"; then return 0; fi
    sleep 0.005
  done
  echo "the hierarchy is not running on $1" >&2; return 1
}
