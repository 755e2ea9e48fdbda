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

# bench_cert: a self-signed RSA 2048 certificate for bench.test, chain and key in $work/bench.pem (as most sites)
bench_cert() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/bench.key" -out "$work/bench.crt" -days 2 \
    -subj /CN=bench.test 2>/dev/null
  cat "$work/bench.crt" "$work/bench.key" > "$work/bench.pem"
}

# --- same-run A/B of two hapair jars or flag sets with HAProxy (bench/l4ab.sh, tlsab.sh, jitab.sh)
# ab_start NAME LOGDIR: HAProxy on $work/haproxy.cfg and hapair A and B on $work/A.cfg and B.cfg (A_OPTS, B_OPTS:
# their HAPAIR_JAVA_OPTS; A_JAVA_HOME, B_JAVA_HOME: the JDK each runs on, default the launcher's choice; homes
# $work/homeA and homeB, one class-data cache), logs in LOGDIR; PIDs in pid[...]
# (an associative array of the caller's) and in pids. The caller waits for its ports.
# ab_homes: the two jars (A_JAR, B_JAR) into their homes $work/homeA and homeB, as ab_start runs them
ab_homes() {
  local n
  for n in A B; do mkdir -p "$work/home$n/lib"; done
  cp "$A_JAR" "$work/homeA/lib/hapair-proxy.jar"
  cp "$B_JAR" "$work/homeB/lib/hapair-proxy.jar"
}

# ab_config_head: the global and defaults sections of bench/run.sh's configuration, for the A/B scripts' configs
ab_config_head() {
  cat <<CONF
global
    maxconn 2000
    nbthread ${NBTHREAD:-2}
defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout http-request 10s
CONF
}

ab_start() {
  haproxy -db -f "$work/haproxy.cfg" > "$2/haproxy.log" 2>&1 &
  pid["haproxy"]=$!; pids+=("${pid["haproxy"]}")
  export HAPAIR_PROXY_NAME=$1 HAPAIR_CACHE_DIR=$work/cache
  JAVA_HOME=${A_JAVA_HOME:-${JAVA_HOME:-}} HAPAIR_HOME=$work/homeA HAPAIR_JAVA_OPTS="${A_OPTS:-}" bin/hapair-proxy -db -f "$work/A.cfg" > "$2/A.log" 2>&1 &
  pid[A]=$!; pids+=("${pid[A]}")
  JAVA_HOME=${B_JAVA_HOME:-${JAVA_HOME:-}} HAPAIR_HOME=$work/homeB HAPAIR_JAVA_OPTS="${B_OPTS:-}" bin/hapair-proxy -db -f "$work/B.cfg" > "$2/B.log" 2>&1 &
  pid[B]=$!; pids+=("${pid[B]}")
}

# CPU of a process in clock ticks: utime+stime, and utime alone
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
uticks() { awk '{print $14}' "/proc/$1/stat"; }

# threads PID: per thread "name|utime+stime ticks" (the name as the kernel keeps it, 15 characters)
threads() {
  local f
  for f in "/proc/$1/task/"*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) . (.*)$/\1|\2/' "$f" | awk -F'|' '{split($2, a, " "); print $1 "|" a[11] + a[12]}'
  done 2>/dev/null || true
}

# thread_split BEFORE AFTER REQUESTS: two `threads` files -> "us/req by thread: name=us ..." (numbered names summed)
thread_split() {
  python3 - "$1" "$2" "$3" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
def load(f):
    d = collections.Counter()
    for line in open(f):
        if '|' in line:
            name, t = line.rsplit('|', 1)
            d[re.sub(r'\d+$', '#', name.strip())] += int(t)
    return d
a, b, req, hz = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print('us/req by thread: ' + ' '.join('%s=%.2f' % (k, (b[k] - a[k]) * 1e6 / hz / req) for k in sorted(b) if b[k] > a[k]))
PY
}

# agent PROXY OPTIONS: async-profiler (AP: its library) attached to hapair PROXY (options quoted: jcmd splits on '=')
agent() {
  jcmd "${pid[$1]}" JVMTI.agent_load "$AP" "\"$2\"" > /dev/null
}

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

# ---- VRRP labs in network namespaces (failover.sh, vrrp-loss.sh) ----

# bench_netns_lab PREFIX NET HOST...: as root, namespaces HOST... on a bridge in NET.0/24 made by
# bin/hapair-netns (run id in `id`, a prefix letter and 3 hex digits), a work directory under /run
# (root-owned, not world-writable: keepalived's enable_script_security refuses scripts in writable paths),
# and on exit every PID in `pids` stopped, the namespaces deleted, the work directory removed.
bench_netns_lab() {
  local prefix=$1 net=$2
  shift 2
  [ "$(id -u)" = 0 ] || { echo "bench: must run as root (network namespaces)" >&2; exit 2; }
  id=$(printf '%s%03x' "$prefix" $((RANDOM % 4096)))
  work=$(mktemp -d "/run/hapair-bench-$prefix.XXXXXX")
  pids=()
  netns_up=false
  trap bench_lab_cleanup EXIT
  trap 'exit 130' INT TERM
  HAPAIR_NETNS_NET=$net bin/hapair-netns up "$id" "$@" >/dev/null
  netns_up=true
  # owned by this script rather than "manual": a concurrent sweep of manual runs (testkit's SweeperIT does
  # one) leaves the lab alone while the bench lives, and a plain sweep removes it if the bench is killed
  printf 'pid=%s\nstart=?\n' "$$" >"/run/hapair-testkit/$id.owner"
}

bench_lab_cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do stop_pid "$p"; done
  if $netns_up; then bin/hapair-netns down "$id" >/dev/null || true; fi
  rm -rf "$work"
}

# stop_pid PID: SIGTERM, then SIGKILL after 5 s; reaps the child either way.
stop_pid() {
  local p=$1
  kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$p" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$p" 2>/dev/null || true
  { wait "$p"; } 2>/dev/null || true
}

# The namespace of a lab host.
ns() { echo "hpt$id-$1"; }

# has_vip HOST: whether HOST's eth0 holds $VIP (set by the sourcing script).
has_vip() { ip -n "$(ns "$1")" -j addr show dev eth0 | grep -q "\"$VIP\""; }

mac_of() { ip -n "$(ns "$1")" -j link show dev eth0 | grep -o '"address":"[^"]*"' | head -1 | cut -d'"' -f4; }

bench_build_vrrp() {
  if [ ! -f vrrp/target/hapair-vrrp.jar ]; then
    mvn -B -q package -DskipTests
  fi
}
