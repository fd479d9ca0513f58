#!/usr/bin/env bash
# users-at-scale.sh [USERS] [RATE]: GetHome over a large seeded population, uniform and Zipf
# (s = 1) users, next to the echo in the same run, and the last-good cache's hit rate when
# Bigtable stops answering (docs/performance.md, "A hundred thousand users"). Run it after
# `./mvnw -q -DskipTests package`; with the defaults (100000 users, 500/s) it takes about 20-25
# minutes, most of it seeding.
#
# Starts its own local setup (bin/run-local --users USERS on gRPC 50091, HTTP 8191, worker
# 50092/8192) and prints seed's rate line. Then, for uniform users and for Zipf s = 1:
#   1. starts a fresh service on 50093/8193 (an empty last-good cache) against the same emulator;
#   2. `bin/loadtest compare` at RATE for 60 s after a 30 s warm-up: echo and GetHome p50/p99;
#   3. GetHome at RATE for 20 s with the Bigtable emulator frozen (SIGSTOP) from 5 s to 15 s,
#      and the cache's hits and misses over it from /prometheus: a hit is a user who got their
#      own last good Home, a miss one who got the default Home.
# Stops everything it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
users=${1:-100000}
rate=${2:-500}

work=$(mktemp -d -t users-at-scale.XXXXXX)
log="$work/run-local.out"
GRPC_PORT=50091 HTTP_PORT=8191 WORKER_GRPC_PORT=50092 WORKER_HTTP_PORT=8192 \
  HOME_SHELVES_LOCAL_ENV="$work/local.env" setsid bin/run-local --users "$users" > "$log" 2>&1 &
setup=$!
service=
stop_service() {
  [[ -n "$service" ]] || return 0
  kill -TERM "$service" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$service" 2>/dev/null || break; sleep 1; done
  kill -KILL "$service" 2>/dev/null || true
  service=
}
stop_all() {
  [[ -n "${emulator:-}" ]] && kill -CONT "$emulator" 2>/dev/null
  stop_service
  kill -TERM "$setup" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$setup" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- -"$setup" 2>/dev/null || true
}
trap stop_all EXIT

echo "seeding $users users with bin/run-local (log: $log) ..." >&2
for _ in $(seq 1 3600); do grep -q "press Ctrl-C" "$log" && break; kill -0 "$setup" || break; sleep 1; done
grep -q "press Ctrl-C" "$log" || { echo "bin/run-local did not start; its output: $log" >&2; exit 1; }
grep -E "^seed: (stored|computed|histories $users/)" "$log" || true
emulator=$(pgrep -s "$setup" -f "cbtemulator" | head -1 || true)
[[ -n "$emulator" ]] || { echo "no cbtemulator in the setup's session (BIGTABLE_EMULATOR_HOST set?)" >&2; exit 1; }

cache_gets() {
  curl -s 127.0.0.1:8193/prometheus \
    | awk -v r="result=\"$1\"" 'index($0, "homeshelves_cache_gets_total") == 1 && index($0, r) { print int($2) }'
}

for zipf in 0 1; do
  label=$([[ $zipf == 0 ]] && echo "uniform" || echo "Zipf s=1")
  echo "== $users users, $label, $rate/s"
  (set -a; . "$work/local.env"; set +a
   GRPC_PORT=50093 HTTP_PORT=8193 exec bin/home-shelves serve) > "$work/service-$zipf.log" 2>&1 &
  service=$!
  for _ in $(seq 1 90); do curl -sf 127.0.0.1:8193/health > /dev/null && break; sleep 1; done
  curl -sf 127.0.0.1:8193/health > /dev/null || { echo "the service did not start: $work/service-$zipf.log" >&2; exit 1; }

  bin/loadtest compare --target 127.0.0.1:50093 --users "$users" --zipf "$zipf" --rate "$rate" \
    --duration 60s --warmup 30s 2>/dev/null || true

  hits=$(cache_gets hit); misses=$(cache_gets miss)
  bin/loadtest home --target 127.0.0.1:50093 --users "$users" --zipf "$zipf" --rate "$rate" \
    --duration 20s --warmup 0s > "$work/outage-$zipf.out" 2>/dev/null &
  load=$!
  sleep 5; kill -STOP "$emulator"; sleep 10; kill -CONT "$emulator"
  wait "$load" || true
  hits=$(( $(cache_gets hit) - hits )); misses=$(( $(cache_gets miss) - misses ))
  echo "-- Bigtable frozen for 10 s of these 20 s:"
  cat "$work/outage-$zipf.out"
  echo "last-good cache over them: $hits hits, $misses misses, hit rate" \
    "$(awk -v h="$hits" -v m="$misses" 'BEGIN { printf (h + m ? "%.3f" : "n/a"), h / (h + m) }')"
  stop_service
done
