#!/usr/bin/env bash
# Summarises a -XX:+PrintCompilation log (the daemon's stdout, e.g. HAPAIR_JAVA_OPTS=-XX:+PrintCompilation) per
# 10 s window since the JVM started: compilations by tier, and how much C2 (tier 4) code was made not entrant
# (deoptimised, or flushed as cold). A "made not entrant" line at tier 2 or 3 is no deoptimisation: C1 code retired once
# the same method's next tier is installed, the normal course of tiered compilation (session 10, jit10: most of
# the "made not entrant" lines of an HTTP/2 run are those). Usage: bench/jitlog.sh LOG
set -euo pipefail
awk '$1 ~ /^[0-9]+$/ {
  w = int($1 / 10000); tier = ""
  for (i = 2; i <= NF; i++) if ($i ~ /^[0-4]$/) { tier = $i; break }
  if ($0 ~ /made not entrant/) { if (tier == 4) deopt[w]++ }
  else if ($0 !~ /made zombie/) { n[w, tier]++; all[w]++; seen[w] = 1 }
}
END {
  for (w in seen) printf "%5d s  compiled %4d (tier1 %d, tier2 %d, tier3 %d, tier4 %d)  C2 code deoptimised %d\n",
    w * 10, all[w], n[w, 1], n[w, 2], n[w, 3], n[w, 4], deopt[w]
}' "$1" | sort -n
