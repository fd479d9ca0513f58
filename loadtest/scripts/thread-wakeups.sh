#!/usr/bin/env bash
# thread-wakeups.sh SECONDS PID: where a process's thread wake-ups and CPU go, by thread name
# (digits folded, so grpc-server-3 and grpc-server-11 count as grpc-server-N), over SECONDS,
# from /proc/PID/task/*/{comm,schedstat} (Linux). Run it during a load test: divided by the
# calls per second, the wake-ups per call of each pool are the thread hand-offs of a call.
# Threads that start or end during the interval are left out.
set -euo pipefail
secs=$1 pid=$2
now() { date +%s%N; }
snap() {
  for t in /proc/"$pid"/task/*; do
    # comm is at most 15 characters; a name with spaces keeps them out of the key
    { printf '%s %s %s\n' "${t##*/}" "$(tr ' ' '_' < "$t/comm" | sed 's/[0-9][0-9]*/N/g')" \
      "$(cat "$t/schedstat")"; } 2>/dev/null
  done | awk 'NF == 5' | sort
}
t0=$(now); before=$(snap); t1=$(now)
sleep "$secs"
t2=$(now); after=$(snap); t3=$(now)
elapsed=$(( (t2 + t3) / 2 - (t0 + t1) / 2 ))
join <(echo "$before") <(echo "$after") | awk -v ns="$elapsed" '{name = $2
  cpu[name] += $7 - $3; n[name] += $9 - $5; threads[name]++}
  END {s = ns / 1e9; for (k in cpu) printf "%-18s %3d threads  cpu %.3f cores  %8.0f wake-ups/s\n",
    k, threads[k], cpu[k] / 1e9 / s, n[k] / s}' | sort -k7 -n -r
