#!/usr/bin/env bash
# What the rule language costs on the request path: L7 small responses (keep-alive) through each proxy
# with no rules, then with 10 acls and 20 http-request rules (header edits with samples, variables,
# conditions that do not match, denies that do not fire), one haproxy.cfg for both proxies, one run.
# Prints req/s of each case and each proxy's loss with the rules, each proxy's CPU time per request
# (user + system, over each run) with and without the rules, and hapair's heap bytes allocated per request
# (its Java threads' allocation counters, read with jcmd outside the timed window; HAProxy has no such
# counter). Where the rest of the loss goes: the two nginx' CPU time per request and the proxy's context
# switches per request (all its threads, voluntary and not) in each case. hapair runs under its own process
# name (HAPAIR_PROXY_NAME, default hapair-rbench: a SIGUSR2 meant for hapair-proxy daemons would reload it
# mid-run); a run in which it reloaded anyway is reported. Everything listens on 127.0.0.1; every process
# started here is stopped by its PID.
# Usage: bench/rules.sh [seconds-per-run (default 5)] [connections (default 64)]
# Env: ROUNDS (alternating measured runs, default 3), WARMUP (seconds, default 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${1:-5}
CONNS=${2:-64}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require wrk haproxy nginx java python3 curl
bench_build
bench_workdir rules
bench_nginx_backends 2
nginx_pids=("${pids[@]}")

rules_block() {
  cat <<'RULES'
    acl is_api path_beg /api
    acl is_static path_end .css .js .png
    acl is_admin path_beg /admin
    acl from_lan src 10.0.0.0/8 192.168.0.0/16
    acl h_www hdr(host) -i www.example.com
    acl has_auth req.hdr(authorization) -m found
    acl bad_ua hdr_sub(user-agent) -i sqlmap nikto
    acl is_post method POST
    acl long_uri url_len gt 2000
    acl q_debug urlp(debug) 1
    http-request deny if bad_ua
    http-request deny if long_uri
    http-request deny if is_admin !from_lan
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Request-Start t=%[date(0,ms)]
    http-request add-header X-Client %[src]
    http-request set-var(txn.host) req.hdr(host),lower
    http-request set-var(txn.path) path
    http-request set-header X-Host %[var(txn.host)]
    http-request del-header X-Debug unless q_debug
    http-request del-header Proxy
    http-request set-header X-API 1 if is_api
    http-request set-header X-Static 1 if is_static
    http-request set-header X-Auth yes if has_auth
    http-request set-header X-Post 1 if is_post
    http-request replace-header User-Agent ^curl(.*) curl-client\1
    http-request set-header X-WWW 1 if h_www
    http-request add-header X-Via hapair
    http-request set-header X-Path-Len %[path,length]
    http-request del-header X-Forwarded-Host
RULES
}

write_cfg() { # $1 file, $2 port without rules, $3 port with rules
  {
    printf 'global\n    maxconn 2000\n    nbthread 2\n\ndefaults\n    mode http\n    option http-keep-alive\n'
    printf '    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n'
    printf 'frontend plain\n    bind 127.0.0.1:%s\n    default_backend web\n\n' "$2"
    printf 'frontend rules\n    bind 127.0.0.1:%s\n' "$3"
    rules_block
    printf '    default_backend web\n\nbackend web\n    balance roundrobin\n'
    printf '    server web1 127.0.0.1:%s\n    server web2 127.0.0.1:%s\n' "${backend_ports[0]}" "${backend_ports[1]}"
  } > "$1"
}

declare -A port pid
for p in haproxy hapair; do port[$p,plain]=$(free_port); port[$p,rules]=$(free_port); done
for p in haproxy hapair; do write_cfg "$work/$p.cfg" "${port[$p,plain]}" "${port[$p,rules]}"; done
haproxy -c -q -f "$work/haproxy.cfg"
bin/hapair-proxy -c -q -f "$work/hapair.cfg"
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pid[haproxy]=$!; pids+=("${pid[haproxy]}")
HAPAIR_PROXY_NAME=${HAPAIR_PROXY_NAME:-hapair-rbench} bin/hapair-proxy -db -f "$work/hapair.cfg" > "$work/hapair.log" 2>&1 &
pid[hapair]=$!; pids+=("${pid[hapair]}")
for p in haproxy hapair; do wait_port "${port[$p,plain]}"; wait_port "${port[$p,rules]}"; done

# the rules really run: the backend gets the edited request (nginx answers either way, so check one by hand)
for p in haproxy hapair; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -A sqlmap "http://127.0.0.1:${port[$p,rules]}/")
  [ "$code" = 403 ] || { echo "bench: $p did not apply the rules (user-agent sqlmap got $code)" >&2; exit 1; }
done

echo "bench: ${DURATION}s x $ROUNDS alternating rounds, $CONNS connections, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
for p in haproxy hapair; do for c in plain rules; do
  run_wrk "http://127.0.0.1:${port[$p,$c]}/" "$CONNS" "$WARMUP" >/dev/null
done; done
# CPU per request (user + system time of the proxy process over the run, divided by the requests served):
# much less sensitive than req/s to what else the machine is doing
cpu_ticks() { local p t=0; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
# context switches of every thread of process $1 so far (a thread may end while they are read: the JIT's
# compiler threads come and go)
switches() {
  { cat "/proc/$1"/task/*/status 2>/dev/null || true; } |
    awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'
}
# bytes allocated so far by hapair's Java threads (jcmd's own Attach Listener left out); empty without jcmd
alloc_bytes() {
  command -v jcmd >/dev/null || return 0
  jcmd "$1" Thread.print -e 2>/dev/null | python3 -c '
import re, sys
unit = {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
print(sum(int(n) * unit[u] for name, n, u in re.findall(r"^\"([^\"]*)\".*? allocated=(\d+)([BKMG])", sys.stdin.read(), re.M)
          if name != "Attach Listener"))'
}
hz=$(getconf CLK_TCK)
declare -A runs cpus allocs ngx csws
for _ in $(seq 1 "$ROUNDS"); do
  for c in plain rules; do for p in hapair haproxy; do
    a0=""; [ "$p" = hapair ] && a0=$(alloc_bytes "${pid[$p]}")
    t0=$(cpu_ticks "${pid[$p]}"); n0=$(cpu_ticks "${nginx_pids[@]}"); s0=$(switches "${pid[$p]}")
    line=$(run_wrk "http://127.0.0.1:${port[$p,$c]}/" "$CONNS" "$DURATION")
    t1=$(cpu_ticks "${pid[$p]}"); n1=$(cpu_ticks "${nginx_pids[@]}"); s1=$(switches "${pid[$p]}")
    a1=""; [ -n "$a0" ] && a1=$(alloc_bytes "${pid[$p]}")
    runs[$p,$c]+="${line%% *} "
    cpus[$p,$c]+="$(python3 -c "r = $DURATION * ${line%% *}; print('%.2f' % ((($t1 - $t0) / $hz * 1e6 / r) if r else 0))") "
    ngx[$p,$c]+="$(python3 -c "r = $DURATION * ${line%% *}; print('%.2f' % ((($n1 - $n0) / $hz * 1e6 / r) if r else 0))") "
    csws[$p,$c]+="$(python3 -c "r = $DURATION * ${line%% *}; print('%.3f' % ((($s1 - $s0) / r) if r else 0))") "
    if [ -n "$a1" ]; then
      allocs[$p,$c]+="$(python3 -c "r = $DURATION * ${line%% *}; print('%.0f' % (($a1 - $a0) / r if r else 0))") "
    fi
  done; done
done
# median FORMAT "v1 v2 ...": the values come as one space-separated word
median_of() { python3 -c "import sys; v=sorted(float(x) for x in sys.argv[2].split()); print(sys.argv[1] % v[len(v)//2])" "$1" "$2"; }
median() { median_of '%.0f' "$1"; }
median2() { median_of '%.2f' "$1"; }
median3() { median_of '%.3f' "$1"; }
printf "\n%-8s %12s %12s %8s %14s %14s %10s %12s %12s\n" proxy "no rules" "20 rules" loss "us/req plain" "us/req rules" \
  "cpu cost" "B/req plain" "B/req rules"
for p in hapair haproxy; do
  a=$(median "${runs[$p,plain]}"); b=$(median "${runs[$p,rules]}")
  ca=$(median2 "${cpus[$p,plain]}"); cb=$(median2 "${cpus[$p,rules]}")
  ba=-; bb=-
  if [ -n "${allocs[$p,plain]:-}" ] && [ -n "${allocs[$p,rules]:-}" ]; then
    ba=$(median "${allocs[$p,plain]}"); bb=$(median "${allocs[$p,rules]}")
  fi
  printf "%-8s %12s %12s %7s%% %14s %14s %9s%% %12s %12s\n" "$p" "$a" "$b" \
    "$(python3 -c "print('%.1f' % (100 * (1 - $b / $a)))")" \
    "$ca" "$cb" "$(python3 -c "print('%.1f' % (100 * ($cb / $ca - 1)) if $ca else 'n/a')")" "$ba" "$bb"
done
printf "\n%-8s %30s %30s\n" proxy "nginx us/req plain -> rules" "proxy csw/req plain -> rules"
for p in hapair haproxy; do
  printf "%-8s %30s %30s\n" "$p" "$(median2 "${ngx[$p,plain]}") -> $(median2 "${ngx[$p,rules]}")" \
    "$(median3 "${csws[$p,plain]}") -> $(median3 "${csws[$p,rules]}")"
done
if grep -q ' reloaded \[' "$work/hapair.log"; then
  echo "bench: hapair reloaded during the run (a SIGUSR2 from elsewhere?): its figures are not comparable" >&2
fi
