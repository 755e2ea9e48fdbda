#!/usr/bin/env bash
# Benchmark hapair-proxy against HAProxy on the same nginx backends, same haproxy.cfg, same machine,
# one run: L7 small responses, L4 (tcp mode), and 1 MiB bodies. Prints req/s, p50/p99 latency, peak
# RSS and the hapair/HAProxy ratio. Everything listens on 127.0.0.1 only; every process started here
# is stopped by its PID. Usage: bench/run.sh [seconds-per-test (default 10)] [connections (default 64)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n 65536 2>/dev/null || true
DURATION=${1:-10}
CONNS=${2:-64}
THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-6}
for bin in wrk haproxy nginx java; do
  command -v "$bin" >/dev/null || { echo "bench: '$bin' is required (bin/hapair-test installs it)" >&2; exit 2; }
done
if [ ! -f proxy/target/hapair-proxy.jar ]; then
  mvn -B -q -DskipTests package
fi

work=$(mktemp -d /tmp/hapair-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "bench: nothing listens on port $1" >&2; return 1
}

# --- two nginx backends (own prefix, single process, started and stopped by PID)
backend_ports=()
for n in 1 2; do
  port=$(free_port); backend_ports+=("$port")
  pfx="$work/nginx$n"; mkdir -p "$pfx/html" "$pfx/tmp"
  head -c 1048576 /dev/urandom > "$pfx/html/big.bin"
  cat > "$pfx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
error_log $pfx/error.log warn;
pid $pfx/nginx.pid;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 10000000;
  client_body_temp_path $pfx/tmp/body; proxy_temp_path $pfx/tmp/proxy; fastcgi_temp_path $pfx/tmp/fcgi;
  uwsgi_temp_path $pfx/tmp/uwsgi; scgi_temp_path $pfx/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    location = /big.bin { root $pfx/html; }
    location / { default_type text/plain; return 200 "nginx$n\n"; }
  }
}
CONF
  nginx -p "$pfx" -c "$pfx/nginx.conf" &
  pids+=("$!")
  wait_port "$port"
done

# --- one haproxy.cfg, used unchanged by both proxies
l7=$(free_port); l4=$(free_port)
cat > "$work/bench.cfg" <<CONF
global
    maxconn 9000
    nbthread 2

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s

frontend l7
    bind 127.0.0.1:$l7
    default_backend web

backend web
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}

frontend l4
    mode tcp
    bind 127.0.0.1:$l4
    default_backend web-tcp

backend web-tcp
    mode tcp
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF

# wrk URL -> "req/s p50 p99" (latencies normalised to ms)
run_wrk() {
  local url=$1 conns=$2 secs=$3
  wrk -t"$THREADS" -c"$conns" -d"${secs}s" --latency "$url" > "$work/wrk.out" 2>&1 || true
  python3 - "$work/wrk.out" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r'([\d.]+)(us|ms|s)', v)
    if not m: return float('nan')
    x = float(m.group(1)); u = m.group(2)
    return x / 1000 if u == 'us' else x * 1000 if u == 's' else x
rps = re.search(r'Requests/sec:\s+([\d.]+)', t)
p50 = re.search(r'^\s+50%\s+(\S+)', t, re.M)
p99 = re.search(r'^\s+99%\s+(\S+)', t, re.M)
errs = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
sock = re.search(r'Socket errors: (.*)', t)
print("%.0f %.2f %.2f %s" % (float(rps.group(1)) if rps else 0, ms(p50.group(1)) if p50 else float('nan'),
      ms(p99.group(1)) if p99 else float('nan'), (errs.group(1) if errs else "0")))
PY
}

rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

declare -A result
bench_proxy() {
  local name=$1; shift
  "$@" > "$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  wait_port "$l7"; wait_port "$l4"
  # warm-up (JIT for hapair; caches for both), not measured
  run_wrk "http://127.0.0.1:$l7/" "$CONNS" "$WARMUP" >/dev/null
  run_wrk "http://127.0.0.1:$l4/" "$CONNS" 2 >/dev/null
  run_wrk "http://127.0.0.1:$l7/big.bin" 16 2 >/dev/null
  result[$name,l7]=$(run_wrk "http://127.0.0.1:$l7/" "$CONNS" "$DURATION")
  result[$name,l4]=$(run_wrk "http://127.0.0.1:$l4/" "$CONNS" "$DURATION")
  result[$name,big]=$(run_wrk "http://127.0.0.1:$l7/big.bin" 16 "$DURATION")
  result[$name,rss]=$(rss_mb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$l7") 2>/dev/null || break; sleep 0.05; done
}

echo "bench: ${DURATION}s per test, $CONNS connections (16 for 1 MiB), wrk -t$THREADS, $(nproc) CPUs, $(haproxy -v | head -1 | cut -d' ' -f1-3)"
bench_proxy haproxy haproxy -db -f "$work/bench.cfg"
bench_proxy hapair bin/hapair-proxy -db -f "$work/bench.cfg"

printf "\n%-22s %12s %9s %9s %8s | %12s %9s %9s %8s | %6s\n" test "hapair req/s" "p50 ms" "p99 ms" "RSS MB" "haproxy r/s" "p50 ms" "p99 ms" "RSS MB" ratio
for t in l7 l4 big; do
  read -r hr h50 h99 herr <<<"${result[hapair,$t]}"
  read -r xr x50 x99 xerr <<<"${result[haproxy,$t]}"
  label=$t; [ "$t" = l7 ] && label="L7 small (http)"; [ "$t" = l4 ] && label="L4 (tcp mode)"; [ "$t" = big ] && label="L7 1 MiB bodies"
  ratio=$(python3 -c "print('%.2f' % ($hr / $xr if $xr else 0))")
  printf "%-22s %12s %9s %9s %8s | %12s %9s %9s %8s | %6s\n" "$label" "$hr" "$h50" "$h99" "${result[hapair,rss]}" \
    "$xr" "$x50" "$x99" "${result[haproxy,rss]}" "${ratio}x"
  if [ "$herr" != 0 ] || [ "$xerr" != 0 ]; then echo "  (non-2xx responses: hapair $herr, haproxy $xerr)"; fi
done
echo "RSS = peak resident set (VmHWM) over the whole run of each proxy."
