#!/usr/bin/env bash
# The server under load (docs/benchmarks.md, "Server under load"): builds `balie` and
# `balie_load` (release preset), starts `balie serve` on the demo knowledge base with a fresh data
# directory on 127.0.0.1, runs the load generator against it (bench/load_main.cc), prints its
# summary and stops the server. With --runs K it does that K times, each against a fresh server,
# and then prints the median of every figure.
#
#   bash bench/load.sh                                  the issue's target load (defaults below)
#   bash bench/load.sh --conversations 50 --rate 20 --duration 5 --strict    a quick check
#
# Options [defaults]:
#   --conversations N [15000]  --rate Q questions/s [1000]  --duration S of questions [60]
#   --open-rate R conversations opened per second [1000]    --runs K [1]
#   --sync full|normal [full]    the server's [storage] synchronous
#   --workers W, --io-threads T  the server's [server] workers / io_threads [its defaults]
#   --port P [0: a free port]    --out DIR for the logs and results [a temporary directory]
#   --build-dir DIR [build]      --no-build (use what is built)
#   --strict                     exit 1 when anything failed (balie_load --strict)
#   -- ARGS                      passed on to balie_load
#
# Bounded: the server must listen within 60 s, balie_load has a hard limit of its own (and is
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
out=
build_dir=build
build=1
strict=()
extra=()
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
    --out) out=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --strict) strict=(--strict); shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "load.sh: unknown option $1 (see the top of bench/load.sh)" >&2; exit 2 ;;
  esac
done
[[ $sync == full || $sync == normal ]] || { echo "load.sh: --sync is full or normal" >&2; exit 2; }

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
server_pid=
stop_server() {
  [[ -n $server_pid ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 200); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap 'stop_server; rm -rf "$scratch/data" "$scratch/web"' EXIT
trap 'exit 130' INT TERM

echo "== Balie under load: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo '+changes') =="
echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); open files per process: $(ulimit -Hn)"
echo "the server and the load generator share these CPUs; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: --kb demo/voorbeeldbank, synchronous=$sync${workers:+, workers=$workers}${io_threads:+, io_threads=$io_threads}; results in $out"

failed=0
for ((run = 1; run <= runs; run++)); do
  rm -rf "$scratch/data" "$scratch/web"
  mkdir -p "$scratch/data" "$scratch/web"
  log=$out/server-$run.log
  # One machine plays every customer: the limits per client address are lifted.
  env BALIE_LIMITS_CONVERSATIONS_PER_SECOND=1000000 BALIE_LIMITS_CONVERSATION_BURST=1000000 \
    BALIE_LIMITS_MAX_CONNECTIONS_PER_ADDRESS=1000000 \
    BALIE_STORAGE_SYNCHRONOUS="$sync" \
    ${workers:+BALIE_SERVER_WORKERS=$workers} ${io_threads:+BALIE_SERVER_IO_THREADS=$io_threads} \
    "$balie" serve --kb demo/voorbeeldbank --data "$scratch/data" --web "$scratch/web" \
    --listen "127.0.0.1:$port" >"$log" 2>&1 &
  server_pid=$!
  listening=
  for _ in $(seq 1 600); do
    # The log may not exist yet: the shell that opens it may not have run.
    listening=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" 2>/dev/null || true)
    [[ -n $listening ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z $listening ]]; then
    echo "load.sh: the server did not start; its output:" >&2
    cat "$log" >&2 || true
    exit 1
  fi
  echo
  echo "-- run $run of $runs: server pid $server_pid on 127.0.0.1:$listening"
  limit=$((2 * conversations / open_rate + duration + 200))
  status=0
  timeout --kill-after=10 $((limit + 60)) "$load" --port "$listening" \
    --conversations "$conversations" --rate "$rate" --duration "$duration" \
    --open-rate "$open_rate" --server-pid "$server_pid" --timeout "$limit" \
    --json "$out/run-$run.json" "${strict[@]}" "${extra[@]}" || status=$?
  if ((status != 0)); then
    echo "load.sh: run $run: balie_load exited with $status" >&2
    failed=1
  fi
  stop_server
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
