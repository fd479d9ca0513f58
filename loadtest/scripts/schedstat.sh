#!/usr/bin/env bash
# schedstat.sh SECONDS PID...: for each process, over SECONDS: CPU used (cores), time its threads
# waited in the run queue (s per s), thread wake-ups (timeslices) per second and the mean wait
# per wake-up, from /proc/PID/task/*/schedstat (Linux). Threads that start or end during the
# interval are left out. Run it during a load test.
# Each snapshot is one awk reading every thread's file (no process per thread, which on a busy
# machine took seconds and stretched the interval), and rates are per the measured interval
# between the two snapshots' midpoints.
set -euo pipefail
secs=$1; shift
now() { date +%s%N; }
snap() {
  local files=()
  for p in "$@"; do files+=(/proc/"$p"/task/*/schedstat); done
  awk '{split(FILENAME, f, "/"); print f[3] ":" f[5], $0}' "${files[@]}" 2>/dev/null | sort
}
t0=$(now); before=$(snap "$@"); t1=$(now)
sleep "$secs"
t2=$(now); after=$(snap "$@"); t3=$(now)
elapsed=$(( (t2 + t3) / 2 - (t0 + t1) / 2 ))
join <(echo "$before") <(echo "$after") | awk -v ns="$elapsed" '{split($1, k, ":"); p=k[1];
  c[p]+=$5-$2; w[p]+=$6-$3; n[p]+=$7-$4}
  END {s = ns / 1e9; for (p in c) printf "pid %s: cpu %.2f cores, run-queue wait %.2f s/s, %d wake-ups/s, mean wait per wake-up %.3f ms\n",
    p, c[p]/1e9/s, w[p]/1e9/s, n[p]/s, (n[p]>0 ? w[p]/n[p]/1e6 : 0)}'
