#!/usr/bin/env bash
# Benchmark hapair-proxy against HAProxy on the same nginx backends, same haproxy.cfg, same machine,
# one run: L7 small responses (keep-alive, and Connection: close), L4 (tcp mode), 1 MiB bodies (copied, and
# spliced: a frontend with option splice-request/splice-response on both proxies), HTTPS
# keep-alive and HTTPS full handshakes (one request per connection; TLS terminated by the proxy: BoringSSL for
# hapair, the distribution's OpenSSL for HAProxy), HTTP/2 over TLS (h2load, 64 clients x 10 streams, ALPN h2 on
# both; HTTP/1.1 to the servers), then
# 10,000 idle keep-alive connections. Prints req/s, p50/p99 latency, CPU per request, idle and peak RSS,
# the RSS under idle connections, and the hapair/HAProxy ratio. Everything listens on 127.0.0.1 only; every process started here
# is stopped by its PID. Usage: bench/run.sh [seconds-per-run (default 5)] [connections (default 64)]
# Env: ROUNDS (alternating measured runs per proxy and test, default 3), WARMUP (seconds, default 5), WARMUP2 (seconds
# of each test in a second warm-up pass, default 5; 0: none),
# WARMUP_HANDSHAKES (handshakes made on each proxy before the tlsnew case is measured, default 20000, at most 120 s),
# WRK_THREADS (default 2), IDLE_CONNS (default 10000), TESTS (default "l7 close l4 big bigsplice tls tlsnew h2").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
DURATION=${1:-5}
CONNS=${2:-64}
THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-5}
# A handshake runs per-connection code once: hapair's JIT needs ~20,000 handshakes before its CPU per handshake
# settles (2,049 -> 1,333 -> 941 -> 835 -> 841 -> 669 -> 624 -> 559 -> 566 -> 599 us in consecutive 5 s rounds
# of 8 s_time clients, HAProxy 543-604 throughout, load 12-17), more than 5 s of s_time clients make; a count,
# not a time, as the handshake rate follows the machine's load (150-1,400/s here).
WARMUP_HANDSHAKES=${WARMUP_HANDSHAKES:-20000}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require wrk haproxy nginx java python3 openssl h2load
bench_build
bench_workdir bench

# --- two nginx backends (own prefix, single process, started and stopped by PID)
bench_nginx_backends 2

# HAProxy wants 2 fds per maxconn: with a low hard fd limit the idle-connection case is made smaller.
IDLE_CONNS=${IDLE_CONNS:-10000}
fd_limit=$(ulimit -n)
# The spliced frontend makes HAProxy reserve 2 fds per pipe too (maxpipes, by default maxconn / 4: 24,770 fds
# for 9,900 connections, over this machine's hard limit of 20,000, and HAProxy refused to start); the config
# caps it at MAXPIPES, as many as the spliced case can use at once (16 connections) with room to spare.
MAXPIPES=64
if [ "$fd_limit" != unlimited ] && [ $(( 2 * (IDLE_CONNS + 200) + 2 * MAXPIPES + 200 )) -gt "$fd_limit" ]; then
  IDLE_CONNS=$(( (fd_limit - 2 * MAXPIPES - 200) / 2 - 200 ))
  echo "bench: fd limit $fd_limit: idle-connection case reduced to $IDLE_CONNS connections" >&2
fi
# At least 2,000: HAProxy sizes its fd limit from maxconn, and the HTTP/2 case (64 clients x 10 streams) needs up
# to 640 server connections besides its 64 client ones; with a small IDLE_CONNS (IDLE_CONNS=100: maxconn 300)
# HAProxy ran short of fds there and its h2 figure halved (37,650 req/s, 29.6 us/req, against 83,423 and 12.9 in
# the same session with the default)
MAXCONN=$(( IDLE_CONNS + 200 ))
if [ "$MAXCONN" -lt 2000 ]; then MAXCONN=2000; fi
# ... but within the fd limit the idle case was sized by above (HAProxy refuses to start when it cannot get the
# fds its maxconn needs: strict-limits is its default)
if [ "$fd_limit" != unlimited ] && [ $(( 2 * MAXCONN + 2 * MAXPIPES + 200 )) -gt "$fd_limit" ]; then
  MAXCONN=$(( (fd_limit - 2 * MAXPIPES - 200) / 2 ))
  echo "bench: fd limit $fd_limit: maxconn $MAXCONN (under 704 the HTTP/2 case runs short of connections)" >&2
fi

# --- one haproxy.cfg template, used unchanged by both proxies (only the listening ports differ)
# --- one certificate (RSA 2048, as most sites), used by both proxies for the HTTPS case
bench_cert

# the HTTPS frontend only when the tls case runs: loading TLS costs hapair about 20 MB of idle RSS, which
# the other cases (and the idle figures) would otherwise carry
tls_frontend() { # the https listener, only when a TLS case runs; alpn h2,http/1.1 on both proxies
  case " ${TESTS:-l7 close l4 big bigsplice tls tlsnew h2} " in
    *" tls "*|*" tlsnew "*|*" h2 "*)
      printf 'frontend l7s\n    bind 127.0.0.1:%s ssl crt %s alpn h2,http/1.1\n    default_backend web\n' \
        "$1" "$work/bench.pem" ;;
  esac
}

write_cfg() { # $1 file, $2 l7 port, $3 l4 port, $4 https port, $5 spliced l7 port
  cat > "$1" <<CONF
global
    maxconn $MAXCONN
    maxpipes $MAXPIPES
    nbthread 2

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s

frontend l7
    bind 127.0.0.1:$2
    default_backend web

backend web
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}

frontend l7splice
    bind 127.0.0.1:$5
    option splice-request
    option splice-response
    default_backend web

frontend l4
    mode tcp
    bind 127.0.0.1:$3
    default_backend web-tcp

$(tls_frontend "$4")

backend web-tcp
    mode tcp
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
}

rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
rss_now_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
hz=$(getconf CLK_TCK)

# Both proxies run side by side (an idle proxy costs nothing) and the measured runs alternate between
# them, so a noisy machine hurts both alike; each figure is the median of $ROUNDS runs.
ROUNDS=${ROUNDS:-3}
declare -A port pid
port[haproxy,l7]=$(free_port); port[haproxy,l4]=$(free_port)
port[hapair,l7]=$(free_port); port[hapair,l4]=$(free_port)
port[haproxy,tls]=$(free_port); port[hapair,tls]=$(free_port)
port[haproxy,l7s]=$(free_port); port[hapair,l7s]=$(free_port)
write_cfg "$work/haproxy.cfg" "${port[haproxy,l7]}" "${port[haproxy,l4]}" "${port[haproxy,tls]}" "${port[haproxy,l7s]}"
write_cfg "$work/hapair.cfg" "${port[hapair,l7]}" "${port[hapair,l4]}" "${port[hapair,tls]}" "${port[hapair,l7s]}"
# hapair's class-data archives, as the deb's postinst makes them at install (bin/hapair-jvm; not timed)
export HAPAIR_CACHE_DIR=$work/cache
bin/hapair-proxy --make-class-archives >&2
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pid[haproxy]=$!; pids+=("${pid[haproxy]}")
bin/hapair-proxy -db -f "$work/hapair.cfg" > "$work/hapair.log" 2>&1 &
pid[hapair]=$!; pids+=("${pid[hapair]}")
for p in haproxy hapair; do wait_port "${port[$p,l7]}"; wait_port "${port[$p,l4]}"; done
sleep 2
declare -A idle_rss idle_settled
for p in haproxy hapair; do idle_rss[$p]=$(rss_now_mb "${pid[$p]}"); done
# and once start-up has settled: hapair's JIT compiles for a few seconds after start and glibc gets the compiler's
# freed arenas back at the next periodic trim (bin/hapair-jvm: TrimNativeHeapInterval=2000), ~2 MiB
sleep 8
for p in haproxy hapair; do idle_settled[$p]=$(rss_now_mb "${pid[$p]}"); done

url() { # proxy test
  case $2 in
    l7|close) echo "http://127.0.0.1:${port[$1,l7]}/" ;;
    l4) echo "http://127.0.0.1:${port[$1,l4]}/" ;;
    big) echo "http://127.0.0.1:${port[$1,l7]}/big.bin" ;;
    bigsplice) echo "http://127.0.0.1:${port[$1,l7s]}/big.bin" ;;
    tls|tlsnew|h2) echo "https://127.0.0.1:${port[$1,tls]}/" ;;
  esac
}
TESTS=${TESTS:-l7 close l4 big bigsplice tls tlsnew h2}
conns_for() { case $1 in big|bigsplice) echo 16 ;; *) echo "$CONNS" ;; esac; }
# HTTP/2: h2load, $CONNS clients x 10 concurrent streams each, same output as run_wrk (mean latency in the
# p50 column: h2load prints no percentiles)
run_h2load() { # url clients seconds
  # bounded: h2load 1.52 once kept 23 connections sending for 6 minutes after "Stopped all clients"
  timeout -k 5 $(( $3 + 60 )) h2load -t"$THREADS" -c"$2" -m10 -D"$3" "$1" > "$work/h2load.out" 2>&1 || true
  python3 - "$work/h2load.out" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = re.search(r'finished in [\d.]+\w+, ([\d.]+) req/s', t)
mean = re.search(r'time for request:\s+\S+\s+\S+\s+(\S+)', t)
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)', v)
    if not m: return float('nan')
    x = float(m.group(1)); u = m.group(2)
    return x / 1000 if u == 'us' else x * 1000 if u == 's' else x
req = re.search(r'requests: \d+ total, \d+ started, \d+ done, \d+ succeeded, (\d+) failed, (\d+) errored', t)
codes = re.search(r'status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx', t)
bad = (int(req.group(1)) + int(req.group(2)) if req else 0) + (int(codes.group(3)) + int(codes.group(4)) if codes else 0)
print("%.0f %.2f nan %d" % (float(rps.group(1)) if rps else 0, ms(mean.group(1)) if mean else float('nan'), bad))
PY
}

# tlsnew: full TLS handshakes per second, no session resumption (openssl s_time -new, which reuses no session
# as wrk would), 8 clients at once; prints "conn/s 0 0 0" like run_wrk's "req/s p50 p99 non2xx"
run_stime() { # url seconds
  local hostport=${1#https://} i total=0 n clients=()
  hostport=${hostport%/}
  for i in 1 2 3 4 5 6 7 8; do
    openssl s_time -connect "$hostport" -new -time "$2" > "$work/stime.$i" 2>&1 &
    clients+=("$!")
  done
  wait "${clients[@]}"
  for i in 1 2 3 4 5 6 7 8; do
    n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]* real seconds.*/\1/p' "$work/stime.$i" | head -1)
    total=$(( total + ${n:-0} ))
  done
  python3 -c "print('%.0f 0 0 0' % ($total / $2))"
}
measure() { # proxy test seconds
  if [ "$2" = tlsnew ]; then run_stime "$(url "$1" "$2")" "$3"; return; fi
  if [ "$2" = h2 ]; then run_h2load "$(url "$1" "$2")" "$CONNS" "$3"; return; fi
  # close: wrk takes a header only as "Name: value" (its Lua splits on ": "); "-H Connection:close" (as this
  # script passed it until session 8) was dropped without a word, so that case measured keep-alive
  if [ "$2" = close ]; then
    run_wrk "$(url "$1" "$2")" "$(conns_for "$2")" "$3" -H "Connection: close"
  else
    run_wrk "$(url "$1" "$2")" "$(conns_for "$2")" "$3"
  fi
}

echo "bench: ${DURATION}s x $ROUNDS alternating rounds per test, $CONNS connections (16 for 1 MiB), wrk -t$THREADS," \
  "$(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg), $(haproxy -v | head -1 | cut -d' ' -f1-3)"
echo "bench: TLS: hapair $(sed -n 's/.*TLS by the //p' "$work/hapair.log" | head -1); HAProxy $(haproxy -vv | sed -n 's/^Running on //p' | head -1)"
# the class archive the idle and peak figures assume (a failed --make-class-archives leaves the JDK's own: ~5 MiB more)
echo "bench: hapair class archive: $(awk -v d="$HAPAIR_CACHE_DIR/cds/" 'index($6, d) == 1 { print $6; exit }' \
  "/proc/${pid[hapair]}/maps" 2>/dev/null | grep . || echo "none (the JDK's own)")"
# what each proxy negotiates with the clients' defaults (s_time, wrk and h2load use the system's OpenSSL as
# s_client does): protocol, cipher, key-exchange group and signature must be the same on both for a fair figure
tls_negotiated() { # proxy -> "TLSv1.3 TLS_AES_256_GCM_SHA384 X25519 RSA-PSS"
  local out
  out=$(timeout 10 openssl s_client -connect "127.0.0.1:${port[$1,tls]}" </dev/null 2>/dev/null) || true
  printf '%s %s %s' "$(sed -n 's/^New, \([^,]*\), Cipher is \(.*\)/\1 \2/p' <<<"$out" | head -1)" \
    "$(sed -n 's/^Server Temp Key: \([^,]*\).*/\1/p' <<<"$out" | head -1)" \
    "$(sed -n 's/^Peer signature type: //p' <<<"$out" | head -1)"
}
case " $TESTS " in
  *" tls "*|*" tlsnew "*|*" h2 "*)
    echo "bench: TLS negotiated: hapair $(tls_negotiated hapair); HAProxy $(tls_negotiated haproxy)" ;;
esac
# tlsnew's warm-up: rounds of 5 s until WARMUP_HANDSHAKES handshakes are made (or 120 s have passed)
warm_tlsnew() { # proxy
  local made=0 spent=0 rate
  while [ "$made" -lt "$WARMUP_HANDSHAKES" ] && [ "$spent" -lt 120 ]; do
    rate=$(run_stime "$(url "$1" tlsnew)" 5)
    made=$(( made + ${rate%% *} * 5 )); spent=$(( spent + 5 ))
  done
}
# warm-up, not measured (JIT for hapair, caches for both)
for p in haproxy hapair; do
  for t in $TESTS; do
    if [ "$t" = tlsnew ]; then warm_tlsnew "$p"; else measure "$p" "$t" "$WARMUP" >/dev/null; fi
  done
done
# ... and a second, shorter pass over every test (WARMUP2 seconds each, 0: none). Each test's warm-up takes paths the
# tests before it never took (TLS under the HTTP/1 session, Connection: close, 1 MiB bodies, HTTP/2 streams), and C2
# throws away the code it compiled for those tests at the first such branch or receiver type (unstable_if and
# class_check traps: 184 C2 methods deoptimised while the l4, tls and h2 warm-ups of an "l7 l4 tls h2" run ran, among
# them HttpSession.read, startExchange, serverConnected, invokeWrite0); the first measured round of each test then paid for compiling it again: C2 took 2.4-4.8 us per
# L7 request in that round (~10-20 % of the proxy's CPU), 1.4-1.7 after this pass (bench/README.md, "Session 13 --
# jit13"). Once every test has run, the profiles hold all their paths and the code compiled in this pass stays.
WARMUP2=${WARMUP2:-5}
if [ "$WARMUP2" -gt 0 ]; then
  for p in haproxy hapair; do
    for t in $TESTS; do measure "$p" "$t" "$WARMUP2" >/dev/null; done
  done
fi

# the peak so far (start-up and warm-up, when the JIT compiler works hardest), before per-test resets
declare -A warm_rss warm_now
for p in haproxy hapair; do warm_rss[$p]=$(rss_mb "${pid[$p]}"); warm_now[$p]=$(rss_now_mb "${pid[$p]}"); done
declare -A result cpu reqs
rounds_log=()
for t in $TESTS; do
  for p in haproxy hapair; do result[$p,$t]=""; cpu[$p,$t]=0; reqs[$p,$t]=0; done
  # the peak of this test alone: VmHWM is reset (clear_refs 5) and read back after its rounds
  for p in haproxy hapair; do echo 5 > "/proc/${pid[$p]}/clear_refs" 2>/dev/null || true; done
  for _ in $(seq 1 "$ROUNDS"); do
    for p in hapair haproxy; do
      c0=$(ticks "${pid[$p]}")
      line=$(measure "$p" "$t" "$DURATION")
      c1=$(ticks "${pid[$p]}")
      result[$p,$t]+="$line;"
      # each round as measured, with its own CPU per request and the load at its end: a noisy run shows here
      rounds_log+=("$(python3 -c "import sys; r = sys.argv[1].split(); print('%-9s %-7s %9.0f r/s  p99 %7s ms  %6.1f us/req  load %s' % (
        sys.argv[2], sys.argv[3], float(r[0]), r[2], 1e6 * int(sys.argv[4]) / int(sys.argv[5]) / max(1.0, float(r[0]) * int(sys.argv[6])),
        open('/proc/loadavg').read().split()[0]))" "$line" "$t" "$p" "$((c1 - c0))" "$hz" "$DURATION")")
      cpu[$p,$t]=$(( ${cpu[$p,$t]} + c1 - c0 ))
      reqs[$p,$t]=$(python3 -c "print(int(${reqs[$p,$t]} + ${line%% *} * $DURATION))")
    done
  done
  for p in haproxy hapair; do
    result[$p,$t,rss]=$(rss_mb "${pid[$p]}")
    if [ "${result[$p,$t,rss]}" -gt "${result[$p,rss]:-0}" ] 2>/dev/null; then result[$p,rss]=${result[$p,$t,rss]}; fi
  done
done
# the peak over the whole run, warm-up included (the higher of the first HWM and each test's)
for p in haproxy hapair; do
  if [ "${warm_rss[$p]}" -gt "${result[$p,rss]:-0}" ] 2>/dev/null; then result[$p,rss]=${warm_rss[$p]}; fi
done

# --- idle keep-alive connections: each sends one request, reads its answer and stays open; the RSS of
# the proxy holding them is read, then they close. One proxy at a time.
declare -A idle_held
for p in haproxy hapair; do
  python3 - "${port[$p,l7]}" "$IDLE_CONNS" "$work/idle-$p.ready" > "$work/idle-$p.log" 2>&1 <<'PY' &
import socket, sys, time
port, n, ready = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks, ok = [], 0
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
    s.settimeout(10)
    if s.recv(4096).startswith(b"HTTP/1.1 200"): ok += 1
    socks.append(s)
open(ready, "w").write(str(ok))
time.sleep(120)
PY
  idle_pid=$!; pids+=("$idle_pid")
  for _ in $(seq 1 600); do [ -s "$work/idle-$p.ready" ] && break; sleep 0.2; done
  sleep 1
  idle_held[$p]="$(rss_now_mb "${pid[$p]}") $(cat "$work/idle-$p.ready" 2>/dev/null || echo 0)"
  kill "$idle_pid" 2>/dev/null || true; wait "$idle_pid" 2>/dev/null || true
  sleep 2
done

median() { # "rps p50 p99 err;..." -> the run with the median req/s
  python3 -c "
import sys
runs=[r.split() for r in sys.argv[1].split(';') if r.strip()]
runs.sort(key=lambda r: float(r[0]))
print(' '.join(runs[len(runs)//2]), sum(int(r[3]) for r in runs))" "$1"
}

printf "\n%-18s %11s %7s %7s %7s %6s | %11s %7s %7s %7s %6s | %6s\n" test "hapair r/s" "p50 ms" "p99 ms" "us/req" "RSS MB" \
  "haproxy r/s" "p50 ms" "p99 ms" "us/req" "RSS MB" ratio
for t in $TESTS; do
  read -r hr h50 h99 _ herr <<<"$(median "${result[hapair,$t]}")"
  read -r xr x50 x99 _ xerr <<<"$(median "${result[haproxy,$t]}")"
  hus=$(python3 -c "print('%.1f' % (1e6 * ${cpu[hapair,$t]} / $hz / max(1, ${reqs[hapair,$t]})))")
  xus=$(python3 -c "print('%.1f' % (1e6 * ${cpu[haproxy,$t]} / $hz / max(1, ${reqs[haproxy,$t]})))")
  case $t in l7) label="L7 small (http)";; close) label="L7 conn: close";; l4) label="L4 (tcp mode)";;
    big) label="L7 1 MiB bodies";; bigsplice) label="L7 1 MiB spliced";; tls) label="HTTPS keep-alive";; tlsnew) label="TLS handshakes/s";;
    h2) label="HTTP/2 TLS 64x10";; esac
  ratio=$(python3 -c "print('%.2f' % ($hr / $xr if $xr else 0))")
  printf "%-18s %11s %7s %7s %7s %6s | %11s %7s %7s %7s %6s | %5sx\n" "$label" "$hr" "$h50" "$h99" "$hus" \
    "${result[hapair,$t,rss]}" "$xr" "$x50" "$x99" "$xus" "${result[haproxy,$t,rss]}" "$ratio"
  if [ "$herr" != 0 ] || [ "$xerr" != 0 ]; then echo "  (non-2xx responses: hapair $herr, haproxy $xerr)"; fi
  if [ "$t" = tlsnew ]; then
    # The row above is bound by the clients: the 8 s_time processes cost 1.5-2.5x the proxy's CPU per handshake
    # (the same OpenSSL 3.0 client work against either proxy) on a machine with no idle CPU left, so its rate is
    # CPUs / (client + proxy CPU per handshake), and any other load in a round moves it. What the proxy itself can
    # do: handshakes per second of its own CPU, from the same rounds (bench/README.md, "Session 14 -- tlshs14").
    printf "%-18s %11s %38s | %11s %38s | %5sx\n" "  per proxy CPU-s" "$(python3 -c "print('%.0f' % (1e6 / $hus if $hus else 0))")" \
      "(handshakes per second of proxy CPU)" "$(python3 -c "print('%.0f' % (1e6 / $xus if $xus else 0))")" "" \
      "$(python3 -c "print('%.2f' % ($xus / $hus if $hus else 0))")"
  fi
done
read -r hidle hok <<<"${idle_held[hapair]}"
read -r xidle xok <<<"${idle_held[haproxy]}"
printf "%-18s %11s %38s | %11s %38s |\n" "idle RSS MB" "${idle_rss[hapair]}" "(2 s after start)" "${idle_rss[haproxy]}" ""
printf "%-18s %11s %38s | %11s %38s |\n" "idle RSS 10 s" "${idle_settled[hapair]}" "(10 s after start, settled)" \
  "${idle_settled[haproxy]}" ""
printf "%-18s %11s %38s | %11s %38s |\n" "peak RSS MB" "${result[hapair,rss]}" "(whole run, warm-up included)" \
  "${result[haproxy,rss]}" ""
printf "%-18s %11s %38s | %11s %38s |\n" "RSS after warm-ups" "${warm_now[hapair]}" "(where the first test's RSS starts)" \
  "${warm_now[haproxy]}" ""
printf "%-18s %11s %38s | %11s %38s |\n" "$IDLE_CONNS idle conns" "$hidle MB" "($hok answered)" "$xidle MB" "($xok answered)"
echo "ratio = hapair/HAProxy req/s (median of alternating runs); us/req = proxy CPU time per request;"
echo "HTTP/2 row: h2load -c$CONNS -m10 over TLS with ALPN h2 (p50 column = mean latency, no p99 from h2load);"
echo "RSS = peak resident set (VmHWM) of each proxy during that test's measured runs (reset before each test);"
echo "peak RSS = the highest of the whole run, start-up and warm-up included; idle RSS = after start (2 s after both"
echo "ports answered a probe connection, and 10 s after, once the JIT's start-up work is done), before load;"
echo "RSS after warm-ups = resident set once every test's warm-up has run (all of them run before the first"
echo "measured test, so each test's RSS includes what the others' warm-ups left, e.g. HTTP/2's);"
echo "idle conns = resident set while holding $IDLE_CONNS keep-alive client connections after one request each."
echo
echo "rounds, in the order run (req/s, p99, proxy CPU per request, 1-minute load at the round's end):"
printf '  %s\n' "${rounds_log[@]}"
