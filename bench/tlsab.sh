#!/usr/bin/env bash
# Same-run A/B of two hapair jars on the HTTPS keep-alive case (bench/run.sh's tls: wrk keep-alive over TLS 1.3 to
# an `ssl crt ... alpn h2,http/1.1` frontend, HTTP/1.1 to two nginx), and optionally the plain L7 case of the same
# processes as the reference for the TLS-only extra (CASES="tls l7"), with HAProxy 2.6 alongside: three proxies up at once, measured rounds alternating A, B, HAProxy, so a loaded
# machine hurts all three alike. Per round: req/s, CPU per request (utime+stime ticks / requests) and its user
# part; for the hapair jars also the CPU per request of each thread kind (event loops, C1/C2 compilers, GC), since
# the JIT's recompilations after a warm-up land in the first measured rounds. Medians at the end.
# Usage: A_JAR=old.jar B_JAR=new.jar bench/tlsab.sh
# Env: ROUNDS (default 5), DUR (seconds per round, 5), WARMUP (seconds of wrk on each proxy first, 10),
# CONNS (64), CASES (default tls; "tls l7" adds plain L7 rounds, h2 bench/run.sh's HTTP/2 case, tlsnew its full
# handshakes (req/s and us/req are per handshake), hslat sequential handshakes timed by bench/hslat.py), OUT (directory for rounds.txt and threads-A/B.txt,
# default a new /tmp/hapair-tlsab-out.*),
# NOHAPROXY=1 (A and B only), STRACE=1 (syscalls per request, below), A_OPTS / B_OPTS (HAPAIR_JAVA_OPTS of each), PROFILE=cpu|alloc with AP=path of
# libasyncProfiler.so (attached to A and B for each measured run, below).
# Everything listens on 127.0.0.1; every process started here is stopped by its PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS=${ROUNDS:-5}; DUR=${DUR:-5}; WARMUP=${WARMUP:-10}; CONNS=${CONNS:-64}
: "${A_JAR:?A_JAR: the first hapair-proxy jar}" "${B_JAR:?B_JAR: the second hapair-proxy jar}"
OUT=${OUT:-$(mktemp -d /tmp/hapair-tlsab-out.XXXXXX)}
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require wrk haproxy nginx java python3 openssl h2load
CASES=${CASES:-tls}
bench_workdir tlsab
bench_nginx_backends 2
ab_homes
declare -A port pid
for p in haproxy A B; do port[$p]=$(free_port); port[$p,l7]=$(free_port); done
bench_cert
cfg() { # tls-port l7-port (bench/run.sh's frontends)
  ab_config_head
  cat <<CONF
frontend l7s
    bind 127.0.0.1:$1 ssl crt $work/bench.pem alpn h2,http/1.1
    default_backend web
frontend l7
    bind 127.0.0.1:$2
    default_backend web
backend web
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
}
for p in haproxy A B; do cfg "${port[$p]}" "${port[$p,l7]}" > "$work/$p.cfg"; done
ab_start tlsab "$work"
for p in haproxy A B; do wait_port "${port[$p]}"; done

hz=$(getconf CLK_TCK)
order="A B haproxy"
if [ -n "${NOHAPROXY:-}" ]; then order="A B"; fi
url() { # proxy case
  if [ "$2" = l7 ]; then echo "http://127.0.0.1:${port[$1,l7]}/"; else echo "https://127.0.0.1:${port[$1]}/"; fi
}
# load PROXY CASE SECONDS OUT: wrk for tls and l7; for h2 bench/run.sh's HTTP/2 case (h2load, CONNS clients x 10
# streams), its "N succeeded" turned into wrk's "N requests in" line so the rest reads both alike
# tlsnew: bench/run.sh's full-handshake case (STIME_CLIENTS `openssl s_time -new` processes, default 8, by
# bench/stime.py: the clients' CPU per handshake and the machine's idle share are added to the round's line); hslat: one connection at a time (bench/hslat.py), the handshake's latency in parts
# (median and p90, ms) kept in $4.lat for the round's line
load() {
  if [ "$2" = tlsnew ]; then
    python3 bench/stime.py "${STIME_CLIENTS:-8}" "127.0.0.1:${port[$1]}" "$3" > "$4.lat" 2>&1 || true
    echo "$(awk '{print $1}' "$4.lat") requests in" > "$4"
  elif [ "$2" = hslat ]; then
    python3 bench/hslat.py 127.0.0.1 "${port[$1]}" "$3" > "$4.lat" 2>&1 || true
    echo "$(awk '{print $1}' "$4.lat") requests in" > "$4"
  elif [ "$2" = h2 ]; then
    timeout -k 5 $(( $3 + 60 )) h2load -t2 -c"$CONNS" -m10 -D"$3" "$(url "$1" "$2")" > "$4.h2" 2>&1 || true # bounded (run.sh)
    sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1 requests in/p' "$4.h2" > "$4"
  else
    wrk -t2 -c"$CONNS" -d"${3}s" "$(url "$1" "$2")" > "$4" 2>&1 || true
  fi
}
for c in $CASES; do
  for p in $order; do load "$p" "$c" "$WARMUP" "$work/warm.out"; done
done
if [ -n "${PROFILE:-}" ]; then : "${AP:?AP: the path of libasyncProfiler.so}"; fi
echo "tlsab: ${DUR}s x $ROUNDS rounds, $CONNS connections, load at start $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$OUT/rounds.txt"
for r in $(seq 1 "$ROUNDS"); do
 for c in $CASES; do
  for p in $order; do
    u0=$(uticks "${pid[$p]}"); t0=$(ticks "${pid[$p]}")
    if [ "$p" != haproxy ]; then
      threads "${pid[$p]}" > "$work/th0"
      # the round's start in the process's own clock (seconds since it started), to find the round in its
      # -XX:+PrintCompilation or GC log lines (A.log/B.log, copied to OUT)
      echo "round $r $c starts at $(ps -o etimes= -p "${pid[$p]}" | tr -d ' ') s" >> "$OUT/times-$p.txt"
    fi
    # profiled per proxy, case and round (OUT/prof-EVENT-PROXY-CASE-rROUND.collapsed), so the TLS case's
    # samples can be set against the plain L7 case's of the same process; divide by that round's requests
    if [ -n "${PROFILE:-}" ] && [ "$p" != haproxy ]; then agent "$p" "start,event=$PROFILE,interval=${PINTERVAL:-1ms}"; fi
    load "$p" "$c" "$DUR" "$work/wrk.out"
    u1=$(uticks "${pid[$p]}"); t1=$(ticks "${pid[$p]}")
    if [ -n "${PROFILE:-}" ] && [ "$p" != haproxy ]; then
      agent "$p" "stop,file=$OUT/prof-$PROFILE-$p-$c-r$r.collapsed,collapsed"
    fi
    req=$(awk '/requests in/ {print $1}' "$work/wrk.out")
    req=${req:-0}
    if [ "$req" -eq 0 ]; then echo "tlsab: no request answered by $p" >&2; exit 1; fi
    if [ "$p" != haproxy ]; then
      threads "${pid[$p]}" > "$work/th1"
      echo "$c $(date +%s) $(thread_split "$work/th0" "$work/th1" "$req")" >> "$OUT/threads-$p.txt"
    fi
    lat=""; case $c in hslat|tlsnew) lat="  $(cut -d' ' -f3- "$work/wrk.out.lat")" ;; esac
    python3 -c "import sys; r = $req; print('round $r %-10s %8.0f req/s %7.2f us/req  user %5.2f  load %s  busy %3.0f%%%s' % ('$p-$c', r / $DUR,
      ($t1 - $t0) * 1e6 / $hz / r, ($u1 - $u0) * 1e6 / $hz / r, '$(cut -d' ' -f1 /proc/loadavg)', ($t1 - $t0) * 100 / $hz / $DUR, '$lat'))" | tee -a "$OUT/rounds.txt"
  done
 done
done
# STRACE=1: after the rounds, one more wrk run per proxy and case under `strace -c -f` (syscalls per request; the
# tracing slows the proxy, so only the counts mean anything), written to OUT/strace-PROXY-CASE.txt
if [ -n "${STRACE:-}" ]; then
  for c in $CASES; do
    for p in $order; do
      strace -c -f -p "${pid[$p]}" -o "$OUT/strace-$p-$c.txt" & st=$!
      sleep 1
      load "$p" "$c" "$DUR" "$work/wrk.out"
      kill -INT "$st"; wait "$st" 2>/dev/null || true
      echo "requests $(awk '/requests in/ {print $1}' "$work/wrk.out")" >> "$OUT/strace-$p-$c.txt"
    done
  done
fi
for p in A B; do echo "tlsab: $p peak RSS $(awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/${pid[$p]}/status") MiB"; done
cp "$work/A.log" "$work/B.log" "$OUT/" # e.g. the -XX:+PrintCompilation lines of A_OPTS / B_OPTS
python3 - "$OUT/rounds.txt" <<'PY'
import collections, statistics, sys
rps, cpu, user = (collections.defaultdict(list) for _ in range(3))
for line in open(sys.argv[1]):
    f = line.split()
    rps[f[2]].append(float(f[3])); cpu[f[2]].append(float(f[5])); user[f[2]].append(float(f[8]))
for k in rps:
    print('median %-10s %8.0f req/s %7.2f us/req  user %5.2f  (us/req: %s)' % (k, statistics.median(rps[k]),
          statistics.median(cpu[k]), statistics.median(user[k]), ' '.join('%.2f' % x for x in cpu[k])))
lat = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if 'flight' in f:
        lat[f[2]].append([float(f[f.index(k) + j]) for k in ('flight', 'total') for j in (1, 2)])
clients = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if 'clients' in f:
        clients[f[2]].append((float(f[f.index('clients') + 1]), float(f[f.index('idle') + 1].rstrip('%'))))
for k in clients:
    print('median %-10s clients %.0f us/handshake, machine idle %.0f%%' % (k, statistics.median(c for c, _ in clients[k]),
          statistics.median(i for _, i in clients[k])))
for k in lat:
    print('median %-10s handshake latency (ms): flight p50 %.3f p90 %.3f  total p50 %.3f p90 %.3f' % ((k,) + tuple(
          statistics.median(r[i] for r in lat[k]) for i in range(4))))
for c in ('tls', 'l7', 'h2', 'tlsnew', 'hslat'):
    a, b = cpu.get('A-' + c), cpu.get('B-' + c)
    if a and b:
        d = [y - x for x, y in zip(a, b)]
        print('%s: B - A per round (us/req): %s; median %.2f, B lower in %d of %d' % (c, ' '.join('%+.2f' % x for x in d),
              statistics.median(d), sum(x < 0 for x in d), len(d)))
PY
echo "tlsab: rounds, per-thread CPU and profiles in $OUT"
