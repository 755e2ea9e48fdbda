#!/usr/bin/env bash
# One machine of the docker-provider demo (docker/Vagrantfile); the container's command.
#   node.sh web NAME                          nginx answering NAME (what ../provision-web.sh sets up)
#   node.sh lb NAME KEEPALIVED_EXAMPLE VIP    install the .deb and the example configs as
#                                             ../provision-lb.sh does, then run hapair-proxy and
#                                             hapair-vrrp until the container is stopped
#   node.sh proxy-stop | proxy-start          stop / start the proxy (docker exec; the failover test)
set -euo pipefail
role=${1:?usage: node.sh web NAME | lb NAME KEEPALIVED_EXAMPLE VIP | proxy-stop | proxy-start}
pidfile=/run/hapair/hapair-proxy.pid

# As the unit runs it: user hapair with only CAP_NET_BIND_SERVICE (the vrrp_script chk_haproxy runs as
# script_user hapair and must be able to signal the proxy).
start_proxy() {
  install -d -o hapair -g hapair /run/hapair
  setsid setpriv --reuid=hapair --regid=hapair --init-groups --inh-caps=+net_bind_service \
    --ambient-caps=+net_bind_service hapair-proxy -db -f /etc/hapair/haproxy.cfg >>/var/log/hapair-proxy.log 2>&1 &
}

case "$role" in
  web)
    echo "${2:?name}" > /var/www/html/index.html
    exec nginx -g 'daemon off;'
    ;;
  proxy-stop)
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -KILL "$pid"
    ;;
  proxy-start)
    start_proxy
    ;;
  lb)
    name=${2:?name} example=${3:?keepalived example} vip=${4:?vip}
    deb=$(find /vagrant/deploy/target -maxdepth 1 -name 'hapair_*_all.deb' | head -n1)
    [ -n "$deb" ] || { echo "node.sh: no package; run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
    # The image carries the JRE, so the package installs offline.
    dpkg -i "$deb" >/dev/null
    install -m 644 /usr/share/doc/hapair/examples/haproxy.cfg /etc/hapair/haproxy.cfg
    install -m 644 "/usr/share/doc/hapair/examples/$example" /etc/hapair/keepalived.conf
    # Vagrant connects the private network around the container's start: wait for it (bounded).
    iface=""
    for _ in $(seq 1 100); do
      iface=$(ip -o -4 addr show | awk -v net="${vip%.*}." 'index($4, net) == 1 {print $2; exit}')
      [ -n "$iface" ] && break
      sleep 0.2
    done
    [ -n "$iface" ] || { echo "node.sh: no interface on ${vip%.*}.0/24 after 20 s" >&2; exit 1; }
    sed -i "s/eth1/$iface/g" /etc/hapair/keepalived.conf
    echo "$name" > /etc/hapair/node-name
    # No firewall inside the container (vrrp-accept is for hosts with one) and no systemd: node.sh is the
    # supervisor. The proxy listens on *:80, so no non-local bind is needed.
    hapair-proxy -c -f /etc/hapair/haproxy.cfg
    hapair-vrrp -t -f /etc/hapair/keepalived.conf
    mkdir -p /run/hapair-vrrp
    start_proxy
    hapair-vrrp -n -l -f /etc/hapair/keepalived.conf -p /run/hapair-vrrp/hapair-vrrp.pid &
    vrrp=$!
    # docker stop: the VRRP daemon sends its priority-0 advert and drops the VIP, the proxy stops.
    trap 'kill -TERM "$vrrp" 2>/dev/null; [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null; wait "$vrrp"; exit 0' TERM INT
    echo "node.sh: $name up ($iface, $example)"
    wait "$vrrp"
    ;;
  *) echo "node.sh: unknown role $role" >&2; exit 2 ;;
esac
