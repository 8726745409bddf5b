#!/usr/bin/env bash
# What the bus between `balie serve` processes on one PostgreSQL database costs (issue 13,
# docs/benchmarks.md "The bus: one NOTIFY per group commit"). A private PostgreSQL 15 in a
# temporary directory (Unix socket, default durability: fsync and synchronous_commit on).
#
# 1. pgbench, transactions shaped like a group commit (--group writes: an event insert and a
#    summary update each), without and with one pg_notify of the group's payload (one line per
#    write, as PostgresStore sends it), with 0, 1 and 3 listening connections that consume the
#    notifications (psql, LISTEN): the server's CPU per transaction and the rate.
# 2. With --load: the real server under bench/balie_load (--rate questions/s for --seconds) on the
#    database, alone and with a second `balie serve` on the same database following its changes:
#    the server's and PostgreSQL's CPU per answer.
#
#   bash bench/bus_cost.sh [--group N] [--writers W] [--sync on|off] [--seconds S] [--load] [--rate Q]
#                          [--build-dir DIR]
#
# --writers: pgbench's clients, each like one process's writer connection [1]. --sync: the
# server's synchronous_commit [on]; off takes the disk's flush out, leaving the CPU.
#
# Bounded: each pgbench run lasts --seconds; the servers are stopped at the end or on failure.
set -euo pipefail

group=8
writers=1
sync=on
seconds=10
load=0
rate=300
build_dir=build
while (($#)); do
  case "$1" in
    --group) group=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --sync) sync=$2; shift 2 ;;
    --load) load=1; shift ;;
    --rate) rate=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    *) echo "usage: bus_cost.sh [--group N] [--writers W] [--sync on|off] [--seconds S] [--load] [--rate Q] [--build-dir DIR]" >&2
       exit 2 ;;
  esac
done

dir=$(mktemp -d /tmp/balie-bus-cost-XXXXXX)
chmod 755 "$dir"
pgbin=${BALIE_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
as_pg=()
if [[ $(id -u) == 0 ]]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
children=()
stop() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$pgbin/initdb" -D "$dir/pg" -A trust -U balie -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
  -o "-c listen_addresses='' -k $dir -c max_connections=100 -c synchronous_commit=$sync" start >/dev/null
psql=("$pgbin/psql" -X -q -h "$dir" -U balie -d postgres)

# The CPU ticks (user + system) of PostgreSQL's processes so far, with their children that ended.
cpu_of_postgres() {
  local postmaster ticks=0
  postmaster=$(head -1 "$dir/pg/postmaster.pid")
  for pid in $postmaster $(pgrep -P "$postmaster" || true); do
    [[ -r /proc/$pid/stat ]] || continue
    read -r -a f < <(sed 's/.*) //' "/proc/$pid/stat")
    ticks=$((ticks + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$ticks"
}
cpu_of_pid() {
  read -r -a f < <(sed 's/.*) //' "/proc/$1/stat")
  echo $((f[11] + f[12]))
}
hz=$(getconf CLK_TCK)

echo "== the bus's cost: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'), group of $group writes, $writers writer(s), synchronous_commit=$sync =="

"${psql[@]}" <<'SQL'
CREATE TABLE conv (id TEXT PRIMARY KEY, last_seq BIGINT NOT NULL);
CREATE TABLE ev (conversation_id TEXT NOT NULL, seq BIGINT NOT NULL, data TEXT NOT NULL,
                 PRIMARY KEY (conversation_id, seq));
INSERT INTO conv SELECT 'c_' || i || 'abcdefghijklmnopqrst', 0 FROM generate_series(1, 100000) i;
SQL

# One transaction like a group commit: per write a savepoint, an event and the summary row.
{
  echo "BEGIN;"
  for ((w = 1; w <= group; ++w)); do
    echo "\\set c$w random(1, 100000)"
    echo "SAVEPOINT write;"
    echo "UPDATE conv SET last_seq = last_seq + 1 WHERE id = 'c_' || :c$w || 'abcdefghijklmnopqrst';"
    echo "INSERT INTO ev SELECT id, last_seq, '{\"kind\":\"customer_message\"}' FROM conv WHERE id = 'c_' || :c$w || 'abcdefghijklmnopqrst';"
    echo "RELEASE SAVEPOINT write;"
  done
  echo "COMMIT;"
} >"$dir/plain.sql"
payload="balie1 12345-0123abcd\\n"
for ((w = 1; w <= group; ++w)); do payload+="c_AbCdEfGhIjKlMnOpQrStUv 41 42 0\\n"; done
sed "s|^COMMIT;|SELECT pg_notify('balie_changes', E'$payload');\nCOMMIT;|" "$dir/plain.sql" \
  >"$dir/notify.sql"

listeners=()
start_listeners() {
  local n=$1
  for ((i = 0; i < n; ++i)); do
    # LISTEN, then a trivial query every 20 ms: psql reads (and drops) what has arrived.
    ( echo "LISTEN balie_changes;"; while true; do echo "SELECT 1;"; sleep 0.02; done ) |
      "${psql[@]}" >/dev/null 2>&1 &
    listeners+=($!)
    children+=($!)
  done
  sleep 1
}
stop_listeners() {
  for pid in "${listeners[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  for pid in "${listeners[@]}"; do wait "$pid" 2>/dev/null || true; done
  listeners=()
}

printf '%-8s %-10s %10s %14s %18s\n' script listeners "tx/s" "pg cpu s" "pg cpu µs / tx"
for script in plain notify; do
  for n in 0 1 3; do
    [[ $script == plain && $n != 0 ]] && continue
    start_listeners "$n"
    before=$(cpu_of_postgres)
    out=$("$pgbin/pgbench" -n -h "$dir" -U balie -c "$writers" -j "$writers" -T "$seconds" -f "$dir/$script.sql" postgres 2>&1)
    after=$(cpu_of_postgres)
    stop_listeners
    tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
    awk -v s="$script" -v n="$n" -v tps="$tps" -v tx="$tx" -v t=$((after - before)) -v hz="$hz" \
      'BEGIN { printf "%-8s %-10s %10.0f %14.2f %18.0f\n", s, n, tps, t / hz, t / hz / tx * 1e6 }'
  done
done

((load)) || exit 0

balie=$build_dir/balie
balie_load=$build_dir/bench/balie_load
url="postgresql://balie@/balie_load?host=$dir"
mkdir -p "$dir/web"
"${psql[@]}" -c "CREATE DATABASE balie_load"
serve() {
  env BALIE_LIMITS_CONVERSATIONS_PER_SECOND=1000000 BALIE_LIMITS_CONVERSATION_BURST=1000000 \
    BALIE_LIMITS_MAX_CONNECTIONS_PER_ADDRESS=1000000 \
    "$balie" serve --kb demo/voorbeeldbank --storage "$url" --web "$dir/web" --listen 127.0.0.1:0 \
    >"$dir/serve-$1.log" 2>&1 &
  children+=($!)
  eval "$2=$!"
  for _ in $(seq 1 600); do
    grep -q "listening on" "$dir/serve-$1.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bus_cost.sh: balie serve did not start:" >&2
  cat "$dir/serve-$1.log" >&2
  exit 1
}
port_of() { sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/serve-$1.log"; }

echo
printf '%-22s %8s %14s %14s %14s\n' "servers" answers "pg µs/answer" "A µs/answer" "B µs/answer"
for followers in 0 1; do
  serve a a_pid
  b_pid=
  ((followers)) && serve b b_pid
  pg_before=$(cpu_of_postgres)
  a_before=$(cpu_of_pid "$a_pid")
  b_before=0
  [[ -n $b_pid ]] && b_before=$(cpu_of_pid "$b_pid")
  "$balie_load" --port "$(port_of a)" --conversations 300 --rate "$rate" --duration "$seconds" \
    --open-rate 300 --timeout $((seconds + 120)) --json "$dir/load-$followers.json" >"$dir/load-$followers.txt" 2>&1 || true
  pg_after=$(cpu_of_postgres)
  a_after=$(cpu_of_pid "$a_pid")
  b_after=0
  [[ -n $b_pid ]] && b_after=$(cpu_of_pid "$b_pid")
  answers=$(python3 -c '
import json, sys
def find(node):
    if isinstance(node, dict):
        if "answered" in node:
            return node["answered"]
        for value in node.values():
            found = find(value)
            if found is not None:
                return found
    return None
print(int(find(json.load(open(sys.argv[1]))) or 0))' "$dir/load-$followers.json" 2>/dev/null || echo 0)
  awk -v name="A$( ((followers)) && echo ' + B following')" -v n="$answers" -v pg=$((pg_after - pg_before)) \
    -v a=$((a_after - a_before)) -v b=$((b_after - b_before)) -v hz="$hz" \
    'BEGIN { if (n == 0) n = 1; printf "%-22s %8d %14.0f %14.0f %14.0f\n", name, n, pg / hz / n * 1e6, a / hz / n * 1e6, b / hz / n * 1e6 }'
  kill "$a_pid" ${b_pid:+"$b_pid"}
  wait "$a_pid" ${b_pid:+"$b_pid"} 2>/dev/null || true
  "${psql[@]}" -c "DROP DATABASE balie_load" -c "CREATE DATABASE balie_load"
done
