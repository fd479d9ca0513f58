#!/usr/bin/env python3
"""Aggregates JFR execution samples: top self frames, top inclusive frames, by thread.

Usage: jfr-top.py RECORDING.jfr [N] [--thread SUBSTRING] [--since SECONDS]
Needs the JDK's `jfr` tool on PATH. Prints counts and shares of jdk.ExecutionSample events.
"""
import collections, json, subprocess, sys

def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    opts = sys.argv[1:]
    path = args[0]
    n = int(args[1]) if len(args) > 1 else 25
    thread_filter = opts[opts.index('--thread') + 1] if '--thread' in opts else None
    out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events',
                          'jdk.ExecutionSample', path], capture_output=True, text=True, check=True).stdout
    events = json.loads(out)['recording']['events']
    self_c, incl_c, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for e in events:
        v = e['values']
        t = (v.get('sampledThread') or {}).get('javaName') or '?'
        if thread_filter and thread_filter not in t:
            continue
        frames = (v.get('stackTrace') or {}).get('frames') or []
        names = []
        for f in frames:
            m = f['method']
            names.append(m['type']['name'] + '.' + m['name'])
        total += 1
        threads[t.rstrip('0123456789-')] += 1
        if names:
            self_c[names[0]] += 1
        for name in set(names):
            incl_c[name] += 1
    print(f'{total} samples')
    for title, c in (('threads', threads), ('self', self_c), ('inclusive', incl_c)):
        print(f'--- {title}')
        for k, v in c.most_common(n):
            print(f'{v:7d} {100.0 * v / max(total, 1):5.1f}%  {k}')

main()
