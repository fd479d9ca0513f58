#!/usr/bin/env bash
# schedstat.sh SECONDS PID...: for each process, over SECONDS: CPU used (cores), time its threads
# waited in the run queue (s per s), thread wake-ups (timeslices) per second and the mean wait
# per wake-up, from /proc/PID/task/*/schedstat (Linux). Threads that start or end during the
# interval are left out. Run it during a load test.
set -euo pipefail
secs=$1; shift
snap() { for p in "$@"; do for t in /proc/"$p"/task/*; do
  s=$(cat "$t"/schedstat 2>/dev/null) && echo "$p:${t##*/} $s"; done; done | sort; }
before=$(snap "$@"); sleep "$secs"; after=$(snap "$@")
join <(echo "$before") <(echo "$after") | awk -v s="$secs" '{split($1, k, ":"); p=k[1];
  c[p]+=$5-$2; w[p]+=$6-$3; n[p]+=$7-$4}
  END {for (p in c) printf "pid %s: cpu %.2f cores, run-queue wait %.2f s/s, %d wake-ups/s, mean wait per wake-up %.3f ms\n",
    p, c[p]/1e9/s, w[p]/1e9/s, n[p]/s, (n[p]>0 ? w[p]/n[p]/1e6 : 0)}'
