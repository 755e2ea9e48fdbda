#!/usr/bin/env bash
# The demo's client (run by bin/hapair-demo inside the client namespace): one short HTTP request to URL
# every ~100 ms, each on a new connection like a fresh browser, until STOPFILE exists, MAX requests were
# sent or MAX_SECONDS passed. One line per request on stdout, relative to T0_MS (epoch milliseconds):
#   SEQ T_MS DURATION_MS ok BACKEND PROXY_ADDR      (nginx answers "web2 10.213.0.11": its name, then
#   SEQ T_MS DURATION_MS fail CURL_EXIT HTTP_CODE    the address the proxy connected from)
set -u
if [ $# -ne 5 ]; then
  echo "usage: client-loop.sh URL T0_MS MAX_REQUESTS MAX_SECONDS STOPFILE" >&2
  exit 2
fi
url=$1 t0=$2 max=$3 max_seconds=$4 stopfile=$5

# Sets $now to epoch milliseconds without forking (bash 5).
clock() {
  local t=${EPOCHREALTIME/[.,]/}
  now=$((t / 1000))
}

clock
deadline=$((now + max_seconds * 1000))
for ((seq = 1; seq <= max; seq++)); do
  [ -e "$stopfile" ] && break
  clock
  begin=$now
  [ "$begin" -lt "$deadline" ] || break
  out=$(curl -s -m 0.5 -w ' %{http_code}' "$url")
  rc=$?
  clock
  end=$now
  code=${out##* }
  backend='' proxy_addr=''
  read -r backend proxy_addr _ <<<"${out% *}"
  if [ "$rc" = 0 ] && [ "$code" = 200 ] && [ -n "$proxy_addr" ]; then
    printf '%d %d %d ok %s %s\n' "$seq" $((begin - t0)) $((end - begin)) "$backend" "$proxy_addr"
  else
    printf '%d %d %d fail %d %s\n' "$seq" $((begin - t0)) $((end - begin)) "$rc" "${code:-000}"
  fi
  sleep 0.1
done
