#!/usr/bin/env bash
# Where the L7 keep-alive latency tail comes from (issue 12's p99 line): two hapair jars (or one jar with two flag
# sets) and HAProxy 2.6 side by side on bench/run.sh's l7 case (wrk -t2 -c64 keep-alive, small nginx responses, each
# proxy with 2 threads), measured rounds alternating A, B, HAProxy. Per round: req/s, CPU per request
# (utime+stime ticks / requests), wrk's latency distribution (p50/p75/p90/p99/max), and per thread kind of each
# proxy, from /proc/PID/task/TID/schedstat and status: CPU, run-queue wait (time runnable but not running), the
# number of times it ran (timeslices), voluntary and involuntary context switches, and the mean run-queue wait per
# wake-up; the same for the two nginx together; each wrk connection's share of the responses; the proxy's
# connections to nginx and how many it opened during the round. Medians and the p99 ratios (A/HAProxy, B/HAProxy) at the end.
# Usage: A_JAR=old.jar B_JAR=new.jar bench/p99ab.sh
# Env: ROUNDS (default 6), DUR (seconds per round, 5), WARMUP (seconds of l7 on each proxy first, 15; then a second
# pass of WARMUP2, 5), CONNS (64), OUT (directory, default a new /tmp/hapair-p99ab-out.*), A_OPTS / B_OPTS
# (HAPAIR_JAVA_OPTS of each).
# Everything listens on 127.0.0.1; every process started here is stopped by its PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-6}; DUR=${DUR:-5}; WARMUP=${WARMUP:-15}; WARMUP2=${WARMUP2:-5}; CONNS=${CONNS:-64}
: "${A_JAR:?A_JAR: the first hapair-proxy jar}" "${B_JAR:?B_JAR: the second hapair-proxy jar}"
OUT=${OUT:-$(mktemp -d /tmp/hapair-p99ab-out.XXXXXX)}
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require wrk haproxy nginx java python3
bench_workdir p99ab
bench_nginx_backends 2
ab_homes
declare -A port pid
for p in haproxy A B; do port[$p]=$(free_port); done
for p in haproxy A B; do
  { ab_config_head; cat <<CONF
frontend l7
    bind 127.0.0.1:${port[$p]}
    default_backend web
backend web
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
  } > "$work/$p.cfg"
done
for n in A B; do
  jh=${n}_JAVA_HOME
  JAVA_HOME=${!jh:-${JAVA_HOME:-}} HAPAIR_PROXY_NAME=p99ab HAPAIR_CACHE_DIR=$work/cache HAPAIR_HOME=$work/home$n \
    bin/hapair-proxy --make-class-archives > /dev/null 2>&1 || true
done
ab_start p99ab "$OUT"
for p in haproxy A B; do wait_port "${port[$p]}"; done
nginx_pids=()
for f in "$work"/nginx*/nginx.pid; do nginx_pids+=("$(cat "$f")"); done

# snap FILE PID...: one line per thread of each process: pid tid name run_ns wait_ns slices vcs nvcs ticks
snap() {
  local f=$1; shift
  python3 - "$@" > "$f" <<'PY'
import os, sys
for pid in sys.argv[1:]:
    try: tids = os.listdir('/proc/%s/task' % pid)
    except OSError: continue
    for tid in tids:
        d = '/proc/%s/task/%s/' % (pid, tid)
        try:
            run, wait, slices = open(d + 'schedstat').read().split()
            st = open(d + 'stat').read()
            name = st[st.index('(') + 1:st.rindex(')')].replace(' ', '_')
            f = st[st.rindex(')') + 2:].split()
            ticks = int(f[11]) + int(f[12])
            vcs = nvcs = 0
            for l in open(d + 'status'):
                if l.startswith('voluntary_ctxt_switches'): vcs = int(l.split()[1])
                elif l.startswith('nonvoluntary_ctxt_switches'): nvcs = int(l.split()[1])
        except (OSError, ValueError): continue
        print(pid, tid, name, run, wait, slices, vcs, nvcs, ticks)
PY
}

# wrk's 99.9th percentile besides --latency's
cat > "$work/tail.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("tail: 99.9=%.2f", latency:percentile(99.9) / 1000))
  io.write("\n")
end
LUA
# conns FILE: every established TCP socket on 127.0.0.1 with its bytes received and sent (ss -ti): the
# client side of wrk's connections tells how many responses each connection got (fairness across the 64), the
# proxy's sockets toward nginx how many server connections it used and whether any were new in the round
conns() {
  ss -tinpH state established 2>/dev/null | python3 -c '
import re, sys
head = None
def out(head, info):
    a = head.split()
    if len(a) < 4: return
    rx = re.search(r"bytes_received:(\d+)", info); tx = re.search(r"bytes_acked:(\d+)", info)
    owner = re.search(r"pid=(\d+)", head)
    print(a[2], a[3], rx.group(1) if rx else 0, tx.group(1) if tx else 0, owner.group(1) if owner else "-")
for line in sys.stdin:
    if line[:1].isspace():
        if head is not None: out(head, line); head = None
    else:
        if head is not None: out(head, "")
        head = line
if head is not None: out(head, "")
' > "$1"
}
run_wrk() { # proxy seconds -> $work/load.out
  wrk -t2 -c"$CONNS" -d"${2}s" --latency -s "$work/tail.lua" "http://127.0.0.1:${port[$1]}/" > "$work/load.out" 2>&1 || true
}

for pass in "$WARMUP" "$WARMUP2"; do
  if [ "$pass" -gt 0 ]; then for p in A B haproxy; do run_wrk "$p" "$pass"; done; fi
done
echo "p99ab: l7, ${DUR}s x $ROUNDS rounds, $CONNS connections, warm-up ${WARMUP}s + ${WARMUP2}s each," \
  "load at start $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
  for p in A B haproxy; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    # the threads of the proxy and nginx before wrk starts (the proxy is idle between its rounds) and after it
    # ends, so the CPU and the waits cover the same span as wrk's request count
    snap "$work/s0" "${pid[$p]}" "${nginx_pids[@]}"
    t0=$(date +%s.%N)
    wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s "$work/tail.lua" "http://127.0.0.1:${port[$p]}/" > "$work/load.out" 2>&1 &
    wpid=$!
    sleep 0.2
    conns "$work/k0"
    # (ss -p over the machine's sockets takes up to a second under load: the second look well before wrk's end)
    sleep "$(python3 -c "print($DUR * 0.5)")"
    conns "$work/k1"
    wait "$wpid" || true
    snap "$work/s1" "${pid[$p]}" "${nginx_pids[@]}"
    t1=$(date +%s.%N)
    cp "$work/load.out" "$OUT/load-$r-$p.out"
    python3 - "$work" "$p" "$r" "$DUR" "${pid[$p]}" "$(getconf CLK_TCK)" "$load" "$t0" "$t1" "${nginx_pids[*]}" \
      "${port[$p]}" "${backend_ports[*]}" <<'PY' | tee -a "$OUT/rounds.txt"
import collections, re, statistics, sys
work, p, r, dur, ppid, hz, load, t0, t1, npids, pport, bports = sys.argv[1:13]
dur, hz, span = int(dur), int(hz), float(t1) - float(t0)
out = open(work + '/load.out').read()
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)$', v)
    if not m: return float('nan')
    x = float(m.group(1)); u = m.group(2)
    return x / 1000 if u == 'us' else x * 1000 if u == 's' else x
m = re.search(r'(\d+) requests in ([\d.]+)s', out)
req = int(m.group(1)) if m else 0
if req == 0:
    print('p99ab: no request answered by %s in round %s' % (p, r), file=sys.stderr); sys.exit(1)
lat = {q: ms(v) for q, v in re.findall(r'^\s+(50|75|90|99)%\s+(\S+)', out, re.M)}
mx = re.search(r'^\s+Latency\s+\S+\s+\S+\s+(\S+)', out, re.M)
lat['max'] = ms(mx.group(1)) if mx else float('nan')
m = re.search(r'^tail: 99.9=(\S+)', out, re.M)
if m: lat['99.9'] = float(m.group(1))
def snap(f):
    d = {}
    for l in open(f):
        pid, tid, name, run, wait, slices, vcs, nvcs, ticks = l.split()
        d[(pid, tid)] = (name, [int(run), int(wait), int(slices), int(vcs), int(nvcs), int(ticks)])
    return d
a, b = snap(work + '/s0'), snap(work + '/s1')
def kind(pid, name, tid):
    if pid in npids.split(): return 'nginx'
    if name.startswith('hapair-loop'): return 'loop' + name.rsplit('-', 1)[-1]
    if p == 'haproxy': return 'thread%d' % (sorted(t for q, t in b if q == ppid).index(tid) + 1)
    return ('C2' if name.startswith('C2_') else 'C1' if name.startswith('C1_') else 'VM' if name == 'VM_Thread'
            else name)
tot = collections.defaultdict(lambda: [0] * 6)
ticks_total = 0
for key, (name, v1) in b.items():
    v0 = a.get(key, (name, [0] * 6))[1]
    dv = [x - y for x, y in zip(v1, v0)]
    k = kind(key[0], name, key[1])
    for i in range(6): tot[k][i] += dv[i]
    if key[0] == ppid: ticks_total += dv[5]
line = 'round %-2s %-7s %7.0f req/s %6.2f us/req  %s  load %s' % (r, p, req / dur, ticks_total * 1e6 / hz / req,
    ' '.join('%s=%.2f' % (k, v) for k, v in lat.items()), load)
# per kind: CPU us per request, run-queue wait us per request, wake-ups (slices) per request, vcs, nvcs per 1000
# requests, mean wait per slice in us
parts = []
for k in sorted(tot, key=lambda k: (not k.startswith(('loop', 'thread')), k)):
    run, wait, slices, vcs, nvcs, _ = tot[k]
    if slices == 0: continue
    parts.append('%s cpu=%.2f wait=%.2f us/req, %.0f runs/s, wait/run=%.1f us, vcs=%.0f nvcs=%.0f /s' % (
        k, run / 1e3 / req, wait / 1e3 / req, slices / span, wait / 1e3 / slices, vcs / span, nvcs / span))
# fairness: response bytes received by each wrk connection between the two looks (~0.3 s in and ~half-way)
def conns(f):
    d = {}
    for l in open(f):
        local, peer, rx, tx, owner = l.split()
        d[(local, peer)] = (int(rx), int(tx), owner)
    return d
k0, k1 = conns(work + '/k0'), conns(work + '/k1')
per = [k1[c][0] - k0[c][0] for c in k1 if c in k0 and c[1].endswith(':' + pport)]
if per:
    per.sort()
    parts.append('client conns %d: bytes per conn min %.2f p10 %.2f median 1 p90 %.2f max %.2f (of the median %d)' % (
        len(per), per[0] / statistics.median(per), per[len(per) // 10] / statistics.median(per),
        per[len(per) * 9 // 10] / statistics.median(per), per[-1] / statistics.median(per), statistics.median(per)))
srv = [c for c in k1 if c[1].rsplit(':', 1)[1] in bports.split() and k1[c][2] == ppid]
srv_busy = [c for c in srv if c in k0 and k1[c][1] > k0[c][1]]
parts.append('server conns at end %d (new in the round %d, carried requests %d)' % (
    len(srv), len([c for c in srv if c not in k0]), len(srv_busy)))
print(line + '\n    ' + '\n    '.join(parts))
PY
  done
done
python3 - "$OUT/rounds.txt" <<'PY'
import collections, re, statistics, sys
rows = collections.defaultdict(lambda: collections.defaultdict(list))
byround = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    m = re.match(r'round (\S+) +(\S+) +(\S+) req/s +(\S+) us/req +(.*?) +load', line)
    if not m: continue
    r, p = m.group(1), m.group(2)
    rows[p]['rps'].append(float(m.group(3))); rows[p]['us'].append(float(m.group(4)))
    for k, v in re.findall(r'(\S+)=(\S+)', m.group(5)): rows[p][k].append(float(v))
    byround[r][p] = rows[p]['99'][-1]
for p, d in sorted(rows.items()):
    print('median %-7s %7.0f req/s %6.2f us/req  %s' % (p, statistics.median(d['rps']), statistics.median(d['us']),
          ' '.join('%s=%.2f' % (k, statistics.median(v)) for k, v in d.items() if k not in ('rps', 'us'))))
    print('    p99 per round: %s' % ' '.join('%.2f' % x for x in d['99']))
for p in ('A', 'B'):
    ratios = [byround[r][p] / byround[r]['haproxy'] for r in byround if p in byround[r] and 'haproxy' in byround[r]]
    if ratios:
        print('p99 %s/HAProxy per round: %s; median %.2f, min %.2f, max %.2f' % (p, ' '.join('%.2f' % x for x in ratios),
              statistics.median(ratios), min(ratios), max(ratios)))
PY
echo "p99ab: rounds and wrk outputs in $OUT"
