#!/usr/bin/env bash
# Provision a load balancer: JDK + the hapair package, configs, the VRRP firewall rule, both units.
set -euo pipefail
name=$1 keepalived_example=$2 vip=$3
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq openjdk-17-jre-headless iptables curl
deb=$(find /vagrant/deploy/target -maxdepth 1 -name "hapair_*_all.deb" 2>/dev/null | head -n1)
if [ -z "$deb" ]; then
  echo "provision: no package found; run 'mvn -B -q package -DskipTests' on the host first" >&2
  exit 1
fi
apt-get install -y -qq "$deb"

install -m 644 /usr/share/doc/hapair/examples/haproxy.cfg /etc/hapair/haproxy.cfg
install -m 644 "/usr/share/doc/hapair/examples/$keepalived_example" /etc/hapair/keepalived.conf
# The private network is the VM's second interface; keep the examples' eth1 in step with it.
iface=$(ip -o -4 addr show | awk -v net="${vip%.*}." 'index($4, net) == 1 {print $2; exit}')
sed -i "s/eth1/$iface/g" /etc/hapair/keepalived.conf
echo "$name" > /etc/hapair/node-name

/usr/lib/hapair/vrrp-accept install --iface "$iface" --nonlocal-bind
hapair-proxy -c -f /etc/hapair/haproxy.cfg
hapair-vrrp -t -f /etc/hapair/keepalived.conf
systemctl enable --now hapair-proxy.service hapair-vrrp.service
