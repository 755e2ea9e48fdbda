#!/usr/bin/env bash
# Compares `haproxy -c` (2.6) with hapair's config check for every fetch name hapair knows, in each rule
# family (http-request, http-response in a backend and a frontend, http-after-response, tcp-request content,
# tcp-response content), mode http and mode tcp, as a sample (set-header %[F] / set-var) and as an anonymous
# acl ({ F -m found }). Prints the lines where one accepts and the other refuses.
# Note: haproxy -c exits 0 for an acl that "will never match" (a warning); hapair refuses those.
# Usage: run.sh [hapair-proxy.jar] (default proxy/target/hapair-proxy.jar); ~7700 configs, bounded: each
# haproxy -c has a 5 s timeout, two at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=$(realpath "${1:-$here/../../../../proxy/target/hapair-proxy.jar}")
work=$(mktemp -d /tmp/fetch-phases.XXXXXX)
cd "$work"
java -cp "$jar" "$here/Dump.java" > fetches.txt
python3 "$here/gen.py"
cut -f1 index.txt | xargs -P2 -n1 sh -c 'timeout 5 haproxy -c -q -f "$0" >/dev/null 2>&1; printf "%s\t%s\n" "$0" $?' | sort > ha.all
java -cp "$jar" "$here/Check.java" < index.txt | cut -f1,2 | sort > hp.all
join -t"$(printf '\t')" hp.all ha.all | awk -F'\t' '{n=$1; sub(/^cfg\//,"",n); sub(/\.cfg$/,"",n);
  hp=($2==0?"acc":"REF"); ha=($3==0?"acc":"REF"); if (hp!=ha) print n"\thapair="hp"\thaproxy="ha}'
echo "(configs in $work)" >&2
