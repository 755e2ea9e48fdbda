#!/usr/bin/env bash
# Sourced by bin/hapair-bgp-demo and bench/bgp-withdraw.sh: a routed lab in network namespaces.
#
#   cli 10.215.2.50 ── rtr (BIRD 2, ECMP, AS 65000) ── lb1..lbN 10.215.1.11.. (VIP 10.215.100.1/32 on lo,
#                                                       hapair-proxy, ExaBGP AS 65001) ── web1/web2
#
# Every host is a namespace <prefix><run>-<host>; the segments are bridges in <prefix><run>-sw; BGP runs only
# between the router and the LBs on that private segment. Every process started here is stopped by PID and
# every namespace deleted by lab_cleanup (installed as the EXIT trap by lab_init).
# shellcheck disable=SC2034  # LAB_* belong to the sourcing script

readonly LAB_VIP=10.215.100.1
readonly -a LAB_JAVA=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx64m)
LAB_PIDS=()
LAB_HOSTS=()

lab_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
lab_die() { printf '%s: %s\n' "$LAB_NAME" "$*" >&2; exit 1; }

# lab_init NAME PREFIX: checks root and tools, builds the jars if missing, creates the work directory
lab_init() {
  LAB_NAME=$1
  LAB_RUN=$2$(tr -dc 'a-z0-9' </dev/urandom | head -c 4 || true)
  [ "$(id -u)" = 0 ] || lab_die "must run as root (it creates network namespaces)"
  local tool
  for tool in ip bird birdc exabgp curl socat python3 java; do
    command -v "$tool" >/dev/null 2>&1 \
      || lab_die "missing $tool (apt-get install iproute2 bird2 exabgp curl socat python3 openjdk-17-jre-headless)"
  done
  if [ ! -f "$REPO/proxy/target/hapair-proxy.jar" ] || [ ! -f "$REPO/vrrp/target/hapair-vrrp.jar" ]; then
    echo "$LAB_NAME: building the jars (mvn -q package -DskipTests)..."
    (cd "$REPO" && mvn -B -q -ntp package -DskipTests) || lab_die "build failed"
  fi
  LAB_WORK=$(mktemp -d "/tmp/$LAB_NAME.XXXXXX")
  trap lab_cleanup EXIT INT TERM
}

lab_ns() { echo "$LAB_RUN-$1"; }
lab_in() { local h=$1; shift; ip netns exec "$(lab_ns "$h")" "$@"; }
# lab_bg HOST LOG CMD...: starts CMD in HOST's namespace in the background, remembers its PID
lab_bg() {
  local h=$1 log=$2; shift 2
  ip netns exec "$(lab_ns "$h")" "$@" >>"$log" 2>&1 </dev/null &
  LAB_PIDS+=($!)
  disown "$!" # killing it is part of the story, not worth a "Killed" line
}

lab_cleanup() {
  local p n
  for p in "${LAB_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for n in "${LAB_HOSTS[@]}"; do
    for p in $(ip netns pids "$(lab_ns "$n")" 2>/dev/null || true); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del "$(lab_ns "$n")" 2>/dev/null || true
  done
  if [ -n "${LAB_KEEP:-}" ]; then echo "$LAB_NAME: kept $LAB_WORK"; else rm -rf "$LAB_WORK"; fi
}

# lab_plug HOST IFACE BRIDGE CIDR
lab_plug() {
  local port="${LAB_RUN:3}-$1-$2" # 15 characters at most: the run id without the prefix
  ip link add "$2" netns "$(lab_ns "$1")" type veth peer name "$port" netns "$(lab_ns sw)"
  lab_in sw ip link set "$port" master "br-$3" up
  lab_in "$1" ip addr add "$4" dev "$2"
  lab_in "$1" ip link set "$2" up
}

# lab_network N: router, N LB nodes, web1/web2 (python http.server on :8080), client; BIRD on the router
lab_network() {
  local n=$1 i br
  LAB_LBS=$n
  LAB_HOSTS=(sw rtr cli web1 web2)
  for i in $(seq "$n"); do LAB_HOSTS+=("lb$i"); done
  for h in "${LAB_HOSTS[@]}"; do ip netns add "$(lab_ns "$h")"; lab_in "$h" ip link set lo up; done
  for br in up back cli; do
    lab_in sw ip link add "br-$br" type bridge stp_state 0 forward_delay 0
    lab_in sw ip link set "br-$br" up
  done
  lab_plug rtr eth0 up 10.215.1.1/24
  lab_plug rtr eth1 cli 10.215.2.1/24
  # hash on ports too: one client address still spreads over the next hops
  lab_in rtr sysctl -qw net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1
  lab_plug cli eth0 cli 10.215.2.50/24
  lab_in cli ip route add default via 10.215.2.1
  for i in 1 2; do
    lab_plug "web$i" eth0 back "10.215.3.2$i/24"
    mkdir -p "$LAB_WORK/www$i" && echo "web$i" >"$LAB_WORK/www$i/index.html"
    lab_bg "web$i" "$LAB_WORK/web$i.log" python3 -m http.server 8080 --bind "10.215.3.2$i" --directory "$LAB_WORK/www$i"
  done
  for i in $(seq "$n"); do
    lab_plug "lb$i" eth0 up "10.215.1.1$i/24"
    lab_plug "lb$i" eth1 back "10.215.3.1$i/24"
    lab_in "lb$i" ip addr add "$LAB_VIP/32" dev lo
    lab_in "lb$i" ip route add default via 10.215.1.1
  done
  {
    echo "log \"$LAB_WORK/bird.log\" all;"
    echo 'timeformat log "%F %T.%3f";'
    echo 'router id 10.215.1.1;'
    echo 'protocol device { }'
    echo 'protocol kernel { ipv4 { import none; export all; }; merge paths on; }'
    echo 'template bgp lb { local 10.215.1.1 as 65000; ipv4 { import all; export none; }; hold time 3; connect retry time 1; }'
    for i in $(seq "$n"); do echo "protocol bgp lb$i from lb { neighbor 10.215.1.1$i as 65001; }"; done
  } >"$LAB_WORK/bird.conf"
  lab_bg rtr "$LAB_WORK/bird.out" bird -f -c "$LAB_WORK/bird.conf" -s "$LAB_WORK/bird.ctl" -P "$LAB_WORK/bird.pid"
  lab_bg rtr "$LAB_WORK/routes.log" ip -ts monitor route
}

# lab_proxy I: starts hapair-proxy on lbI (VIP:80 -> web1, web2; stats socket; pid file) and waits for it
lab_proxy() {
  local i=$1
  cat >"$LAB_WORK/proxy-lb$i.cfg" <<CFG
global
    stats socket $LAB_WORK/stats-lb$i.sock
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind $LAB_VIP:80
    default_backend web
backend web
    server web1 10.215.3.21:8080 check inter 500
    server web2 10.215.3.22:8080 check inter 500
CFG
  rm -f "$LAB_WORK/proxy-lb$i.pid"
  lab_bg "lb$i" "$LAB_WORK/proxy-lb$i.log" "${LAB_JAVA[@]}" -jar "$REPO/proxy/target/hapair-proxy.jar" \
    -f "$LAB_WORK/proxy-lb$i.cfg" -p "$LAB_WORK/proxy-lb$i.pid"
  for _ in $(seq 400); do [ -s "$LAB_WORK/proxy-lb$i.pid" ] && return 0; sleep 0.05; done
  lab_die "hapair-proxy on lb$i did not start"
}

# lab_exabgp I PROCESS_COMMAND: ExaBGP on lbI peering with the router, PROCESS_COMMAND as its process
lab_exabgp() {
  local i=$1 run=$2
  cat >"$LAB_WORK/exabgp-lb$i.conf" <<EXA
process announcer {
	run $run;
	encoder text;
}
neighbor 10.215.1.1 {
	router-id 10.215.1.1$i;
	local-address 10.215.1.1$i;
	local-as 65001;
	peer-as 65000;
	hold-time 3;
	family {
		ipv4 unicast;
	}
	api {
		processes [ announcer ];
	}
}
EXA
  lab_bg "lb$i" "$LAB_WORK/exabgp-lb$i.log" env exabgp_daemon_user=root exabgp_api_cli=false \
    exabgp_log_destination=stdout exabgp "$LAB_WORK/exabgp-lb$i.conf"
}

# lab_hapair_announcer I: keepalived.conf with bgp_speaker/bgp_announce for lbI, ExaBGP's config generated
# from it by 'hapair-vrrp bgp --exabgp-conf', ExaBGP started with 'hapair-vrrp bgp' as its process
lab_hapair_announcer() {
  local i=$1
  cat >"$LAB_WORK/keepalived-lb$i.conf" <<CONF
vrrp_track_process proxy {
    pidfile $LAB_WORK/proxy-lb$i.pid
}
bgp_speaker {
    exabgp $(command -v exabgp)
    router_id 10.215.1.1$i
    local_address 10.215.1.1$i
    local_as 65001
    neighbor 10.215.1.1 {
        peer_as 65000
        hold_time 3
    }
}
bgp_announce web {
    vip $LAB_VIP/32
    next_hop self
    track_process {
        proxy
    }
    proxy_backend web
    proxy_stats_socket $LAB_WORK/stats-lb$i.sock
    interval 0.5
    drain_timeout 5
}
CONF
  # ExaBGP splits 'run' on spaces: a wrapper holds the java command line and sends the log to a file
  printf '#!/bin/sh\nexec %s -jar %s bgp -f %s -p %s 2>>%s\n' "${LAB_JAVA[*]}" "$REPO/vrrp/target/hapair-vrrp.jar" \
    "$LAB_WORK/keepalived-lb$i.conf" "$LAB_WORK/bgp-lb$i.pid" "$LAB_WORK/announcer-lb$i.log" >"$LAB_WORK/announcer-lb$i.sh"
  chmod +x "$LAB_WORK/announcer-lb$i.sh"
  "${LAB_JAVA[@]}" -jar "$REPO/vrrp/target/hapair-vrrp.jar" bgp --exabgp-conf -f "$LAB_WORK/keepalived-lb$i.conf" \
    --run "$LAB_WORK/announcer-lb$i.sh" >"$LAB_WORK/exabgp-lb$i.conf"
  lab_bg "lb$i" "$LAB_WORK/exabgp-lb$i.log" env exabgp_daemon_user=root exabgp_api_cli=false \
    exabgp_log_destination=stdout exabgp "$LAB_WORK/exabgp-lb$i.conf"
}

# lab_nexthops: the VIP's next hops at the router, sorted, space-separated
lab_nexthops() { lab_in rtr ip route show "$LAB_VIP/32" | grep -o 'via [0-9.]*' | awk '{print $2}' | sort | tr '\n' ' '; }

# lab_wait_nexthops N [SECONDS]: until the router has N next hops for the VIP
lab_wait_nexthops() {
  local tries=$((${2:-90} * 10))
  for _ in $(seq "$tries"); do [ "$(lab_nexthops | wc -w)" = "$1" ] && return 0; sleep 0.1; done
  lab_die "the router never got $1 next hop(s) for $LAB_VIP: $(lab_nexthops)"
}

# lab_route_change_after MS: epoch ms of the first VIP route change (ip -ts monitor) at or after MS
lab_route_change_after() {
  local l t
  while read -r l; do
    [[ $l == *"$LAB_VIP"* ]] || continue
    t=$(date -d "$(sed -E 's/^\[([^]]*)\].*/\1/' <<<"$l" | tr T ' ')" +%s%3N)
    if [ "$t" -ge "$1" ]; then echo "$t"; return 0; fi
  done <"$LAB_WORK/routes.log"
  return 1
}
