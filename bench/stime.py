#!/usr/bin/env python3
"""bench/run.sh's full-handshake load with its costs: CLIENTS `openssl s_time -new` processes for SECONDS.

Usage: stime.py CLIENTS HOST:PORT SECONDS -> "N connections  clients U us/conn  idle I%"
U: the clients' own CPU (user + system, from their rusage) per connection; I: the whole machine's idle share
during the run (/proc/stat), so a rate can be read as bound by the CPU (idle ~0: rate = CPUs / (proxy + client
CPU per handshake)) or by the clients' latency (idle > 0: each s_time makes one connection at a time).
"""
import re, resource, subprocess, sys

def idle():
    f = open('/proc/stat').readline().split()[1:]
    v = [int(x) for x in f]
    return v[3] + v[4], sum(v)

n, hostport, secs = int(sys.argv[1]), sys.argv[2], sys.argv[3]
i0, t0 = idle()
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
procs = [subprocess.Popen(['openssl', 's_time', '-connect', hostport, '-new', '-time', secs],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(n)]
total = 0
for p in procs:
    out = p.communicate()[0]
    m = re.search(r'^(\d+) connections in [\d.]+ real seconds', out, re.M)
    total += int(m.group(1)) if m else 0
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
i1, t1 = idle()
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print('%d connections  clients %.0f us/conn  idle %.0f%%' % (total, cpu * 1e6 / max(total, 1), 100.0 * (i1 - i0) / max(t1 - t0, 1)))
