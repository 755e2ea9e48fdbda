# shellcheck shell=bash
# Network-namespace helpers shared by bin/hapair-netns and bin/hapair-demo (sourced, not run). The naming
# stays with the caller (hapair-netns: testkit's hpt<ID>-<host>; the demo: hpd<RUN>-<host>); what is shared
# is how a run is built and torn down:
#   - every host is a namespace with eth0, a veth whose other end sits on a bridge that lives in a namespace
#     of its own: nothing ever appears among the host's interfaces;
#   - a run is owned by a process recorded as pid + start time, so a recycled pid is not taken for it;
#   - teardown kills what runs inside a namespace (TERM, then KILL) before deleting it, hosts before the
#     bridge namespace.

# netns_start_time PID: start time (field 22 of /proc/PID/stat) of a live, non-zombie process; fails if gone.
netns_start_time() {
  local stat rest fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  read -r -a fields <<<"$rest"
  case ${fields[0]} in Z | X) return 1 ;; esac
  echo "${fields[19]}"
}

# netns_owner_alive PID START: true when PID is alive and started at START (START '?' or empty: any start).
netns_owner_alive() {
  local now
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  now=$(netns_start_time "$1") || return 1
  [ -z "$2" ] || [ "$2" = "?" ] || [ "$2" = "$now" ]
}

# netns_matching REGEX: the namespaces whose name matches REGEX (grep -E), one per line.
netns_matching() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "$1" || true; }

# netns_kill_in NS: SIGTERM everything inside NS, SIGKILL what survives ~3 s.
netns_kill_in() {
  local pids i
  pids=$(ip netns pids "$1" 2>/dev/null || true)
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086 # one word per pid
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do
    [ -n "$(ip netns pids "$1" 2>/dev/null || true)" ] || return 0
    sleep 0.1
  done
  pids=$(ip netns pids "$1" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}

# netns_delete NS...: netns_kill_in then delete, in the order given (callers pass hosts before the bridge).
# Prints "deleted NS" for each namespace it removed.
netns_delete() {
  local ns
  for ns in "$@"; do
    netns_kill_in "$ns"
    ip netns del "$ns" 2>/dev/null && echo "deleted $ns"
  done
  return 0
}

# netns_switch SW BRIDGE: creates namespace SW with an up bridge BRIDGE (no STP, no forward delay, no
# multicast snooping: VRRP and ARP must flood at once).
netns_switch() {
  ip netns add "$1"
  ip -n "$1" link set lo up
  ip -n "$1" link add "$2" type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  ip -n "$1" link set "$2" up
}

# netns_host NS SW BRIDGE PORT CIDR: creates host namespace NS with eth0 (CIDR, up), its veth peer PORT on
# BRIDGE in SW.
netns_host() {
  ip netns add "$1"
  ip -n "$1" link set lo up
  # both ends are created inside namespaces: nothing appears in the root namespace
  ip link add eth0 netns "$1" type veth peer name "$4" netns "$2"
  ip -n "$2" link set "$4" master "$3" up
  ip -n "$1" addr add "$5" dev eth0
  ip -n "$1" link set eth0 up
}
