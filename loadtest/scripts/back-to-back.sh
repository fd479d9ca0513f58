#!/usr/bin/env bash
# back-to-back.sh OTHER_CHECKOUT [RATE] [ROUNDS]: this checkout's GetHome against another
# checkout's (e.g. a worktree of an older commit, built with `./mvnw -q -DskipTests package`),
# alternately, ROUNDS times each (default 2), at RATE calls/s (default 1000), each with
# rate-by-rate.sh of its own tree: read alone, GetHome with the service's CPU, echo. Alternating
# spreads the machine's drift over both sides; compare the sides' spread with their difference.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
other="$(cd "${1:?usage: back-to-back.sh OTHER_CHECKOUT [RATE] [ROUNDS]}" && pwd)"
rate=${2:-1000}
rounds=${3:-2}
for round in $(seq 1 "$rounds"); do
  for tree in "$other" "$here"; do
    echo "=== round $round: $tree ($(git -C "$tree" log -1 --format=%h))"
    "$tree/loadtest/scripts/rate-by-rate.sh" "$rate"
  done
done
