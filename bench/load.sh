#!/usr/bin/env bash
# The server under load (docs/benchmarks.md, "Server under load"): builds `balie` and
# `balie_load` (release preset), starts `balie serve` on the demo knowledge base with a fresh data
# directory on 127.0.0.1, runs the load generator against it (bench/load_main.cc), prints its
# summary and stops the server. With --runs K it does that K times, each against a fresh server,
# and then prints the median of every figure. With --storage postgresql it starts a private
# PostgreSQL 15 (initdb in a temporary directory, Unix socket only, a fresh database per run) and
# --servers N processes on it, sharing one port (SO_REUSEPORT: the kernel spreads the
# connections); the figures are then of all N together, with PostgreSQL's CPU and memory beside.
#
#   bash bench/load.sh                                  the issue's target load (defaults below)
#   bash bench/load.sh --conversations 50 --rate 20 --duration 5 --strict    a quick check
#   bash bench/load.sh --storage postgresql --servers 3 --conversations 3000 --rate 500 \
#     --duration 20 --fault kill --fault-at 8          a fault under load (docs/benchmarks.md)
#
# Options [defaults]:
#   --conversations N [15000]  --rate Q questions/s [1000]  --duration S of questions [60]
#   --open-rate R conversations opened per second [1000]    --runs K [1]
#   --sync full|normal [full]    the server's [storage] synchronous (SQLite's; PostgreSQL's
#                                synchronous_commit on|off for --storage postgresql)
#   --storage sqlite|postgresql [sqlite]   --servers N server processes [1; more need postgresql]
#   --workers W, --io-threads T  the server's [server] workers / io_threads [its defaults]
#   --port P [0: a free port]    --out DIR for the logs and results [a temporary directory]
#   --separate-ports             each server process on a port of its own (free ones; the first
#                                on --port if given) instead of one shared port; the generator
#                                spreads its conversations over them
#   --build-dir DIR [build]      --no-build (use what is built)
#   --strict                     exit 1 when anything failed (balie_load --strict); with --fault:
#                                when anything acknowledged was lost, or anything was stored
#                                twice, left unanswered or assigned twice (streams that end and
#                                refusals are the fault's, and expected)
#   --fault kill|database-restart|bus-restart    --fault-at S of questions [5]
#                                with --storage postgresql: after S seconds of questions, kill -9
#                                the last server process (needs --servers 2 or more), restart
#                                PostgreSQL (pg_ctl restart -m immediate), or end every LISTEN
#                                connection (the bus). The generator's clients then open their
#                                streams again (the shared port: the kernel picks a survivor; with
#                                --separate-ports: the next port) and
#                                resend what was not acknowledged with the same client id
#                                (balie_load --resend); at the end every acknowledged question is
#                                looked up in PostgreSQL: lost, duplicated, unanswered, assigned
#                                twice; and how long after the fault /readyz answered 200 again.
#   -- ARGS                      passed on to balie_load (e.g. -- --ping: pings instead of
#                                questions, what the transport alone costs the server)
#
# Client connections are spread over source addresses 127.0.0.x (balie_load --sources), one per
# 20,000 conversations, so that no ephemeral-port limit of one address hides the server's own.
#
# Bounded: each server must listen within 60 s, balie_load has a hard limit of its own (and is
# killed 60 s after it), and the server is stopped at the end or on any failure (SIGTERM, SIGKILL
# after 20 s). The server and the generator share this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."

conversations=15000
rate=1000
duration=60
open_rate=1000
runs=1
sync=full
workers=
io_threads=
port=0
separate_ports=0
out=
build_dir=build
build=1
strict=()
extra=()
servers=1
storage=sqlite
fault=
fault_at=5
while (($# > 0)); do
  case $1 in
    --conversations) conversations=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --open-rate) open_rate=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --sync) sync=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --io-threads) io_threads=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --separate-ports) separate_ports=1; shift ;;
    --out) out=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --servers) servers=$2; shift 2 ;;
    --storage) storage=$2; shift 2 ;;
    --strict) strict=(--strict); shift ;;
    --fault) fault=$2; shift 2 ;;
    --fault-at) fault_at=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "load.sh: unknown option $1 (see the top of bench/load.sh)" >&2; exit 2 ;;
  esac
done
[[ $sync == full || $sync == normal ]] || { echo "load.sh: --sync is full or normal" >&2; exit 2; }
[[ $storage == sqlite || $storage == postgresql ]] ||
  { echo "load.sh: --storage is sqlite or postgresql" >&2; exit 2; }
[[ $servers =~ ^[1-9][0-9]*$ && $servers -le 32 ]] ||
  { echo "load.sh: --servers is a number from 1 to 32" >&2; exit 2; }
if [[ $storage == sqlite && $servers -gt 1 ]]; then
  echo "load.sh: SQLite serves one process (its data directory is locked); use --storage postgresql for --servers $servers" >&2
  exit 2
fi
if [[ -n $fault ]]; then
  [[ $fault == kill || $fault == database-restart || $fault == bus-restart ]] ||
    { echo "load.sh: --fault is kill, database-restart or bus-restart" >&2; exit 2; }
  [[ $storage == postgresql ]] || { echo "load.sh: --fault needs --storage postgresql" >&2; exit 2; }
  [[ $fault != kill || $servers -ge 2 ]] ||
    { echo "load.sh: --fault kill needs --servers 2 or more (someone must survive)" >&2; exit 2; }
fi

if ((build)); then
  if [[ ! -f $build_dir/build.ninja ]]; then
    # The web front end is not needed to serve the API.
    cmake --preset release -B "$build_dir" -DBALIE_WEB=OFF --log-level=WARNING
  fi
  cmake --build "$build_dir" --target balie balie_load
fi
balie=$build_dir/balie
load=$build_dir/bench/balie_load
for program in "$balie" "$load"; do
  [[ -x $program ]] || { echo "load.sh: $program is not built" >&2; exit 1; }
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/balie-load.XXXXXX")
out=${out:-$scratch}
mkdir -p "$out"
server_pids=()
stop_servers() {
  ((${#server_pids[@]} > 0)) || return 0
  kill -TERM "${server_pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 200); do
    kill -0 "${server_pids[@]}" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "${server_pids[@]}" 2>/dev/null || true
  wait "${server_pids[@]}" 2>/dev/null || true
  server_pids=()
}
pgbin=/usr/lib/postgresql/15/bin
as_pg=()
stop_database() {
  [[ $storage == postgresql && -f $scratch/pg/postmaster.pid ]] || return 0
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$scratch/pg" -m fast -t 20 stop >/dev/null 2>&1 ||
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$scratch/pg" -m immediate stop >/dev/null 2>&1 || true
}
trap 'stop_servers; stop_database; rm -rf "$scratch/data" "$scratch/web" "$scratch/pg"' EXIT
trap 'exit 130' INT TERM

# --fault: waits until the conversations are held (balie_load --on-held), then --fault-at seconds of
# questions, then makes the fault; then waits until /readyz on the (first) port answers 200 five
# times in a row (50 ms apart), and says how long after the fault that was.
inject_fault() {
  local port=$1
  for _ in $(seq 1 6000); do [[ -e $out/held-$run ]] && break; sleep 0.05; done
  sleep "$fault_at"
  local began
  began=$(date +%s%N)
  case $fault in
    kill)
      kill -KILL "${server_pids[-1]}"
      echo "fault: killed server pid ${server_pids[-1]} (SIGKILL) after $fault_at s of questions" ;;
    database-restart)
      "${as_pg[@]}" "$pgbin/pg_ctl" -D "$scratch/pg" -l "$scratch/pg.log" -m immediate -w -t 60 \
        restart >/dev/null
      echo "fault: restarted PostgreSQL (pg_ctl restart -m immediate, back after $((($(date +%s%N) - began) / 1000000)) ms) after $fault_at s of questions" ;;
    bus-restart)
      local ended
      ended=$("${as_pg[@]}" "$pgbin/psql" -h "$scratch" -U postgres -d balie_load -tAq -c \
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")
      echo "fault: ended $ended LISTEN connections (the bus) after $fault_at s of questions" ;;
  esac
  local ready=0 since=0
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz"; then
      ((ready == 0)) && since=$(date +%s%N)
      ready=$((ready + 1))
      ((ready >= 5)) && break
    else
      ready=0
    fi
    sleep 0.05
  done
  echo "fault: /readyz answered 200 (five times in a row from then) $(((since - began) / 1000000)) ms after the fault"
}

# --fault: what PostgreSQL holds of the run's questions against what was acknowledged; fails when
# anything acknowledged was lost, or anything was stored twice, left unanswered or assigned twice.
check_storage() {
  local acknowledged=$1
  cat "$acknowledged".* >"$acknowledged" 2>/dev/null || true
  local said
  said=$("${as_pg[@]}" "$pgbin/psql" -h "$scratch" -U postgres -d balie_load -tAq <<SQL
CREATE TEMP TABLE acknowledged (conversation_id TEXT, client_id TEXT);
\copy acknowledged FROM '$acknowledged'
SELECT (SELECT count(*) FROM acknowledged) || ' '
  || (SELECT count(*) FROM acknowledged a WHERE NOT EXISTS (SELECT 1 FROM events e
       WHERE e.conversation_id = a.conversation_id AND e.client_id = a.client_id
         AND e.kind = 'customer_message')) || ' '
  || (SELECT count(*) FROM events WHERE kind = 'customer_message') || ' '
  || (SELECT count(*) FROM (SELECT 1 FROM events WHERE client_id IS NOT NULL
       GROUP BY conversation_id, client_id HAVING count(*) > 1) d) || ' '
  || (SELECT count(*) FROM events m WHERE m.kind = 'customer_message' AND NOT EXISTS
       (SELECT 1 FROM events r WHERE r.conversation_id = m.conversation_id
          AND r.seq = m.seq + 1 AND r.kind = 'bot_reply')) || ' '
  || (SELECT count(*) FROM (SELECT 1 FROM events WHERE kind = 'assigned'
       GROUP BY conversation_id HAVING count(*) > 1) t);
SQL
  )
  local acked lost stored doubled unanswered twice
  read -r acked lost stored doubled unanswered twice <<<"$said"
  echo "storage: acknowledged $acked, lost (acknowledged, not stored) $lost, questions stored $stored, duplicated (a client id stored twice) $doubled, unanswered (no bot_reply in the same commit) $unanswered, assigned twice $twice"
  ((lost == 0 && doubled == 0 && unanswered == 0 && twice == 0))
}

echo "== Balie under load: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+changes') =="
echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); open files per process: $(ulimit -Hn)"
echo "the server and the load generator share these CPUs; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
database_pid=
if [[ $storage == postgresql ]]; then
  [[ -x $pgbin/initdb ]] || { echo "load.sh: PostgreSQL 15 is not installed (bash scripts/bootstrap)" >&2; exit 1; }
  chmod 755 "$scratch"
  if [[ $(id -u) == 0 ]]; then
    chown postgres "$scratch"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$pgbin/initdb" -D "$scratch/pg" -A trust -U postgres >/dev/null
  pg_sync=on
  [[ $sync == normal ]] && pg_sync=off
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$scratch/pg" -l "$scratch/pg.log" -w -t 60 \
    -o "-c listen_addresses='' -k $scratch -c max_connections=$((20 + 40 * servers)) -c synchronous_commit=$pg_sync" \
    start >/dev/null
  database_pid=$(head -1 "$scratch/pg/postmaster.pid")
  echo "database: private PostgreSQL 15 (pid $database_pid), synchronous_commit=$pg_sync, in $scratch/pg"
fi
echo "server: $servers process(es) on $storage, --kb demo/voorbeeldbank, synchronous=$sync${workers:+, workers=$workers}${io_threads:+, io_threads=$io_threads}; results in $out"

# A source address per 20,000 conversations (at most 28,000 ephemeral ports each to one port).
sources_args=(--sources $(((conversations + 19999) / 20000)))
[[ " ${extra[*]} " == *" --sources "* ]] && sources_args=()  # given after --
failed=0
for ((run = 1; run <= runs; run++)); do
  rm -rf "$scratch/data" "$scratch/web"
  mkdir -p "$scratch/data" "$scratch/web"
  storage_args=(--data "$scratch/data")
  if [[ $storage == postgresql ]]; then
    PGOPTIONS="-c client_min_messages=warning" "${as_pg[@]}" "$pgbin/psql" -h "$scratch" -U postgres -d postgres -q \
      -c "DROP DATABASE IF EXISTS balie_load" -c "CREATE DATABASE balie_load" >/dev/null
    storage_args=(--storage "postgresql:///balie_load?host=$scratch&user=postgres")
  fi
  listening=$port
  ports=()
  shared=$( ((servers > 1 && !separate_ports)) && echo true || echo false)
  for ((server = 1; server <= servers; server++)); do
    log=$out/server-$run-$server.log
    ((servers == 1)) && log=$out/server-$run.log
    # One machine plays every customer: the limits per client address are lifted.
    env BALIE_LIMITS_CONVERSATIONS_PER_SECOND=1000000 BALIE_LIMITS_CONVERSATION_BURST=1000000 \
      BALIE_LIMITS_MAX_CONNECTIONS_PER_ADDRESS=1000000 \
      BALIE_STORAGE_SYNCHRONOUS="$sync" BALIE_SERVER_REUSE_PORT=$shared \
      ${workers:+BALIE_SERVER_WORKERS=$workers} ${io_threads:+BALIE_SERVER_IO_THREADS=$io_threads} \
      "$balie" serve --kb demo/voorbeeldbank "${storage_args[@]}" --web "$scratch/web" \
      --listen "127.0.0.1:$listening" >"$log" 2>&1 &
    server_pids+=($!)
    started=
    for _ in $(seq 1 600); do
      # The log may not exist yet: the shell that opens it may not have run.
      started=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" 2>/dev/null || true)
      [[ -n $started ]] && break
      kill -0 "${server_pids[-1]}" 2>/dev/null || break
      sleep 0.1
    done
    if [[ -z $started ]]; then
      echo "load.sh: server $server did not start; its output:" >&2
      cat "$log" >&2 || true
      exit 1
    fi
    ports+=("$started")
    # The others share the first one's port, or take free ones of their own.
    listening=$( ((separate_ports)) && echo 0 || echo "$started")
  done
  ((separate_ports)) || ports=("${ports[0]}")
  echo
  echo "-- run $run of $runs: server pid(s) ${server_pids[*]} on 127.0.0.1 port(s) ${ports[*]}"
  fault_args=()
  fault_pid=
  load_strict=("${strict[@]}")
  if [[ -n $fault ]]; then
    rm -f "$out/held-$run" "$out/acknowledged-$run".*
    fault_args=(--resend --acknowledged "$out/acknowledged-$run" --on-held "touch $out/held-$run")
    load_strict=()
    inject_fault "${ports[0]}" >"$out/fault-$run.txt" 2>&1 &
    fault_pid=$!
  fi
  limit=$((2 * conversations / open_rate + duration + 200))
  status=0
  timeout --kill-after=10 $((limit + 60)) "$load" --port "$(IFS=,; echo "${ports[*]}")" \
    --conversations "$conversations" --rate "$rate" --duration "$duration" \
    --open-rate "$open_rate" --server-pid "$(IFS=,; echo "${server_pids[*]}")" \
    ${database_pid:+--database-pid "$database_pid"} "${sources_args[@]}" --timeout "$limit" \
    --json "$out/run-$run.json" "${fault_args[@]}" "${load_strict[@]}" "${extra[@]}" || status=$?
  if ((status != 0)); then
    echo "load.sh: run $run: balie_load exited with $status" >&2
    failed=1
  fi
  if [[ -n $fault ]]; then
    wait "$fault_pid" || true
    cat "$out/fault-$run.txt"
    if ! check_storage "$out/acknowledged-$run" && ((${#strict[@]} > 0)); then
      echo "load.sh: run $run: something acknowledged was lost, or stored twice, unanswered or assigned twice" >&2
      failed=1
    fi
  fi
  stop_servers
done

if ((runs > 1)); then
  shopt -s nullglob
  results=("$out"/run-*.json)
  if ((${#results[@]} > 0)); then
    echo
    echo "== medians of ${#results[@]} runs =="
    "$load" --summarize "${results[@]}"
  fi
fi
exit "$failed"
