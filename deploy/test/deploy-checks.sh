#!/usr/bin/env bash
# Deploy checks run by `mvn verify` (deploy module): shellcheck, systemd unit verification,
# vagrant validate, package contents, the VRRP firewall script inside a private namespace, and the
# one-command local demo (bin/hapair-demo --non-interactive) in namespaces of its own.
# Under CI=true a missing tool is a failure; elsewhere it is reported and skipped.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo" || exit 1
passed=0 failed=0 skipped=0

ok()   { echo "PASS: $1"; passed=$((passed + 1)); }
bad()  { echo "FAIL: $1"; failed=$((failed + 1)); }
need() { # tool -> 0 if present; otherwise fail under CI, skip elsewhere
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  if [ "${CI:-}" = true ]; then bad "$2: '$1' is not installed"; else echo "SKIP: $2: '$1' not installed"; skipped=$((skipped + 1)); fi
  return 1
}

# 1. shellcheck every shell script we ship or run.
if need shellcheck "shellcheck"; then
  mapfile -t scripts < <( { ls bin/hapair-* bin/lib/*.sh .ci/run demo/*.sh deploy/iptables/* deploy/scripts/* deploy/test/*.sh \
      deploy/docker/private-engine deploy/docker/host-state deploy/docker/images.sh deploy/docker/nginx-entrypoint \
      deploy/src/deb/control/postinst deploy/src/deb/control/prerm deploy/src/deb/control/postrm vagrant/*.sh bench/*.sh 2>/dev/null; } | sort -u)
  if out=$(shellcheck "${scripts[@]}" 2>&1); then ok "shellcheck on ${#scripts[@]} scripts"; else echo "$out"; bad "shellcheck"; fi
fi

# 2. systemd-analyze verify: ExecStart paths must exist, so point them at this tree's launchers.
if need systemd-analyze "systemd-analyze verify"; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # verify looks the units' Documentation=man: pages up; show it ours as the package installs them.
  mkdir -p "$tmp/man/man8" && cp deploy/man/*.8 "$tmp/man/man8/"
  for unit in deploy/systemd/*.service; do
    sed "s#/usr/bin/hapair-#$repo/bin/hapair-#g" "$unit" > "$tmp/$(basename "$unit")"
    if out=$(MANPATH="$tmp/man" systemd-analyze verify "$tmp/$(basename "$unit")" 2>&1) && [ -z "$out" ]; then
      ok "systemd-analyze verify $(basename "$unit")"
    else
      echo "$out"; bad "systemd-analyze verify $(basename "$unit")"
    fi
  done
  if grep -q '^Type=notify' deploy/systemd/hapair-proxy.service && grep -q '^ExecStartPre=.*-c ' deploy/systemd/hapair-proxy.service \
    && grep -q '^ExecStopPost=.*--release' deploy/systemd/hapair-vrrp.service \
    && grep -q '^AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW$' deploy/systemd/hapair-vrrp.service; then
    ok "unit contents (notify, -c before start, release after stop, capabilities)"
  else bad "unit contents"; fi
  # Hardening: each unit's exposure (systemd-analyze security, 0 = locked down, 10 = unprotected) must
  # stay at or below 2.5; Debian's own haproxy and keepalived units score 9.6.
  for unit in deploy/systemd/*.service; do
    level=$(systemd-analyze security --offline=yes "$tmp/$(basename "$unit")" 2>&1 \
      | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 2.5) }'; then
      ok "systemd-analyze security $(basename "$unit"): exposure $level (<= 2.5)"
    else bad "systemd-analyze security $(basename "$unit"): exposure '${level}' (must be <= 2.5)"; fi
  done
fi

# 3. vagrant validate (no provider needed with --ignore-provider).
if need vagrant "vagrant validate"; then
  if out=$(cd vagrant && timeout 120 vagrant validate --ignore-provider 2>&1); then ok "vagrant validate"; else echo "$out"; bad "vagrant validate"; fi
fi

# 4. package contents.
deb=$(find deploy/target -maxdepth 1 -name 'hapair_*_all.deb' | head -n1)
if [ -n "$deb" ] && need dpkg-deb "deb contents"; then
  list=$(dpkg-deb -c "$deb" | awk '{print $6}')
  missing=()
  for f in ./usr/share/hapair/hapair-proxy.jar ./usr/share/hapair/hapair-vrrp.jar ./usr/bin/hapair-proxy \
      ./usr/share/hapair/cds/hapair-proxy-plain.classlist ./usr/share/hapair/cds/hapair-proxy-tls.classlist \
      ./usr/bin/hapair-vrrp ./usr/lib/hapair/hapair-jvm ./usr/lib/hapair/vrrp-accept ./usr/lib/hapair/hapair-check-proxy \
      ./lib/systemd/system/hapair-proxy.service ./lib/systemd/system/hapair-vrrp.service \
      ./etc/hapair/haproxy.cfg ./etc/default/hapair-proxy ./etc/default/hapair-vrrp ./etc/rsyslog.d/49-hapair.conf \
      ./usr/share/doc/hapair/copyright ./usr/share/doc/hapair/changelog.gz ./usr/share/man/man8/hapair-proxy.8.gz \
      ./usr/share/man/man8/hapair-vrrp.8.gz ./usr/share/doc/hapair/examples/keepalived-master.conf; do
    grep -qxF "$f" <<<"$list" || missing+=("$f")
  done
  if [ ${#missing[@]} -eq 0 ] && dpkg-deb -f "$deb" Depends | grep -q 'openjdk-17-jre-headless'; then
    ok "deb file list and JDK 17 dependency ($(basename "$deb"))"
  else bad "deb contents: missing ${missing[*]}"; fi
  tarball=$(find deploy/target -maxdepth 1 -name 'hapair-*.tar.gz' | head -n1)
  tar_list=$( [ -n "$tarball" ] && tar -tzf "$tarball")
  if grep -q 'lib/hapair-proxy.jar' <<<"$tar_list" && grep -q 'bin/hapair-vrrp' <<<"$tar_list" \
     && grep -q 'lib/cds/hapair-proxy-plain.classlist' <<<"$tar_list"; then
    ok "tarball contents"; else bad "tarball contents"; fi
  # The shipped haproxy.cfg passes the unit's own ExecStartPre check (it listens on the runtime API only).
  if out=$(bin/hapair-proxy -c -q -f deploy/etc/haproxy.cfg 2>&1); then
    ok "shipped /etc/hapair/haproxy.cfg passes hapair-proxy -c"
  else echo "$out"; bad "shipped /etc/hapair/haproxy.cfg fails hapair-proxy -c"; fi
  # No live configuration ships: no keepalived.conf (it would start a MASTER for an example VIP) and no
  # admin page with a default password.
  if ! grep -qxF ./etc/hapair/keepalived.conf <<<"$list" \
     && ! dpkg-deb --fsys-tarfile "$deb" | tar -xO ./etc/hapair/haproxy.cfg | grep -Eq '^[[:space:]]*(stats auth|bind)'; then
    ok "shipped configuration is inert (no keepalived.conf, no bind or stats auth in haproxy.cfg)"
  else bad "shipped configuration is live"; fi
  if need lintian "lintian"; then
    # (lintian's note about running as root is not a finding)
    out=$(lintian --tag-display-limit 0 "$deb" 2>&1 | sed 's/running with root privileges is not recommended!//' | grep -v '^[[:space:]]*$')
    if [ -z "$out" ]; then
      ok "lintian $(basename "$deb"): no errors, no warnings"
    else echo "$out"; bad "lintian $(basename "$deb")"; fi
  fi
elif [ -z "$deb" ]; then bad "no .deb built under deploy/target"; fi

# 5. the VRRP firewall script, idempotent, in a namespace of our own (never the host's firewall).
if [ "$(id -u)" = 0 ] && need iptables "vrrp-accept" && need nft "vrrp-accept --nft"; then
  ns="hpdc$$"
  sysdir=$(mktemp -d)
  if ip netns add "$ns" 2>/dev/null; then
    run() { ip netns exec "$ns" env SYSCTL_DIR="$sysdir" deploy/iptables/vrrp-accept "$@"; }
    count() { ip netns exec "$ns" iptables -S INPUT | grep -c -- '--comment hapair-vrrp'; }
    run install --nonlocal-bind >/dev/null && run install >/dev/null
    c1=$(count)
    run status >/dev/null; s1=$?
    nl=$(ip netns exec "$ns" sysctl -n net.ipv4.ip_nonlocal_bind)
    run remove >/dev/null; c2=$(count)
    run install --peer 10.213.9.2 --peer 10.213.9.3 >/dev/null; c3=$(count); run remove >/dev/null
    run install --nft >/dev/null && run install --nft >/dev/null
    n1=$(ip netns exec "$ns" nft list table inet hapair_vrrp | grep -c 'ip protocol vrrp')
    run remove --nft >/dev/null; run status --nft >/dev/null; s2=$?
    ip netns del "$ns"
    if [ "$c1" = 1 ] && [ "$s1" = 0 ] && [ "$nl" = 1 ] && [ "$c2" = 0 ] && [ "$c3" = 2 ] && [ "$n1" = 1 ] && [ "$s2" = 1 ] \
       && grep -q 'ip_nonlocal_bind = 1' "$sysdir"/*.conf; then
      ok "vrrp-accept install/status/remove (iptables, unicast peers, nft, nonlocal bind) is idempotent"
    else bad "vrrp-accept: rules=$c1 status=$s1 nonlocal=$nl after-remove=$c2 peers=$c3 nft=$n1 nft-status-after-remove=$s2"; fi
  else bad "cannot create a network namespace"; fi
  rm -rf "$sysdir"
elif [ "$(id -u)" != 0 ]; then
  if [ "${CI:-}" = true ]; then bad "vrrp-accept needs root"; else echo "SKIP: vrrp-accept needs root"; skipped=$((skipped + 1)); fi
fi

# 6. the local demo: the VIP must move lb1 -> lb2 when lb1's proxy is killed and come back after its
#    restart; the demo's own bounds keep it under a minute, timeout is the last resort (TERM tears down).
if [ "$(id -u)" = 0 ]; then
  demo_out=$(mktemp)
  timeout -s TERM 240 bin/hapair-demo --non-interactive </dev/null >"$demo_out" 2>&1
  demo_rc=$?
  last=$(tail -n 1 "$demo_out")
  if [ "$demo_rc" = 0 ] && [[ $last =~ ^failover:\ VIP\ moved\ lb1\ -\>\ lb2\ in\ [0-9.]+\ s\;\ failed\ requests:\ [0-9]+\ of\ [0-9]+$ ]] \
    && [ -z "$(ip netns list | awk '/^hpd/')" ]; then
    sed -n '/^==== summary/,$p' "$demo_out"
    ok "hapair-demo --non-interactive: ${last#failover: } (namespaces removed)"
  else
    cat "$demo_out"
    bad "hapair-demo --non-interactive (exit $demo_rc): $last"
  fi
  rm -f "$demo_out"
else
  if [ "${CI:-}" = true ]; then bad "hapair-demo needs root"; else echo "SKIP: hapair-demo needs root"; skipped=$((skipped + 1)); fi
fi

echo "deploy-checks: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
