#!/usr/bin/env bash
# Requests lost across reloads, in one run: `ab -r -k -n $REQUESTS -c $CONC` against
#   haproxy restart   HAProxy killed by PID and started again, 10 times (what a plain `systemctl restart` does)
#   haproxy -sf       HAProxy reloaded with `-sf OLDPID`, no socket transfer, 10 times
#   hapair USR2       hapair-proxy reloaded in place with SIGUSR2, 10 times
#   hapair -sf        hapair-proxy upgraded with `-sf OLDPID`, listening socket taken over the stats socket, 5 times
# Same haproxy.cfg shape for all (mode http, two nginx servers). Reloads start 300 ms after ab and follow
# every 300 ms while ab runs; the table says how many happened before ab finished. Everything listens on
# 127.0.0.1 only; every process started here is stopped by its PID.
# Usage: bench/reload.sh   Env: REQUESTS (default 100000), CONC (default 100), GAP (seconds, default 0.3),
# VARIANTS (space-separated subset of the four names above, default all).
# Note: ab aborts after more than 10 failed connects even with -r; such a row reads "ab aborted".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n 65536 2>/dev/null || true
REQUESTS=${REQUESTS:-100000}
CONC=${CONC:-100}
GAP=${GAP:-0.3}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require ab haproxy nginx java python3
bench_build
bench_workdir reload

# wait_log FILE TEXT COUNT: until TEXT occurs COUNT times in FILE (at most 30 s)
wait_log() {
  for _ in $(seq 1 600); do
    if [ "$(grep -cF -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ]; then return 0; fi
    sleep 0.05
  done
  echo "bench: '$2' x$3 never appeared in $1" >&2; return 1
}
alive() { kill -0 "$1" 2>/dev/null; }

# --- two nginx backends (own prefix, single process, started and stopped by PID)
bench_nginx_backends 2

# write_cfg FILE PORT DIR: one haproxy.cfg shape for every variant; the stats socket lets a new
# hapair-proxy take the listening socket on -sf (HAProxy here is deliberately run without -x).
write_cfg() {
  cat > "$1" <<CONF
global
    maxconn 9000
    stats socket $3/admin.sock mode 600 level admin expose-fd listeners
    hard-stop-after 30s

defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend web
    bind 127.0.0.1:$2
    default_backend app

backend app
    balance roundrobin
    server web1 127.0.0.1:${backend_ports[0]}
    server web2 127.0.0.1:${backend_ports[1]}
CONF
}

cur=0      # PID of the proxy currently serving
nstart=0   # processes started in this variant (log file names)
start_proxy() { # kind dir [-sf OLDPID]
  local kind=$1 dir=$2; shift 2
  nstart=$((nstart + 1))
  local log="$dir/proxy$nstart.log"
  if [ "$kind" = haproxy ]; then
    haproxy -db -f "$dir/haproxy.cfg" "$@" > "$log" 2>&1 &
  else
    bin/hapair-proxy -db -f "$dir/haproxy.cfg" "$@" > "$log" 2>&1 &
  fi
  cur=$!; pids+=("$cur")
  if [ "$kind" = hapair ]; then wait_log "$log" started 1; fi
}

# do_reload variant dir port n: one reload of the given kind
do_reload() {
  local v=$1 dir=$2 port=$3 n=$4 old=$cur
  case $v in
    haproxy-restart)
      kill "$old"; wait "$old" 2>/dev/null || true
      start_proxy haproxy "$dir"; wait_port "$port" ;;
    haproxy-sf)
      start_proxy haproxy "$dir" -sf "$old"
      sleep 0.05; alive "$cur" || { echo "bench: haproxy -sf died: $(cat "$dir/proxy$nstart.log")" >&2; return 1; } ;;
    hapair-usr2)
      kill -USR2 "$cur"; wait_log "$dir/proxy1.log" " reloaded [" "$n" ;;
    hapair-sf)
      start_proxy hapair "$dir" -sf "$old"
      grep -q "took 1 listening sockets" "$dir/proxy$nstart.log" \
        || { echo "bench: hapair -sf did not take the socket: $(cat "$dir/proxy$nstart.log")" >&2; return 1; } ;;
  esac
}

declare -A row
run_variant() { # variant reloads
  local v=$1 want=$2 dir="$work/$1" port done=0
  mkdir -p "$dir"; port=$(free_port); nstart=0
  write_cfg "$dir/haproxy.cfg" "$port" "$dir"
  start_proxy "${v%%-*}" "$dir"; wait_port "$port"
  # hapair warm-up (JIT) before the measured run, not counted
  if [ "${v%%-*}" = hapair ]; then ab -k -n 20000 -c "$CONC" "http://127.0.0.1:$port/" > /dev/null 2>&1 || true; fi
  ab -r -k -n "$REQUESTS" -c "$CONC" "http://127.0.0.1:$port/" > "$dir/ab.out" 2> "$dir/ab.err" &
  local ab=$!; pids+=("$ab")
  sleep "$GAP"
  while [ "$done" -lt "$want" ] && alive "$ab"; do
    done=$((done + 1))
    do_reload "$v" "$dir" "$port" "$done"
    sleep "$GAP"
  done
  wait "$ab" 2>/dev/null || true
  row[$v]=$(python3 - "$dir/ab.out" "$dir/ab.err" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
e = open(sys.argv[2]).read()
def g(p):
    m = re.search(p, t)
    return m.group(1) if m else None
c = g(r'Complete requests:\s+(\d+)')
if c is None:
    last = [l for l in e.splitlines() if l.strip()]
    print("ab-aborted >10 - - %s" % (last[-1].replace(' ', '_') if last else '?'))
else:
    print(c, g(r'Failed requests:\s+(\d+)') or 0, g(r'Non-2xx responses:\s+(\d+)') or 0,
          g(r'Requests per second:\s+([\d.]+)') or 0, (g(r'Failed requests:\s+\d+\s*\n\s+\((.*?)\)') or '').replace(' ', '_'))
PY
)
  row[$v]="$done/$want ${row[$v]}"
  # stop every process of this variant (old ones may still be soft-stopping)
  for p in "${pids[@]}"; do
    if [ "$p" != "$ab" ] && [ -f "/proc/$p/cmdline" ] && grep -qF "$dir/haproxy.cfg" "/proc/$p/cmdline" 2>/dev/null; then
      kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true
    fi
  done
}

echo "bench: ab -r -k -n $REQUESTS -c $CONC, reloads every ${GAP}s, $(nproc) CPUs, $(haproxy -v | head -1 | cut -d' ' -f1-3)"
read -r -a variants <<<"${VARIANTS:-haproxy-restart haproxy-sf hapair-usr2 hapair-sf}"
declare -A wanted=([haproxy-restart]=10 [haproxy-sf]=10 [hapair-usr2]=10 [hapair-sf]=5)
for v in "${variants[@]}"; do run_variant "$v" "${wanted[$v]}"; done

printf "\n%-16s %8s %9s %7s %8s %9s  %s\n" variant reloads complete failed non-2xx "req/s" "(failure kinds)"
for v in "${variants[@]}"; do
  read -r r c f x rps kinds <<<"${row[$v]}"
  printf "%-16s %8s %9s %7s %8s %9s  %s\n" "$v" "$r" "$c" "$f" "$x" "$rps" "${kinds//_/ }"
done
echo "reloads = done/planned while ab was running; failed = ab 'Failed requests' (connect, receive, length, exceptions)."
