#!/usr/bin/env bash
# Shared by the bench scripts (source it from the repository root): tool checks, the build, a work
# directory whose processes are stopped by PID on exit, free loopback ports and bounded waits.
# shellcheck disable=SC2034  # work and pids belong to the sourcing script

bench_require() {
  local bin
  for bin in "$@"; do
    command -v "$bin" >/dev/null || { echo "bench: '$bin' is required (bin/hapair-test installs it)" >&2; exit 2; }
  done
}

bench_build() {
  if [ ! -f proxy/target/hapair-proxy.jar ]; then
    mvn -B -q -DskipTests package
  fi
}

# bench_workdir NAME: a fresh /tmp/hapair-NAME.* directory; every PID added to `pids` is stopped on exit.
bench_workdir() {
  work=$(mktemp -d "/tmp/hapair-$1.XXXXXX")
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_port PORT: until something accepts on 127.0.0.1:PORT (at most 20 s)
wait_port() {
  for _ in $(seq 1 400); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "bench: nothing listens on port $1" >&2; return 1
}
