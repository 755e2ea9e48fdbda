#!/usr/bin/env bash
# The guides' failover test on the docker-provider demo (docker/Vagrantfile), start to finish:
# vagrant up, traffic through the VIP, stop the master's proxy, the VIP moves to lb2 and traffic goes on,
# start the proxy again (lb1 preempts), vagrant destroy. Prints the figures; exit 0 when the VIP moved
# both ways within the bounds and traffic was being served after each move.
#
#   DOCKER_HOST=unix://... [HAPAIR_DOCKER_NETNS=ns] vagrant/failover-test.sh
# With HAPAIR_DOCKER_NETNS (the private engine of deploy/docker/private-engine) the client runs inside
# that namespace, where the demo network is; otherwise on this host.
# Needs deploy/target/hapair_*_all.deb and the image local/hapair-base:bookworm (deploy/docker/images.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vip=192.168.56.100
interval=0.1       # one request per interval, each with a 1 s timeout
max_requests=600   # bounds the client loop (about a minute at most)

work=$(mktemp -d)
# The machines' state goes to a scratch directory, never into the checkout.
export VAGRANT_DOTFILE_PATH="$work/.vagrant"
export VAGRANT_CHECKPOINT_DISABLE=1   # no version check over the network
client=()
[ -n "${HAPAIR_DOCKER_NETNS:-}" ] && client=(ip netns exec "$HAPAIR_DOCKER_NETNS")
loop_pid=""
cleanup() {
  [ -n "$loop_pid" ] && kill "$loop_pid" 2>/dev/null
  (cd "$here/docker" && timeout 120 vagrant destroy -f >"$work/destroy.log" 2>&1) \
    || { echo "failover-test: vagrant destroy failed:" >&2; cat "$work/destroy.log" >&2; }
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
holds_vip() { local a; a=$(docker exec "hapair-$1" ip -o -4 addr show 2>/dev/null) && [[ $a == *" $vip/"* ]]; }
# Waits (bounded) until $2 holds the VIP and $3 does not; prints the time it took from $1.
await_vip() {
  local since=$1 to=$2 from=$3 bound=$4 t
  while :; do
    t=$(now)
    if holds_vip "$to" && ! holds_vip "$from"; then secs "$since" "$t"; return 0; fi
    if [ "$(secs "$since" "$t" | cut -d. -f1)" -ge "$bound" ]; then return 1; fi
    sleep 0.05
  done
}
get() { "${client[@]}" curl -s -m 1 "http://$vip/" || echo FAIL; }

t=$(now)
(cd "$here/docker" && vagrant up --provider=docker >"$work/up.log" 2>&1) \
  || { cat "$work/up.log" >&2; echo "failover-test: vagrant up failed" >&2; exit 1; }
echo "vagrant up --provider=docker: 4 machines in $(secs "$t" "$(now)") s"

# lb1 (MASTER 101) takes the VIP once its proxy and VRRP daemon are up (master-down timer 3.6 s).
t=$(now)
if ! took=$(await_vip "$t" lb1 lb2 60); then echo "failover-test: lb1 never held the VIP $vip" >&2; exit 1; fi
echo "lb1 holds the VIP $vip ($took s after up)"
for _ in $(seq 1 100); do [ "$(get)" != FAIL ] && break; sleep 0.2; done

# The guide's curl loop, every $interval s, one line per request: "<epoch it was sent> <answer>".
"${client[@]}" bash -c "for i in \$(seq $max_requests); do
    t=\$(date +%s.%N); r=\$(curl -s -m 1 http://$vip/ || echo FAIL); echo \"\$t \${r:-FAIL}\"; sleep $interval; done" \
  >"$work/requests.log" 2>&1 &
loop_pid=$!
sleep 2

t_stop=$(now)
docker exec hapair-lb1 /vagrant/vagrant/docker/node.sh proxy-stop
if ! failover=$(await_vip "$t_stop" lb2 lb1 20); then
  echo "failover-test: the VIP did not move to lb2 within 20 s of stopping lb1's proxy" >&2; exit 1
fi
sleep 3
t_start=$(now)
docker exec -d hapair-lb1 /vagrant/vagrant/docker/node.sh proxy-start
if ! failback=$(await_vip "$t_start" lb1 lb2 30); then
  echo "failover-test: the VIP did not come back to lb1 within 30 s of restarting its proxy" >&2; exit 1
fi
sleep 3
kill "$loop_pid" 2>/dev/null; wait "$loop_pid" 2>/dev/null || true; loop_pid=""

# Requests sent after each move (half a second of grace for the gratuitous ARP to land) must be
# answered by the web servers again.
total=$(wc -l <"$work/requests.log")
failed=$(grep -c ' FAIL$' "$work/requests.log" || true)
during=$(awk -v a="$t_stop" -v b="$t_start" '$1 >= a && $1 < b && $2 == "FAIL"' "$work/requests.log" | wc -l)
served_after_failover=$(awk -v a="$t_stop" -v f="$failover" -v b="$t_start" '$1 >= a + f + 0.5 && $1 < b' "$work/requests.log" \
  | awk '$2 ~ /^web[12]$/ {ok++} END {print ok + 0}')
served_after_failback=$(awk -v a="$t_start" -v f="$failback" '$1 >= a + f + 0.5' "$work/requests.log" \
  | awk '$2 ~ /^web[12]$/ {ok++} END {print ok + 0}')
after_move_failed=$(awk -v a="$t_stop" -v f="$failover" -v b="$t_start" '($1 >= a + f + 0.5 && $1 < b) && $2 == "FAIL"' "$work/requests.log" | wc -l)
echo "answers: $(awk '{print $2}' "$work/requests.log" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')"
echo "failback: VIP back on lb1 in $failback s after its proxy restarted"
echo "failover: VIP moved lb1 -> lb2 in $failover s; failed requests: $failed of $total ($during while lb1's proxy was down)"
if [ "$served_after_failover" -lt 5 ] || [ "$after_move_failed" -gt 0 ] || [ "$served_after_failback" -lt 5 ]; then
  echo "failover-test: traffic did not continue after the move (served after failover $served_after_failover," \
    "failed after it $after_move_failed, served after failback $served_after_failback)" >&2
  exit 1
fi
