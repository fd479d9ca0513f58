#!/usr/bin/env bash
# rate-by-rate.sh [RATE...]: GetHome against the two round trips it is made of, rate by rate
# (docs/performance.md, "What bounds the rate target"). Run it after
# `./mvnw -q -DskipTests package`; takes about 10 minutes for the six default rates.
# HOME_SHELVES_TREE=DIR measures the checkout DIR (built) with this script (back-to-back.sh).
#
# Starts its own local setup (bin/run-local on gRPC 50071, HTTP 8095, worker 50072/8096), warms
# the service up for 60 s at 1,000/s, then per rate (default 250 500 750 1000 1250 1500), 20 s
# each after a 5 s warm-up:
#   read alone  `bin/loadtest bigtable`: the read behind GetHome, straight to the emulator
#   GetHome     `bin/loadtest home`, with schedstat.sh's CPU of service, emulator and generator
#   echo        `bin/loadtest echo` after the setup is stopped (reply of 8,300 bytes, about a
#               demo Home), with the CPU of the generator and the echo server
# and prints p50 ... max of each. Stops everything it started.
set -euo pipefail
cd "${HOME_SHELVES_TREE:-$(dirname "${BASH_SOURCE[0]}")/../..}"
rates=("$@")
[[ ${#rates[@]} -gt 0 ]] || rates=(250 500 750 1000 1250 1500)

log=$(mktemp -t rate-by-rate.XXXXXX)
# The setup's endpoints go to a file of this run, not to var/local.env.
work=$(mktemp -d -t rate-by-rate-setup.XXXXXX)
endpoints="$work/local.env"
GRPC_PORT=50071 HTTP_PORT=8095 WORKER_GRPC_PORT=50072 WORKER_HTTP_PORT=8096 HOME_SHELVES_LOCAL_ENV="$endpoints" \
  setsid bin/run-local > "$log" 2>&1 &
setup=$!
stop_setup() {
  kill -TERM "$setup" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$setup" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- -"$setup" 2>/dev/null || true
}
trap stop_setup EXIT
for _ in $(seq 1 300); do grep -q "press Ctrl-C" "$log" && break; kill -0 "$setup" || exit 1; sleep 1; done
grep -q "press Ctrl-C" "$log" || { echo "bin/run-local did not start; its output: $log" >&2; exit 1; }
bigtable=$(sed -n 's/^BIGTABLE_EMULATOR_HOST=//p' "$endpoints")
[[ -n "$bigtable" ]] || { echo "no BIGTABLE_EMULATOR_HOST in $endpoints" >&2; exit 1; }
emulator=$(pgrep -s "$setup" -f "cbtemulator" | head -1 || true)
service=$(pgrep -s "$setup" -f "HomeShelvesCli serve" | head -1 || true)

figures() { sed -n 's/.*\(errors [0-9][0-9,]*\),.*/\1;/p; s/^  latency ms: //p' | tr '\n' ' '; echo; }
# Runs a load command in the background, writing its output to $1, and prints the CPU of it, of
# its child processes (the echo server) and of PIDS_EXTRA, sampled for 8 s from 10 s into the run.
with_cpu() {
  local out=$1; shift
  "$@" > "$out" 2>/dev/null &
  local generator=$! pids
  sleep 10
  pids=$(pgrep -P "$generator" | tr '\n' ' ' || true)
  loadtest/scripts/schedstat.sh 8 "$generator" ${PIDS_EXTRA:-} $pids \
    | sed "s/^pid $generator:/  generator:/; s/^pid ${service:-x}:/  service:/;
           s/^pid ${emulator:-x}:/  emulator:/; s/^pid [0-9]*:/  ${CHILD:-child process}:/"
  wait "$generator" || true
}

echo "warming up the service (60 s at 1,000/s) ..." >&2
bin/loadtest home --target 127.0.0.1:50071 --rate 1000 --duration 30s --warmup 30s > /dev/null 2>&1
run=$(mktemp -t rate-by-rate-run.XXXXXX)
for rate in "${rates[@]}"; do
  echo "== $rate/s"
  echo -n "read alone: "
  bin/loadtest bigtable --bigtable "$bigtable" --rate "$rate" --duration 20s --warmup 5s 2>/dev/null | figures
  cpu=$(PIDS_EXTRA="$service $emulator" with_cpu "$run" \
    bin/loadtest home --target 127.0.0.1:50071 --rate "$rate" --duration 20s --warmup 5s)
  echo -n "GetHome:    "; figures < "$run"
  echo "$cpu"
done
stop_setup
trap - EXIT
for rate in "${rates[@]}"; do
  cpu=$(CHILD="echo server" with_cpu "$run" bin/loadtest echo --rate "$rate" --duration 20s --warmup 5s --reply-bytes 8300)
  echo -n "echo $rate/s: "; figures < "$run"
  echo "$cpu"
done
rm -rf "$run" "$log" "$work"
