#!/usr/bin/env bash
# Same-run A/B of two hapair jars (or one jar with two flag sets) on bench/run.sh's cases, looking at where the
# proxy's CPU and latency go during the measured rounds, after the warm-up: per round req/s, CPU per request
# (utime+stime ticks / requests), wrk's latency distribution (p50/p75/p90/p99/max), the CPU per request of each
# kind of thread (event loops, C1/C2 compiler threads, the VM thread that runs Serial GC, others), and from the
# JVM's own counters (jstat -snap: read from its hsperfdata file, no attach) the young/full collections, their
# pause time, safepoints, their time and the compilations made during the round. HAProxy 2.6 runs alongside
# (measured rounds alternate A, B, HAProxy), so a loaded machine hurts all three alike. Medians at the end.
# Usage: A_JAR=old.jar B_JAR=new.jar bench/jitab.sh
# Env: TESTS (any of "l7 close l4 big tls h2", default l7), ROUNDS (default 5), DUR (seconds per round, 5), WARMUP (seconds
# of each test on each proxy first, 15), CONNS (64), OUT (directory for rounds.txt, default a new
# /tmp/hapair-jitab-out.*), NOHAPROXY=1 (A and B only), A_OPTS / B_OPTS (HAPAIR_JAVA_OPTS of each), A_PASSES /
# B_PASSES (how many times the warm-up goes through every test on that proxy, default 1; passes after the first
# take WARMUP2 seconds per test, default 5).
# Everything listens on 127.0.0.1; every process started here is stopped by its PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-5}; DUR=${DUR:-5}; WARMUP=${WARMUP:-15}; CONNS=${CONNS:-64}; TESTS=${TESTS:-l7}
: "${A_JAR:?A_JAR: the first hapair-proxy jar}" "${B_JAR:?B_JAR: the second hapair-proxy jar}"
OUT=${OUT:-$(mktemp -d /tmp/hapair-jitab-out.XXXXXX)}
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require wrk haproxy nginx java jstat python3 openssl h2load
bench_workdir jitab
bench_nginx_backends 2
ab_homes
bench_cert
declare -A port pid
for p in haproxy A B; do for t in l7 l4 tls; do port[$p,$t]=$(free_port); done; done
cfg() { # proxy: bench/run.sh's configuration (its l7, l4 and, when a TLS case runs, its https frontends)
  ab_config_head
  cat <<CONF
frontend l7
    bind 127.0.0.1:${port[$1,l7]}
    default_backend web
frontend l4
    mode tcp
    bind 127.0.0.1:${port[$1,l4]}
    default_backend web-tcp
backend web
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
backend web-tcp
    mode tcp
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
  case " $TESTS " in
    *" tls "*|*" h2 "*)
      printf 'frontend l7s\n    bind 127.0.0.1:%s ssl crt %s alpn h2,http/1.1\n    default_backend web\n' \
        "${port[$1,tls]}" "$work/bench.pem" ;;
  esac
}
for p in haproxy A B; do cfg "$p" > "$work/$p.cfg"; done
for n in A B; do
  jh=${n}_JAVA_HOME
  JAVA_HOME=${!jh:-${JAVA_HOME:-}} HAPAIR_PROXY_NAME=jitab HAPAIR_CACHE_DIR=$work/cache HAPAIR_HOME=$work/home$n \
    bin/hapair-proxy --make-class-archives > /dev/null 2>&1 || true
done
ab_start jitab "$OUT"
for p in haproxy A B; do wait_port "${port[$p,l7]}"; done

# milliseconds since the process started (to find a round in the JVM's logs, whose times count from its start)
since_start() { awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { up = $1; next } { printf "%d", (up - $22 / hz) * 1000 }' \
  /proc/uptime "/proc/$1/stat"; }
# the JVM's counters: collections and their time, safepoints and their time, compilations (no attach: hsperfdata)
counters() {
  jstat -J-Djstat.showUnsupported=true -snap "$1" 2>/dev/null | grep -E \
    '^(sun\.gc\.collector\.[01]\.(invocations|time)|sun\.rt\.safepoint(s|Time|SyncTime)|sun\.ci\.(totalCompiles|totalTime)|sun\.os\.hrt\.frequency)=' || true
}
run_load() { # proxy test seconds -> load generator output in $work/load.out
  case $2 in
    l7) wrk -t2 -c"$CONNS" -d"${3}s" --latency "http://127.0.0.1:${port[$1,l7]}/" ;;
    close) wrk -t2 -c"$CONNS" -d"${3}s" --latency -H "Connection: close" "http://127.0.0.1:${port[$1,l7]}/" ;;
    l4) wrk -t2 -c"$CONNS" -d"${3}s" --latency "http://127.0.0.1:${port[$1,l4]}/" ;;
    big) wrk -t2 -c16 -d"${3}s" --latency "http://127.0.0.1:${port[$1,l7]}/big.bin" ;;
    tls) wrk -t2 -c"$CONNS" -d"${3}s" --latency "https://127.0.0.1:${port[$1,tls]}/" ;;
    h2) timeout -k 5 $(( $3 + 60 )) h2load -t2 -c"$CONNS" -m10 -D"$3" "https://127.0.0.1:${port[$1,tls]}/" ;; # bounded (run.sh)
  esac > "$work/load.out" 2>&1 || true
}
order="A B haproxy"
if [ -n "${NOHAPROXY:-}" ]; then order="A B"; fi
declare -A passes=([A]=${A_PASSES:-1} [B]=${B_PASSES:-1} [haproxy]=1)
for pass in 1 2 3; do
  for t in $TESTS; do
    for p in $order; do
      if [ "$pass" -le "${passes[$p]}" ]; then run_load "$p" "$t" "$(if [ "$pass" = 1 ]; then echo "$WARMUP"; else echo "${WARMUP2:-5}"; fi)"; fi
    done
  done
done
echo "jitab: $TESTS, ${DUR}s x $ROUNDS rounds, $CONNS connections, warm-up ${WARMUP}s each, load at start" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/rounds.txt"
for t in $TESTS; do
  for r in $(seq 1 "$ROUNDS"); do
    for p in $order; do
      load=$(cut -d' ' -f1 /proc/loadavg)
      # the JVM's counters first (jstat starts a JVM of its own: seconds at a high load), the CPU around the load only
      if [ "$p" != haproxy ]; then counters "${pid[$p]}" > "$work/c0"; threads "${pid[$p]}" > "$work/th0"; fi
      t0=$(ticks "${pid[$p]}"); s0=$(since_start "${pid[$p]}")
      run_load "$p" "$t" "$DUR"
      t1=$(ticks "${pid[$p]}"); s1=$(since_start "${pid[$p]}")
      if [ "$p" != haproxy ]; then threads "${pid[$p]}" > "$work/th1"; counters "${pid[$p]}" > "$work/c1"; fi
      cp "$work/load.out" "$OUT/load-$t-$r-$p.out"
      python3 - "$work" "$p" "$t" "$r" "$DUR" "$((t1 - t0))" "$(getconf CLK_TCK)" "$load" "$s0-$s1" <<'PY' | tee -a "$OUT/rounds.txt"
import collections, re, sys
work, p, t, r, dur, ticks, hz, load, span = (sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
    int(sys.argv[6]), int(sys.argv[7]), sys.argv[8], sys.argv[9])
out = open(work + '/load.out').read()
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)$', v)
    if not m: return float('nan')
    x = float(m.group(1)); u = m.group(2)
    return x / 1000 if u == 'us' else x * 1000 if u == 's' else x
if t == 'h2':
    m = re.search(r'requests: (\d+) total, \d+ started, (\d+) done', out)
    req = int(m.group(2)) if m else 0
    mean = re.search(r'time for request:\s+\S+\s+\S+\s+(\S+)', out)
    lat = {'mean': ms(mean.group(1)) if mean else float('nan')}
else:
    m = re.search(r'(\d+) requests in', out)
    req = int(m.group(1)) if m else 0
    lat = {q: ms(v) for q, v in re.findall(r'^\s+(50|75|90|99)%\s+(\S+)', out, re.M)}
    mx = re.search(r'^\s+Latency\s+\S+\s+\S+\s+(\S+)', out, re.M)
    lat['max'] = ms(mx.group(1)) if mx else float('nan')
if req == 0:
    print('jitab: no request answered by %s in %s round %s' % (p, t, r), file=sys.stderr); sys.exit(1)
line = 'round %s %-4s %-7s %8.0f req/s %6.2f us/req  %s  load %s' % (t, r, p, req / dur, ticks * 1e6 / hz / req,
    ' '.join('%s=%.2f' % (k, v) for k, v in lat.items()), load)
if p != 'haproxy':
    def threads(f):
        d = collections.Counter()
        for l in open(f):
            if '|' not in l: continue
            name, n = l.rsplit('|', 1)
            name = name.strip()
            kind = ('loop' + name.rsplit('-', 1)[-1] if name.startswith('hapair-loop') else
                    'C2' if name.startswith('C2 ') else 'C1' if name.startswith('C1 ') else
                    'VM' if name == 'VM Thread' else 'other')
            d[kind] += int(n)
        return d
    a, b = threads(work + '/th0'), threads(work + '/th1')
    line += '\n    ms since start %s, us/req by thread: ' % span + ' '.join('%s=%.2f' % (k, (b[k] - a[k]) * 1e6 / hz / req) for k in
                                                 sorted(b, key=lambda k: (not k.startswith('loop'), k)))
    def counters(f):
        return {k: int(v) for k, v in (l.strip().split('=', 1) for l in open(f) if '=' in l)}
    c0, c1 = counters(work + '/c0'), counters(work + '/c1')
    d = lambda k: c1.get(k, 0) - c0.get(k, 0)
    f = c1.get('sun.os.hrt.frequency', 1e9)
    yg, fg = d('sun.gc.collector.0.invocations'), d('sun.gc.collector.1.invocations')
    line += ('\n    young GCs %d (%.1f/s, %.2f ms total, %.3f ms mean), full %d (%.2f ms), safepoints %d (%.2f ms, sync %.2f ms),'
             ' compiles %d (%.0f ms)') % (yg, yg / dur, d('sun.gc.collector.0.time') * 1e3 / f,
        d('sun.gc.collector.0.time') * 1e3 / f / yg if yg else 0, fg, d('sun.gc.collector.1.time') * 1e3 / f,
        d('sun.rt.safepoints'), d('sun.rt.safepointTime') * 1e3 / f, d('sun.rt.safepointSyncTime') * 1e3 / f,
        d('sun.ci.totalCompiles'), d('sun.ci.totalTime') * 1e3 / f)
print(line)
PY
    done
  done
done
python3 - "$OUT/rounds.txt" <<'PY'
import collections, re, statistics, sys
rows = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    m = re.match(r'round (\S+) +\d+ +(\S+) +(\S+) req/s +(\S+) us/req +(.*?) +load', line)
    if not m: continue
    t, p = m.group(1), m.group(2)
    rows[(t, p)]['rps'].append(float(m.group(3))); rows[(t, p)]['us'].append(float(m.group(4)))
    for k, v in re.findall(r'(\S+)=(\S+)', m.group(5)): rows[(t, p)][k].append(float(v))
for (t, p), d in sorted(rows.items()):
    print('median %s %-7s %8.0f req/s %6.2f us/req  %s  (us/req: %s)' % (t, p, statistics.median(d['rps']),
          statistics.median(d['us']), ' '.join('%s=%.2f' % (k, statistics.median(v)) for k, v in d.items()
          if k not in ('rps', 'us')), ' '.join('%.2f' % x for x in d['us'])))
    if '99' in d: print('    p99 per round: %s' % ' '.join('%.2f' % x for x in d['99']))
PY
echo "jitab: rounds and load generator outputs in $OUT"
