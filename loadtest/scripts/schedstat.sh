#!/usr/bin/env bash
# schedstat.sh SECONDS PID...: for each process, over SECONDS: CPU used (cores), time its threads
# waited in the run queue (s per s), thread wake-ups (timeslices) per second and the mean wait
# per wake-up, from /proc/PID/task/*/schedstat (Linux). Run it during a load test.
set -euo pipefail
secs=$1; shift
snap() { for p in "$@"; do cat /proc/"$p"/task/*/schedstat 2>/dev/null | awk -v p="$p" '{c+=$1; w+=$2; n+=$3} END{print p, c, w, n}'; done; }
before=$(snap "$@"); sleep "$secs"; after=$(snap "$@")
join <(echo "$before") <(echo "$after") | awk -v s="$secs" '{c=($5-$2)/1e9; w=($6-$3)/1e9; n=$7-$4;
  printf "pid %s: cpu %.2f cores, run-queue wait %.2f s/s, %d wake-ups/s, mean wait per wake-up %.3f ms\n",
  $1, c/s, w/s, n/s, (n>0 ? w/n*1000 : 0)}'
