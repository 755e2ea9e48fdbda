#!/usr/bin/env bash
# Makes the class lists of hapair-proxy's class-data archives (bin/hapair-jvm, "Application class-data
# archive"): proxy/src/main/cds/hapair-proxy-{plain,tls}.classlist, the classes loaded by a start of
# bench/run.sh's configuration without and with its ssl bind, up to two probe connections per plain port and
# 2 s of idling (what bench/run.sh's idle figure covers). Run it after changes that load other classes at start
# (a class missing from a list is loaded as usual, only without the archive's saving; a listed class that no
# longer exists is skipped at dump time). Everything listens on 127.0.0.1; the proxy is stopped by its PID.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_require java openssl python3
bench_build
bench_workdir classlists
bench_cert
# the daemon as a package install runs it: Netty's epoll library from the cache (bin/hapair-jvm, native_dir), not
# copied into /tmp at start, which loads the JDK's security providers (a start would list ~100 classes more)
export HAPAIR_CACHE_DIR=$work/cache
bin/hapair-proxy --make-class-archives >/dev/null
for variant in plain tls; do
  l7=$(free_port); l4=$(free_port); l7s=$(free_port); tls=$(free_port)
  {
    printf 'global\n    maxconn 9836\n    maxpipes 64\n    nbthread 2\n\n'
    printf 'defaults\n    mode http\n    option http-keep-alive\n    timeout connect 5s\n    timeout client 30s\n'
    printf '    timeout server 30s\n    timeout http-request 10s\n\n'
    printf 'frontend l7\n    bind 127.0.0.1:%s\n    default_backend web\n\n' "$l7"
    printf 'backend web\n    balance roundrobin\n    server web1 127.0.0.1:9\n    server web2 127.0.0.1:9\n\n'
    printf 'frontend l7splice\n    bind 127.0.0.1:%s\n    option splice-request\n    option splice-response\n' "$l7s"
    printf '    default_backend web\n\n'
    printf 'frontend l4\n    mode tcp\n    bind 127.0.0.1:%s\n    default_backend web-tcp\n\n' "$l4"
    if [ "$variant" = tls ]; then
      printf 'frontend l7s\n    bind 127.0.0.1:%s ssl crt %s alpn h2,http/1.1\n    default_backend web\n\n' \
        "$tls" "$work/bench.pem"
    fi
    printf 'backend web-tcp\n    mode tcp\n    balance roundrobin\n    server web1 127.0.0.1:9\n    server web2 127.0.0.1:9\n'
  } > "$work/$variant.cfg"
  list=proxy/src/main/cds/hapair-proxy-$variant.classlist
  mkdir -p "$(dirname "$list")"
  HAPAIR_CLASS_ARCHIVE=off HAPAIR_PROXY_NAME=hapair-classes HAPAIR_JAVA_OPTS="-XX:DumpLoadedClassList=$work/$variant.lst" \
    bin/hapair-proxy -db -f "$work/$variant.cfg" > "$work/$variant.log" 2>&1 &
  proxy=$!; pids+=("$proxy")
  wait_port "$l7"; wait_port "$l4"
  sleep 2
  kill "$proxy"; wait "$proxy" 2>/dev/null || true
  cp "$work/$variant.lst" "$list"
  echo "$list: $(grep -vc '^#' "$list") classes"
done
