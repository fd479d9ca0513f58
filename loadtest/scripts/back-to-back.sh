#!/usr/bin/env bash
# back-to-back.sh OTHER_CHECKOUT ROUNDS SCRIPT [ARGS...]: this checkout against another (e.g. a
# worktree of an older commit, built with `./mvnw -q -DskipTests package`), alternately, ROUNDS
# times each, with this tree's loadtest/scripts/SCRIPT run on each tree (HOME_SHELVES_TREE), e.g.
#   back-to-back.sh ../old 2 rate-by-rate.sh 1000     GetHome, the read alone and the echo
#   back-to-back.sh ../old 2 freshness.sh 1000 40s    the signal worker's freshness and CPU
# Alternating spreads the machine's drift over both sides; compare the sides' spread with their
# difference.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
usage="usage: back-to-back.sh OTHER_CHECKOUT ROUNDS SCRIPT [ARGS...]"
other="$(cd "${1:?$usage}" && pwd)"
rounds=${2:?$usage}
script="$here/loadtest/scripts/${3:?$usage}"
shift 3
[[ -x "$script" ]] || { echo "back-to-back.sh: no script $script" >&2; exit 2; }
for round in $(seq 1 "$rounds"); do
  for tree in "$other" "$here"; do
    echo "=== round $round: $tree ($(git -C "$tree" log -1 --format=%h))"
    HOME_SHELVES_TREE="$tree" "$script" "$@"
  done
done
