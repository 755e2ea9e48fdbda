#!/usr/bin/env bash
# Spurious takeovers under packet loss, and whether clients end up on the master after each: a keepalived
# pair against a hapair-vrrp pair in the same topology (lb1 101, lb2 100, VRRPv3 advert_int 0.1,
# higher_prio_send_advert on both), with nftables on the bridge dropping 20% of every frame the two LBs send
# (adverts, GARPs, answers) for DURATION s.
# Sampled every 100 ms: who holds the VIP and where the client's neighbour entry for it points.
# Printed per implementation: lb2's takeovers, samples with two VIP holders, samples where the only holder
# is not where the client's entry points ("misdirected"; the client sends nothing meanwhile, so only
# announcements move its entry), the longest such stretch, and the client's entry 2 s after the loss stopped.
# Also from tcpdump in lb1's and lb2's namespaces (lb1's adverts are told apart by their priority 101): how
# regularly lb1 sent (its send intervals, before the loss), and how many gaps between lb1's adverts arriving at
# lb2 exceeded lb2's Master_Down_Interval (3 x 0.1 s + skew (256 - 100) / 256 x 0.1 s = 0.361 s), i.e. how many
# takeovers the loss itself called for; a difference between that and the takeovers is the backup's doing.
# Everything runs in namespaces made here (bin/hapair-netns, 10.213.51.0/24), deleted on exit; processes are
# stopped by PID.
# The loss is the same for both implementations (common random numbers): frame k through the rule (a counter,
# numgen inc) is dropped when k mod 8192 is in a set of LOSS% of the indices drawn by a PRNG seeded with SEED,
# so two daemons that behaved alike would lose the same adverts and take over at the same moments; the
# remaining differences come from the daemons themselves (when they send, how they time out). LOSS_MODE=random
# draws each frame's fate independently instead (numgen random), as earlier versions of this bench did.
# Usage: [MIXED=1] [SEED=n] [LOSS_MODE=seeded|random] bench/vrrp-loss.sh [DURATION s (default 60)] [LOSS % (20)]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${1:-60}
LOSS=${2:-20}
SEED=${SEED:-1}
LOSS_MODE=${LOSS_MODE:-seeded}
if ! [[ $DURATION =~ ^[1-9][0-9]*$ && $LOSS =~ ^[0-9]+$ && $SEED =~ ^[0-9]+$ ]] \
  || ! [[ $LOSS -le 100 && ( $LOSS_MODE = seeded || $LOSS_MODE = random ) ]]; then
  echo "usage: [SEED=n] [LOSS_MODE=seeded|random] bench/vrrp-loss.sh [seconds] [loss%]" >&2
  exit 2
fi
# the drop rule's match: LOSS% of the counter values 0..8191, the same ones for every run with this SEED
if [ "$LOSS_MODE" = seeded ]; then
  loss_match="numgen inc mod 8192 { $(python3 -c '
import random, sys
loss, seed = int(sys.argv[1]), int(sys.argv[2])
print(", ".join(str(i) for i in sorted(random.Random(seed).sample(range(8192), 8192 * loss // 100))) or "8192")
' "$LOSS" "$SEED") }"
else
  loss_match="numgen random mod 100 < $LOSS"
fi
readonly VIP=10.213.51.100
readonly NET=10.213.51
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require keepalived java ip nft socat tcpdump python3
bench_build_vrrp
bench_netns_lab l "$NET" lb1 lb2 cli
client_mac() { ip -n "$(ns cli)" -j neigh show "$VIP" | grep -o '"lladdr":"[^"]*"' | cut -d'"' -f4; }
mac1=$(mac_of lb1)
mac2=$(mac_of lb2)

# $1 host, $2 priority
write_conf() {
  cat >"$work/$1.conf" <<EOF
global_defs {
    router_id $1
    vrrp_version 3
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 71
    priority $2
    advert_int 0.1
    higher_prio_send_advert
    virtual_ipaddress {
        $VIP/24 dev eth0
    }
}
EOF
}

# $1 implementation, $2 host; the PID of the daemon goes to $started
start() {
  local impl=$1 host=$2
  if [ "$impl" = keepalived ]; then
    ip netns exec "$(ns "$host")" keepalived -n -l -D -P -f "$work/$host.conf" -p "$work/ka-$host.pid" \
      -r "$work/ka-vrrp-$host.pid" >"$work/$impl-$host.log" 2>&1 &
  else
    ip netns exec "$(ns "$host")" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m \
      -jar vrrp/target/hapair-vrrp.jar -l -f "$work/$host.conf" -p "$work/hp-$host.pid" \
      >"$work/$impl-$host.log" 2>&1 &
  fi
  started=$!
  pids+=("$started")
}

# capture HOST DIRECTION: VRRP frames HOST's eth0 sends (out) or receives (in), to $work/HOST.pcap
capture() {
  ip netns exec "$(ns "$1")" tcpdump -i eth0 -n -p -U -Q "$2" -w "$work/$1.pcap" 'ip proto 112' 2>/dev/null &
  pids+=("$!")
  captured=$!
}

# advert_times HOST: the arrival times of lb1's adverts (priority 101) in HOST's capture
advert_times() {
  tcpdump -r "$work/$1.pcap" -n -tt 2>/dev/null | awk '/prio 101,/ { print $1 }' >"$work/$1.adv"
}

# advert_stats SENT RECEIVED: lb1's send intervals and the receive gaps over Master_Down_Interval
advert_stats() {
  python3 - "$1" "$2" <<'PY'
import sys
def times(path):
    with open(path) as f:
        return [float(l) for l in f if l.strip()]
def gaps(t):
    return [b - a for a, b in zip(t, t[1:])]
sent_t, got_t = times(sys.argv[1]), times(sys.argv[2])
sent, got = gaps(sent_t), gaps(got_t)
mdi = 3 * 0.1 + (256 - 100) / 256 * 0.1
s = sorted(sent) or [0.0]
pct = lambda q: s[min(len(s) - 1, int(q * len(s)))] * 1000
# each long receive gap: how many adverts lb1 sent inside it (lost on the way); the 20 ms margin keeps the
# advert that ended the gap (sent a moment before it arrived) out of the count
long_gaps = [(a, b) for a, b in zip(got_t, got_t[1:]) if b - a > mdi]
lost = [sum(1 for t in sent_t if a < t < b - 0.02) for a, b in long_gaps]
print("lb1 sent %d adverts, interval p50 %.1f ms p99 %.1f ms max %.1f ms, %d over 120 ms | lb2 received %d, "
      "gaps over %.3f s: %d (longest %.0f ms; adverts lost in each: %s)" % (len(sent) + 1, pct(0.5), pct(0.99),
      max(s) * 1000, sum(1 for g in sent if g > 0.12), len(got) + 1, mdi, len(long_gaps),
      max(got or [0.0]) * 1000, " ".join(str(n) for n in lost) or "-"))
PY
}

# takeovers IMPL: lb2's transitions to MASTER so far, from its log
takeovers() {
  if [ "$1" = keepalived ]; then
    grep -c "Entering MASTER STATE" "$work/$1-lb2.log" || true
  else
    grep -c -- "-> MASTER" "$work/$1-lb2.log" || true
  fi
}

# run IMPL_LB1 [IMPL_LB2 (default IMPL_LB1)]

run() {
  local impl=$1 impl2=${2:-$1} label=$1 started both=0 wrong=0 since=0 longest=0 stuck=0 samples=0 h1 h2 cm end now
  write_conf lb1 101
  write_conf lb2 100
  start "$impl" lb1
  local p1=$started
  for _ in $(seq 150); do has_vip lb1 && break; sleep 0.1; done
  [ "$impl2" = "$impl" ] || label="$impl/$impl2"
  start "$impl2" lb2
  local p2=$started
  sleep 3
  has_vip lb1 || { echo "bench: $impl lb1 did not become master" >&2; exit 1; }
  # create the client's neighbour entry (a refused connection is enough)
  ip netns exec "$(ns cli)" timeout 2 socat -T1 - "TCP:$VIP:9,connect-timeout=1" </dev/null >/dev/null 2>&1 || true
  local before cap1 cap2
  before=$(takeovers "$impl2")
  capture lb1 out
  cap1=$captured
  capture lb2 in
  cap2=$captured
  ip netns exec "$(ns sw)" nft -f - <<EOF
table bridge hapair_loss {
  chain lossy {
    type filter hook forward priority 0; policy accept;
    iifname { "${id}lb1-0", "${id}lb2-0" } $loss_match drop
  }
}
EOF
  end=$((SECONDS + DURATION))
  while [ "$SECONDS" -lt "$end" ]; do
    h1=0; h2=0
    has_vip lb1 && h1=1
    has_vip lb2 && h2=1
    cm=$(client_mac)
    samples=$((samples + 1))
    if [ $((h1 + h2)) -eq 2 ]; then
      both=$((both + 1))
    fi
    now=$(( ${EPOCHREALTIME/./} / 1000 ))
    if { [ "$h1$h2" = 10 ] && [ "$cm" != "$mac1" ]; } || { [ "$h1$h2" = 01 ] && [ "$cm" != "$mac2" ]; }; then
      wrong=$((wrong + 1))
      [ "$since" -eq 0 ] && since=$now
      [ $((now - since)) -gt "$longest" ] && longest=$((now - since))
    else
      # a misdirection that outlived one second: its takeover did not end with the client on the master
      [ "$since" -ne 0 ] && [ $((now - since)) -gt 1000 ] && stuck=$((stuck + 1))
      since=0
    fi
    sleep 0.1
  done
  [ "$since" -ne 0 ] && [ $((now - since)) -gt 1000 ] && stuck=$((stuck + 1))
  ip netns exec "$(ns sw)" nft delete table bridge hapair_loss
  stop_pid "$cap1"
  stop_pid "$cap2"
  advert_times lb1
  advert_times lb2
  sleep 2
  local final=lb1 fmac
  has_vip lb1 || final=lb2
  fmac=$(mac_of "$final")
  cm=$(client_mac)
  printf '%-10s %3s%% loss (%s) %ss: lb2 takeovers %3d | samples %4d, two holders %3d, misdirected %3d (longest %d ms, over 1 s %d) | after: master %s, client %s\n' \
    "$label" "$LOSS" "$([ "$LOSS_MODE" = seeded ] && echo "seed $SEED" || echo random)" "$DURATION" "$(( $(takeovers "$impl2") - before ))" "$samples" "$both" "$wrong" "$longest" "$stuck" \
    "$final" "$([ "$cm" = "$fmac" ] && echo "on it" || echo "NOT on it ($cm)")"
  printf '%-10s %s\n' "" "$(advert_stats "$work/lb1.adv" "$work/lb2.adv")"
  if [ "$impl" = hapair ]; then
    printf '%-10s hapair lb1: %d late timers (A thread timer expired), %d foreign-claim re-announces\n' \
      "" "$(grep -c "A thread timer expired" "$work/$impl-lb1.log" || true)" \
      "$(grep -c "Gratuitous ARP from" "$work/$impl-lb1.log" || true)"
  fi
  if [ "$impl2" = hapair ]; then
    printf '%-10s hapair lb2 took over after: %s\n' "" \
      "$(grep -o -- "-> MASTER ([^)]*)" "$work/$impl2-lb2.log" | sed 's/.*after //; s/)$//' | tr '\n' ' ')"
  fi
  stop_pid "$p2"
  stop_pid "$p1"
  for h in lb1 lb2; do
    if has_vip "$h"; then ip -n "$(ns "$h")" addr del "$VIP/24" dev eth0; fi
  done
  ip -n "$(ns cli)" neigh flush dev eth0
}

run keepalived
run hapair
# MIXED=1: also each implementation as master with the other as backup (which side makes the takeovers)
if [ "${MIXED:-}" = 1 ]; then
  run hapair keepalived
  run keepalived hapair
fi
