#!/usr/bin/env bash
# Same-run A/B of two hapair jars on the L4 case (mode tcp, wrk keep-alive through a tcp frontend to two nginx),
# with HAProxy 2.6 alongside: three proxies up at once, measured rounds alternating A, B, HAProxy, so a loaded
# machine hurts all three alike. Per round: req/s, CPU per request (utime+stime ticks / requests) and its user
# part; for the hapair jars also the CPU per request of each thread kind (event loops, C1/C2 compilers, GC), since
# the JIT's recompilations after a warm-up land in the first measured rounds. Medians at the end.
# The order within a round rotates (see rotate below).
# Usage: A_JAR=old.jar B_JAR=new.jar bench/l4ab.sh
# CASE=l4 (default: the mode tcp relay) or close (bench/run.sh's close case: wrk with "Connection: close"
# through its mode http frontend, one client and one server connection per request).
# Env: ROUNDS (default 5), DUR (seconds per round, 5), WARMUP (seconds of wrk on each proxy first, 10),
# CONNS (64), OUT (directory for rounds.txt and threads-A/B.txt, default a new /tmp/hapair-l4ab-out.*),
# NOHAPROXY=1 (A and B only), STRACE=1 (system calls per request of each proxy, below), A_OPTS / B_OPTS (HAPAIR_JAVA_OPTS of each), PROFILE=cpu|alloc with AP=path of
# libasyncProfiler.so (attached to A and B after the warm-up, collapsed stacks written to OUT/prof-EVENT-A/B).
# Everything listens on 127.0.0.1; every process started here is stopped by its PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-5}; DUR=${DUR:-5}; WARMUP=${WARMUP:-10}; CONNS=${CONNS:-64}; CASE=${CASE:-l4}
case $CASE in l4) wrk_hdr=() ;; close) wrk_hdr=(-H "Connection: close") ;; *) echo "l4ab: CASE l4 or close" >&2; exit 2 ;; esac
: "${A_JAR:?A_JAR: the first hapair-proxy jar}" "${B_JAR:?B_JAR: the second hapair-proxy jar}"
OUT=${OUT:-$(mktemp -d /tmp/hapair-l4ab-out.XXXXXX)}
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require wrk haproxy nginx java python3
bench_workdir l4ab
bench_nginx_backends 2
ab_homes
declare -A port pid
for p in haproxy A B; do port[$p]=$(free_port); done
cfg() { # port (bench/run.sh's l4 frontend, or its l7 frontend for close; the defaults' http settings do not
  # apply in mode tcp)
  ab_config_head
  if [ "$CASE" = close ]; then
    cat <<CONF
frontend l7
    bind 127.0.0.1:$1
    default_backend web
backend web
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
    return
  fi
  cat <<CONF
frontend l4
    mode tcp
    bind 127.0.0.1:$1
    default_backend web-tcp
backend web-tcp
    mode tcp
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
}
for p in haproxy A B; do cfg "${port[$p]}" > "$work/$p.cfg"; done
ab_start l4ab "$work"
for p in haproxy A B; do wait_port "${port[$p]}"; done

hz=$(getconf CLK_TCK)
order="A B haproxy"
if [ -n "${NOHAPROXY:-}" ]; then order="A B"; fi
for p in $order; do wrk -t2 -c"$CONNS" -d"${WARMUP}s" "${wrk_hdr[@]}" "http://127.0.0.1:${port[$p]}/" > /dev/null 2>&1 || true; done
if [ -n "${PROFILE:-}" ]; then
  : "${AP:?AP: the path of libasyncProfiler.so}"
  for p in A B; do agent "$p" "start,event=$PROFILE,interval=${PINTERVAL:-1ms}"; done
fi
echo "l4ab: $CASE, ${DUR}s x $ROUNDS rounds, $CONNS connections, load at start $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$OUT/rounds.txt"
# Which proxy goes first rotates from round to round (A B haproxy, B haproxy A, haproxy A B, ...): with a fixed order
# the hapair process measured second showed more user CPU per request than the first in 5 of 6 profiled runs of
# session 13, whichever of two jars it ran (a position effect cannot be told from a change then).
rotate() { # round -> the proxies of $order in that round's order
  local -a o
  read -ra o <<< "$order"
  local n=${#o[@]} i
  for ((i = 0; i < n; i++)); do printf '%s ' "${o[$(((i + $1 - 1) % n))]}"; done
}
for r in $(seq 1 "$ROUNDS"); do
  for p in $(rotate "$r"); do
    u0=$(uticks "${pid[$p]}"); t0=$(ticks "${pid[$p]}")
    if [ "$p" != haproxy ]; then threads "${pid[$p]}" > "$work/th0"; fi
    wrk -t2 -c"$CONNS" -d"${DUR}s" "${wrk_hdr[@]}" "http://127.0.0.1:${port[$p]}/" > "$work/wrk.out" 2>&1 || true
    u1=$(uticks "${pid[$p]}"); t1=$(ticks "${pid[$p]}")
    req=$(awk '/requests in/ {print $1}' "$work/wrk.out")
    req=${req:-0}
    if [ "$req" -eq 0 ]; then echo "l4ab: no request answered by $p" >&2; exit 1; fi
    if [ "$p" != haproxy ]; then
      threads "${pid[$p]}" > "$work/th1"
      thread_split "$work/th0" "$work/th1" "$req" >> "$OUT/threads-$p.txt"
    fi
    python3 -c "import sys; r = $req; print('round $r %-7s %8.0f req/s %7.2f us/req  user %5.2f  load %s' % ('$p', r / $DUR,
      ($t1 - $t0) * 1e6 / $hz / r, ($u1 - $u0) * 1e6 / $hz / r, '$(cut -d' ' -f1 /proc/loadavg)'))" | tee -a "$OUT/rounds.txt"
  done
done
if [ -n "${PROFILE:-}" ]; then
  for p in A B; do agent "$p" "stop,file=$OUT/prof-$PROFILE-$p.collapsed,collapsed"; done
fi
# STRACE=1: after the rounds, one more short run per proxy under strace -f -c (all its threads; bounded by timeout),
# its system calls per request (strace slows the proxy: the counts per request are what to read, not the rate)
if [ -n "${STRACE:-}" ]; then
  for p in $order; do
    timeout -s INT $((DUR + 3)) strace -f -c -o "$OUT/strace-$p.txt" -p "${pid[$p]}" > /dev/null 2>&1 &
    st=$!
    sleep 1
    wrk -t2 -c"$CONNS" -d"${DUR}s" "${wrk_hdr[@]}" "http://127.0.0.1:${port[$p]}/" > "$work/wrk.out" 2>&1 || true
    wait "$st" || true
    req=$(awk '/requests in/ {print $1}' "$work/wrk.out")
    python3 - "$OUT/strace-$p.txt" "${req:-0}" "$p" <<'PY'
import sys
calls = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) >= 5 and f[0][0].isdigit() and f[-1] != 'total':
        calls[f[-1]] = int(f[3])
req = int(sys.argv[2]) or 1
print('strace %-7s %d requests: ' % (sys.argv[3], req) + ', '.join('%s %.2f' % (k, v / req)
      for k, v in sorted(calls.items(), key=lambda kv: -kv[1]) if v / req >= 0.05))
PY
  done
fi
python3 - "$OUT/rounds.txt" <<'PY'
import collections, statistics, sys
rps, cpu, user = (collections.defaultdict(list) for _ in range(3))
for line in open(sys.argv[1]):
    f = line.split()
    rps[f[2]].append(float(f[3])); cpu[f[2]].append(float(f[5])); user[f[2]].append(float(f[8]))
for k in rps:
    print('median %-7s %8.0f req/s %7.2f us/req  user %5.2f  (us/req: %s)' % (k, statistics.median(rps[k]),
          statistics.median(cpu[k]), statistics.median(user[k]), ' '.join('%.2f' % x for x in cpu[k])))
if 'A' in cpu and 'B' in cpu:
    d = [b - a for a, b in zip(cpu['A'], cpu['B'])]
    print('B - A per round (us/req): %s; median %.2f, B lower in %d of %d' % (' '.join('%+.2f' % x for x in d),
          statistics.median(d), sum(x < 0 for x in d), len(d)))
PY
echo "l4ab: rounds, per-thread CPU and profiles in $OUT"
