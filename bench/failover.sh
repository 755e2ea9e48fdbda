#!/usr/bin/env bash
# Failover time when the tracked proxy dies on the master: real keepalived pair (vrrp_script checking the
# proxy's pid, interval 1, weight 2, as the keepalived guides do) against a hapair-vrrp pair
# (vrrp_track_process on the pid file, weight 0). Same VRID, priorities (101/100) and advert_int 1.
# The "proxy" is a dummy `sleep` whose pid is in a pid file. Measured: from `kill -9` of the master's
# proxy to the VIP appearing on the backup (polled every 20 ms). Everything runs in network namespaces
# made here (bin/hapair-netns, 10.213.50.0/24) and deleted on exit; processes are stopped by PID.
# Usage: bench/failover.sh [runs per implementation (default 3)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-3}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/failover.sh [runs]" >&2; exit 2; }
readonly VIP=10.213.50.100
readonly NET=10.213.50
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require keepalived java ip
bench_build_vrrp
bench_netns_lab f "$NET" lb1 lb2

now_us() { echo "${EPOCHREALTIME/./}"; }

# $1 implementation, $2 host, $3 state, $4 priority
write_conf() {
  local impl=$1 host=$2 state=$3 prio=$4 dir=$work/$2
  local conf=$dir/$impl.conf
  {
    if [ "$impl" = keepalived ]; then
      cat <<EOF
global_defs {
    router_id bench-$host
    script_user root
    enable_script_security
}
vrrp_script chk_haproxy {
    script "$dir/check-proxy.sh"
    interval 1
    weight 2
}
EOF
    else
      cat <<EOF
global_defs {
    router_id bench-$host
}
vrrp_track_process proxy {
    pidfile $dir/proxy.pid
    weight 0
}
EOF
    fi
    cat <<EOF
vrrp_instance VI_1 {
    state $state
    interface eth0
    virtual_router_id 51
    priority $prio
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass bench
    }
    virtual_ipaddress {
        $VIP/24 dev eth0
    }
EOF
    if [ "$impl" = keepalived ]; then
      printf '    track_script {\n        chk_haproxy\n    }\n}\n'
    else
      printf '    track_process {\n        proxy\n    }\n}\n'
    fi
  } >"$conf"
  echo "$conf"
}

for host in lb1 lb2; do
  mkdir -p "$work/$host"
  cat >"$work/$host/check-proxy.sh" <<EOF
#!/bin/sh
/bin/kill -0 "\$(cat $work/$host/proxy.pid)"
EOF
  chmod 755 "$work/$host/check-proxy.sh"
done

# Starts the dummy proxy and the daemon on a host; sets proxy_pid and daemon_pid.
proxy_pid='' daemon_pid=''
start_host() {
  local impl=$1 host=$2 state=$3 prio=$4 dir=$work/$2 conf
  conf=$(write_conf "$impl" "$host" "$state" "$prio")
  ip netns exec "$(ns "$host")" sleep 1000 </dev/null >/dev/null 2>&1 &
  proxy_pid=$!
  # the bench kills it on purpose: no "Killed" job report
  disown "$proxy_pid"
  pids+=("$proxy_pid")
  echo "$proxy_pid" >"$dir/proxy.pid"
  if [ "$impl" = keepalived ]; then
    ip netns exec "$(ns "$host")" keepalived -P -n -l -D -f "$conf" \
      -p "$dir/keepalived.pid" -r "$dir/vrrp.pid" >>"$dir/$impl.log" 2>&1 &
  else
    ip netns exec "$(ns "$host")" bin/hapair-vrrp -n -l -D -f "$conf" \
      -p "$dir/hapair-vrrp.pid" >>"$dir/$impl.log" 2>&1 &
  fi
  daemon_pid=$!
  pids+=("$daemon_pid")
}

# $1 host, $2 want (yes/no), $3 timeout in s
wait_vip() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt "$deadline" ]; do
    if has_vip "$1"; then [ "$2" = yes ] && return 0; else [ "$2" = no ] && return 0; fi
    sleep 0.02
  done
  return 1
}

# One measurement; sets failover_ms.
failover_ms=''
trial() {
  local impl=$1 p1 d1 p2 d2 t0 t1 rc=0
  start_host "$impl" lb1 MASTER 101
  p1=$proxy_pid d1=$daemon_pid
  start_host "$impl" lb2 BACKUP 100
  p2=$proxy_pid d2=$daemon_pid
  if ! wait_vip lb1 yes 30; then
    echo "bench: $impl: lb1 never took the VIP (logs: $work/lb1/$impl.log)" >&2; rc=1
  else
    # let the backup see adverts and both checks pass before the failure
    sleep 3
    if has_vip lb2; then echo "bench: $impl: VIP on both hosts before the failure" >&2; rc=1; fi
  fi
  if [ $rc = 0 ]; then
    t0=$(now_us)
    kill -KILL "$p1"
    if wait_vip lb2 yes 20; then
      t1=$(now_us)
      failover_ms=$(((t1 - t0) / 1000))
    else
      echo "bench: $impl: VIP not on lb2 20 s after the proxy died" >&2; rc=1
    fi
  fi
  for p in "$d1" "$d2" "$p1" "$p2"; do stop_pid "$p"; done
  pids=()
  for host in lb1 lb2; do
    ip -n "$(ns "$host")" addr del "$VIP/24" dev eth0 2>/dev/null || true
    rm -f "$work/$host"/*.pid
  done
  if [ $rc != 0 ]; then tail -n 20 "$work/lb1/$impl.log" "$work/lb2/$impl.log" >&2; fi
  return $rc
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

declare -A results
for impl in keepalived hapair; do
  times=()
  for n in $(seq "$RUNS"); do
    trial "$impl" || exit 1
    times+=("$failover_ms")
    printf '%-10s run %d: %6d ms\n' "$impl" "$n" "$failover_ms"
  done
  results[$impl]=$(printf '%s\n' "${times[@]}" | median)
done
printf 'median     keepalived %s ms, hapair %s ms, ratio keepalived/hapair %s\n' \
  "${results[keepalived]}" "${results[hapair]}" \
  "$(awk -v k="${results[keepalived]}" -v h="${results[hapair]}" 'BEGIN {printf "%.1f", (h > 0 ? k / h : 0)}')"
