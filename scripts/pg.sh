#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and benchmarks: `pg.sh start DIR` prints an admin connection string,
# `pg.sh stop DIR` stops it and removes DIR; `pg.sh pause DIR` stops it keeping its data, `pg.sh resume DIR` starts it
# again on the same port (an outage, for the specs). Runs as the postgres user when started as root.
set -euo pipefail
cmd="${1:?usage: pg.sh start|stop|pause|resume DIR}"; dir="${2:?usage: pg.sh start|stop|pause|resume DIR}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/initdb" ] || { echo "pg.sh: PostgreSQL server binaries not found; run scripts/setup.sh" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$dir"
    # A free loopback port, found with ss (iproute2) so that nothing outside the apt list is needed.
    port=""
    for _ in $(seq 1 50); do
      candidate=$(( 20000 + RANDOM % 30000 ))
      if ! ss -Htln "sport = :$candidate" | grep -q .; then port=$candidate; break; fi
    done
    [ -n "$port" ] || { echo "pg.sh: no free port found" >&2; exit 1; }
    as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
    echo "$port" > "$dir/port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  pause)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    port="$(cat "$dir/port")"
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200" start >/dev/null
    ;;
  *) echo "usage: pg.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
