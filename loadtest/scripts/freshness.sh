#!/usr/bin/env bash
# freshness.sh [RATE] [DURATION]: the signal worker's event-to-shelf freshness at RATE plays/s
# (default 1000) for DURATION (default 40s) over 1,000 demo users, with the worker's CPU per
# stored play and per recompute and its refused leases, on a fresh setup of its own
# (bin/run-local on gRPC 50071, HTTP 8095, worker 50072/8096; docs/performance.md, "Signal
# freshness"). A 10 s warm-up at 200/s comes first. Run it after `./mvnw -q -DskipTests package`;
# about 3 minutes. HOME_SHELVES_TREE=DIR measures the checkout DIR (built) with this script, as
# back-to-back.sh does. Stops everything it started.
set -euo pipefail
cd "${HOME_SHELVES_TREE:-$(dirname "${BASH_SOURCE[0]}")/../..}"
rate=${1:-1000}
duration=${2:-40s}

work=$(mktemp -d -t freshness.XXXXXX)
GRPC_PORT=50071 HTTP_PORT=8095 WORKER_GRPC_PORT=50072 WORKER_HTTP_PORT=8096 HOME_SHELVES_LOCAL_ENV="$work/local.env" \
  setsid bin/run-local > "$work/run-local.out" 2>&1 &
setup=$!
stop_setup() {
  kill -TERM "$setup" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$setup" 2>/dev/null || break; sleep 1; done
  kill -KILL -- -"$setup" 2>/dev/null || true
  rm -rf "$work"
}
trap stop_setup EXIT
for _ in $(seq 1 300); do grep -q "press Ctrl-C" "$work/run-local.out" && break; kill -0 "$setup" || break; sleep 1; done
grep -q "press Ctrl-C" "$work/run-local.out" || { echo "freshness.sh: bin/run-local did not start:" >&2; tail -20 "$work/run-local.out" >&2; exit 1; }
pubsub=$(sed -n 's/^PUBSUB_EMULATOR_HOST=//p' "$work/local.env")
bigtable=$(sed -n 's/^BIGTABLE_EMULATOR_HOST=//p' "$work/local.env")
[[ -n "$pubsub" ]] || { echo "freshness.sh: no Pub/Sub emulator in the setup (see README, Quick start)" >&2; exit 1; }
worker=$(pgrep -s "$setup" -f "HomeShelvesCli worker" | head -1)
metrics=http://127.0.0.1:8096/prometheus

# utime + stime of the worker, in clock ticks; a counter's value from the worker's /prometheus.
ticks() { awk '{ print $14 + $15 }' "/proc/$worker/stat"; }
counter() { curl -s "$metrics" | awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $2 } END { printf "%.0f", s }'; }
stored_plays() {
  curl -s "$metrics" | awk '/^homeshelves_worker_signals_total\{/ && /kind="PLAY"/ && /outcome="stored"/ { s += $2 }
    END { printf "%.0f", s }'
}
signals() {
  PUBSUB_EMULATOR_HOST="$pubsub" BIGTABLE_EMULATOR_HOST="$bigtable" bin/loadtest signals --users 1000 --tracks 2000 \
    --worker-metrics "$metrics" --bigtable "$bigtable" "$@"
}

signals --rate 200 --duration 10s --drain-timeout 10s > /dev/null 2>&1
cpu0=$(ticks); recomputes0=$(counter homeshelves_worker_recomputes_total)
refused0=$(counter homeshelves_worker_recompute_lease_refused_total)
stored0=$(stored_plays)
# It exits non-zero when a signal was not on a shelf by the end of the drain; the figures still count.
signals --rate "$rate" --duration "$duration" --drain-timeout 20s | tee "$work/signals.out" \
  || echo "freshness.sh: bin/loadtest signals exited non-zero (see its lines above)" >&2
cpu1=$(ticks); recomputes1=$(counter homeshelves_worker_recomputes_total)
refused1=$(counter homeshelves_worker_recompute_lease_refused_total)
stored1=$(stored_plays)
hz=$(getconf CLK_TCK)
awk -v c=$((cpu1 - cpu0)) -v hz="$hz" -v r=$((recomputes1 - recomputes0)) -v f=$((refused1 - refused0)) \
  -v p=$((stored1 - stored0)) 'BEGIN {
    ms = c * 1000 / hz
    printf "worker over the run and drain: CPU %.1f s; %d plays stored, %d recomputes, %d leases refused;", ms / 1000, p, r, f
    printf " CPU per stored play %.2f ms, per recompute %.2f ms\n", p ? ms / p : 0, r ? ms / r : 0 }'
