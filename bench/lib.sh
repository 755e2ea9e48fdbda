#!/usr/bin/env bash
# Shared by the bench scripts (source it from the repository root): tool checks, the build, a work
# directory whose processes are stopped by PID on exit, free loopback ports and bounded waits.
# shellcheck disable=SC2034  # work and pids belong to the sourcing script

bench_require() {
  local bin
  for bin in "$@"; do
    command -v "$bin" >/dev/null || { echo "bench: '$bin' is required (bin/hapair-test installs it)" >&2; exit 2; }
  done
}

bench_build() {
  if [ ! -f proxy/target/hapair-proxy.jar ]; then
    mvn -B -q -DskipTests package
  fi
}

# bench_workdir NAME: a fresh /tmp/hapair-NAME.* directory; every PID added to `pids` is stopped on exit.
bench_workdir() {
  work=$(mktemp -d "/tmp/hapair-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_port PORT: until something accepts on 127.0.0.1:PORT (at most 20 s)
wait_port() {
  for _ in $(seq 1 400); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "bench: nothing listens on port $1" >&2; return 1
}

# bench_nginx_backends N: N single-process nginx on free 127.0.0.1 ports, answering "nginxK" on / and a
# 1 MiB file on /big.bin; their ports go to `backend_ports`, their PIDs to `pids`.
bench_nginx_backends() {
  local n port pfx
  backend_ports=()
  for n in $(seq 1 "$1"); do
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
}

# wrk URL conns secs [wrk args...] -> "req/s p50 p99 non2xx" (latencies in ms)
run_wrk() {
  local url=$1 conns=$2 secs=$3
  shift 3
  wrk -t"${THREADS:-2}" -c"$conns" -d"${secs}s" --latency "$@" "$url" > "$work/wrk.out" 2>&1 || true
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
print("%.0f %.2f %.2f %s" % (float(rps.group(1)) if rps else 0, ms(p50.group(1)) if p50 else float('nan'),
      ms(p99.group(1)) if p99 else float('nan'), (errs.group(1) if errs else "0")))
PY
}
