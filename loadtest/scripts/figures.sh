#!/usr/bin/env bash
# figures.sh: reruns the README's headline serving and signal figures on a fresh local setup
# and prints them as the README's table (docs/performance.md, "Current figures").
#
# Usage: loadtest/scripts/figures.sh [--duration 20s] [--warmup 60s] [--signal-rate 1000]
#                                    [--signal-duration 60s]
# Run it after `./mvnw -q -DskipTests package`, on a machine with nothing else running; with the
# defaults it takes about 8 minutes. Ports: GRPC_PORT/HTTP_PORT (default 50071/8095) and
# WORKER_GRPC_PORT/WORKER_HTTP_PORT (50072/8096). It starts bin/run-local (emulators, demo data,
# service, worker) and stops exactly what it started. Then, one after the other:
#   1. bin/loadtest compare   GetHome vs a bare grpc-java echo at 2,000/s, same run
#   2. bin/loadtest bigtable  the Bigtable read behind GetHome alone at 2,000/s (no service)
#   3. bin/loadtest signals   event-to-shelf freshness at the signal rate over 1,000 users
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

duration=20s warmup=60s signal_rate=1000 signal_duration=60s
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="${2:?}"; shift ;;
    --warmup) warmup="${2:?}"; shift ;;
    --signal-rate) signal_rate="${2:?}"; shift ;;
    --signal-duration) signal_duration="${2:?}"; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "figures.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
export GRPC_PORT="${GRPC_PORT:-50071}" HTTP_PORT="${HTTP_PORT:-8095}"
export WORKER_GRPC_PORT="${WORKER_GRPC_PORT:-50072}" WORKER_HTTP_PORT="${WORKER_HTTP_PORT:-8096}"

log=$(mktemp -t figures-setup.XXXXXX)
out=$(mktemp -d -t figures.XXXXXX)
# The setup's endpoints go to a file of this run, not to var/local.env.
HOME_SHELVES_LOCAL_ENV="$out/local.env" setsid bin/run-local > "$log" 2>&1 &
setup=$!
stop_setup() {
  kill -TERM "$setup" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$setup" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- -"$setup" 2>/dev/null || true
}
trap 'stop_setup; rm -rf "$out" "$log"' EXIT
echo "figures.sh: starting bin/run-local (log $log) ..." >&2
for _ in $(seq 1 600); do grep -q "press Ctrl-C" "$log" && break; kill -0 "$setup" || break; sleep 1; done
grep -q "press Ctrl-C" "$log" || { echo "figures.sh: bin/run-local did not start:" >&2; tail -20 "$log" >&2; exit 1; }
bigtable=$(sed -n 's/^BIGTABLE_EMULATOR_HOST=//p' "$out/local.env")
pubsub=$(sed -n 's/^PUBSUB_EMULATOR_HOST=//p' "$out/local.env")
load_start=$(cut -d' ' -f1 /proc/loadavg)

echo "figures.sh: compare at 2,000/s ($duration, warm-up $warmup) ..." >&2
bin/loadtest compare --target "127.0.0.1:$GRPC_PORT" --rate 2000 --duration "$duration" --warmup "$warmup" \
  > "$out/compare" 2> "$out/compare.err" || echo "figures.sh: compare exited $?: $(tail -1 "$out/compare.err")" >&2
echo "figures.sh: the Bigtable read alone at 2,000/s ..." >&2
bin/loadtest bigtable --bigtable "$bigtable" --rate 2000 --duration "$duration" --warmup "$warmup" \
  > "$out/bigtable" 2> "$out/bigtable.err" || echo "figures.sh: bigtable exited $?: $(tail -1 "$out/bigtable.err")" >&2
if [[ -n "$pubsub" ]]; then
  echo "figures.sh: $signal_rate signals/s for $signal_duration ..." >&2
  PUBSUB_EMULATOR_HOST="$pubsub" BIGTABLE_EMULATOR_HOST="$bigtable" bin/loadtest signals \
    --rate "$signal_rate" --duration "$signal_duration" --users 1000 --tracks 2000 --drain-timeout 30s \
    --worker-metrics "http://127.0.0.1:$WORKER_HTTP_PORT/prometheus" > "$out/signals" 2> "$out/signals.err" \
    || echo "figures.sh: signals exited $?: $(tail -1 "$out/signals.err")" >&2
fi
load_end=$(cut -d' ' -f1 /proc/loadavg)

# "  latency ms: p50 A  p90 B  p99 C ..." -> the value of the field named $2 on the $1-th such line.
latency() { sed -n 's/^ *latency ms: //p' "$3" | sed -n "${1}p" | grep -o "$2 [0-9.]*" | cut -d' ' -f2 || true; }
ratio=$(grep -o '= [0-9.]* x echo' "$out/compare" | cut -d' ' -f2 || true)
echo_p99=$(latency 1 p99 "$out/compare"); home_p50=$(latency 2 p50 "$out/compare"); home_p99=$(latency 2 p99 "$out/compare")
home_errors=$(grep -o 'errors [0-9][0-9,]*' "$out/compare" | sed -n 2p | cut -d' ' -f2 | tr -d ',' || true)
read_p50=$(latency 1 p50 "$out/bigtable"); read_p99=$(latency 1 p99 "$out/bigtable")
read_ratio=$(awk -v r="$read_p99" -v e="$echo_p99" 'BEGIN { if (e > 0) printf "%.1f", r / e }')

echo
echo "Measured $(date -u +%Y-%m-%dT%H:%MZ), load average $load_start at the start, $load_end at the end."
echo
echo "| what | figure | command |"
echo "| --- | --- | --- |"
echo "| GetHome vs bare grpc-java echo at 2,000/s, same run | GetHome p50 $home_p50 ms, p99 $home_p99 ms, ${home_errors:-?} errors; echo p99 $echo_p99 ms; **p99 ratio $ratio** (target ≤ 1.5) | \`bin/loadtest compare --target 127.0.0.1:$GRPC_PORT --rate 2000 --duration $duration --warmup $warmup\` |"
echo "| The Bigtable read behind GetHome alone at 2,000/s, no service in front | p50 $read_p50 ms, p99 $read_p99 ms = ${read_ratio}× the echo's p99 | \`bin/loadtest bigtable --bigtable \$BIGTABLE_EMULATOR_HOST --rate 2000 --duration $duration --warmup $warmup\` |"
if [[ -s "$out/signals" ]]; then
  fresh=$(grep -o 'freshness (Bigtable probe.*' "$out/signals" | head -1 || true)
  f_p50=$(echo "$fresh" | grep -o 'p50 [0-9.]*' | cut -d' ' -f2 || true); f_p99=$(echo "$fresh" | grep -o 'p99 [0-9.]*' | cut -d' ' -f2 || true)
  lost=$(grep -o 'not stored as plays when the run ended: -\{0,1\}[0-9][0-9,]*' "$out/signals" | grep -o '[-0-9,]*$' || echo '? (no worker metrics)')
  echo "| Event-to-shelf freshness, $signal_rate PLAY/s over 1,000 users for $signal_duration | p50 $(awk -v v="$f_p50" 'BEGIN{printf "%.2f", v/1000}') s, p99 $(awk -v v="$f_p99" 'BEGIN{printf "%.2f", v/1000}') s (target p99 ≤ 3 s); published but not stored: $lost | \`bin/loadtest signals --rate $signal_rate --duration $signal_duration --users 1000 --tracks 2000 --drain-timeout 30s --worker-metrics http://127.0.0.1:$WORKER_HTTP_PORT/prometheus\` |"
else
  echo "| Event-to-shelf freshness | not measured: no Pub/Sub emulator (see README, Quick start) | |"
fi
