#!/usr/bin/env bash
# bench/bgp-withdraw.sh [rounds]: time from a proxy's death to its route leaving the router, in one run, for
#   lb1: ExaBGP + 'hapair-vrrp bgp' (vrrp_track_process on the proxy's pid file: pidfd, event-driven)
#   lb2: ExaBGP + ExaBGP's own healthcheck helper, as its documentation and the ExaBGP health-check write-ups
#        use it: --cmd "curl -sf http://VIP/" every second (interval 1, fast-interval 1, rise 1, fall 1,
#        timeout 1, --withdraw-on-down; MED 0 like lb1's routes, or the router would not balance over both)
# Both nodes run hapair-proxy behind the same BIRD 2 router (ECMP); each round kills lb1's proxy, then lb2's,
# reading the router's kernel route changes (ip -ts monitor route), and restarts them. Root; the lab lives in
# namespaces hpw<run>-* (demo/bgp-lab.sh) and is removed on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)
readonly REPO
rounds=${1:-3}
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "usage: bench/bgp-withdraw.sh [rounds 1-99]" >&2; exit 2; }
# shellcheck source=demo/bgp-lab.sh
. demo/bgp-lab.sh

lab_init hapair-bgp-withdraw hpw
lab_network 2
W=$LAB_WORK
lab_proxy 1
lab_proxy 2
lab_hapair_announcer 1
# ExaBGP's Python runs the helper (python3 -m exabgp healthcheck, as ExaBGP's example-healthcheck.conf does)
py=$(head -n 1 "$(command -v exabgp)" | sed 's/^#! *//; s/ .*//')
printf '#!/bin/sh\nexec %s -m exabgp healthcheck --no-syslog --no-ip-setup --ip %s/32 --interval 1 --fast-interval 1 --rise 1 --fall 1 --timeout 1 --withdraw-on-down --up-metric 0 --cmd "curl -sf --max-time 1 -o /dev/null http://%s/"\n' \
  "$py" "$LAB_VIP" "$LAB_VIP" >"$W/healthcheck.sh"
chmod +x "$W/healthcheck.sh"
lab_exabgp 2 "$W/healthcheck.sh"
lab_wait_nexthops 2

declare -A took=([1]="" [2]="")
for r in $(seq "$rounds"); do
  for i in 1 2; do
    lab_wait_nexthops 2 60
    sleep 1
    t0=$(lab_ms)
    kill -9 "$(cat "$W/proxy-lb$i.pid")"
    for _ in $(seq 100); do [[ " $(lab_nexthops)" == *" 10.215.1.1$i "* ]] || break; sleep 0.05; done
    t1=$(lab_route_change_after "$t0" || true)
    [ -n "$t1" ] || lab_die "round $r: no route change after lb$i's proxy died"
    took[$i]+="$((t1 - t0)) "
    printf 'round %d lb%d (%s): %d ms\n' "$r" "$i" "$([ "$i" = 1 ] && echo hapair-vrrp bgp || echo healthcheck)" \
      $((t1 - t0))
    lab_proxy "$i"
  done
done

median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
m1=$(median <<<"${took[1]}")
m2=$(median <<<"${took[2]}")
echo
echo "proxy kill -9 -> route gone at the router (BIRD 2 kernel route), $rounds round(s), median:"
printf '  ExaBGP + hapair-vrrp bgp (pidfd)                      %5d ms   [%s]\n' "$m1" "${took[1]% }"
printf '  ExaBGP + healthcheck (curl every 1 s, fall 1)          %5d ms   [%s]\n' "$m2" "${took[2]% }"
awk -v a="$m1" -v b="$m2" 'BEGIN { if (a > 0) printf "  hapair %.1fx faster\n", b / a }'
