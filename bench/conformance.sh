#!/usr/bin/env bash
# HAProxy's own regression suite (reg-tests of v2.6.0, run by VTest) against the installed HAProxy and
# against hapair-proxy, with the same test selection, in one run. Prints a per-directory table (tests run,
# HAProxy passes, hapair passes) and every hapair failure with its first error.
#
# Usage: bench/conformance.sh [--jobs N] [--timeout S] [--only haproxy|hapair] [--fresh] [DIR|TEST.vtc ...]
#   DIR / TEST    reg-tests subdirectories (e.g. balance http-rules) or single tests (balance/balance-rr.vtc);
#                 default: the whole suite (~15 min per program on 2 CPUs with --jobs 2)
#   --jobs N      parallel VTest jobs (default 2)
#   --timeout S   VTest per-test timeout in seconds (default 20)
#   --only P      run one program only; the other's results come from the cache if there are any
#   --fresh       ignore the cached HAProxy results
# Env: HAPAIR_SHARED_DIR (default: shared/ beside the repository, searched upwards), HAPAIR_CONFORMANCE_DIR
# (work and cache directory, default /tmp/hapair-conformance), HAPROXY (default /usr/sbin/haproxy).
#
# The one translation: run-regtests.sh selects tests with `$HAPROXY_PROGRAM -vv` and vtc files with
# `feature cmd "$HAPROXY_PROGRAM -cc ..."`; for hapair those two flags are answered by the real HAProxy, so
# both programs run exactly the same tests. Every other invocation execs bin/hapair-proxy unchanged.
# Everything runs under `nice`; VTest listens on 127.0.0.1 only and kills what it started.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

jobs=2
timeout=20
only=""
fresh=0
selection=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jobs|--j) jobs=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --only) only=$2; shift ;;
    --fresh) fresh=1 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "conformance: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) selection+=("${1#reg-tests/}") ;;
  esac
  shift
done
case "$only" in ""|haproxy|hapair) ;; *) echo "conformance: --only expects haproxy or hapair" >&2; exit 2 ;; esac
[[ "$jobs" =~ ^[0-9]+$ && "$timeout" =~ ^[0-9]+$ ]] || { echo "conformance: --jobs/--timeout expect numbers" >&2; exit 2; }

haproxy_bin=${HAPROXY:-/usr/sbin/haproxy}
work=${HAPAIR_CONFORMANCE_DIR:-/tmp/hapair-conformance}
mkdir -p "$work"

# --- shared inputs (same rule as testkit SharedDir: $HAPAIR_SHARED_DIR, else shared/ searched upwards)
find_shared() {
  if [ -n "${HAPAIR_SHARED_DIR:-}" ]; then echo "$HAPAIR_SHARED_DIR/conformance"; return; fi
  local d=$repo
  while [ "$d" != / ]; do
    if [ -d "$d/shared/conformance" ]; then echo "$d/shared/conformance"; return; fi
    d=$(dirname "$d")
  done
}
shared=$(find_shared)
if [ -z "$shared" ] || [ ! -f "$shared/vtest-src.tar.gz" ] || [ ! -f "$shared/haproxy-2.6.0-regtests.tar.gz" ]; then
  echo "conformance: shared/conformance not found (set HAPAIR_SHARED_DIR)" >&2; exit 2
fi

# --- build dependencies of VTest, and HAProxy itself
deps=()
for p in libpcre2-dev zlib1g-dev make gcc haproxy; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || deps+=("$p")
done
if [ ${#deps[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "conformance: missing packages ${deps[*]} (run as root to install them)" >&2; exit 2; fi
  echo "conformance: installing ${deps[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${deps[@]}" >/dev/null
fi
[ -x "$haproxy_bin" ] || { echo "conformance: $haproxy_bin not found" >&2; exit 2; }

# --- VTest and the reg-tests, unpacked once per tarball content
key=$(cat "$shared/vtest-src.tar.gz" "$shared/haproxy-2.6.0-regtests.tar.gz" | sha256sum | cut -c1-12)
src="$work/src-$key"
if [ ! -x "$src/VTest/vtest" ] || [ ! -f "$src/haproxy-2.6.0/scripts/run-regtests.sh" ]; then
  rm -rf "$src"; mkdir -p "$src"
  tar -xzf "$shared/vtest-src.tar.gz" -C "$src"
  tar -xzf "$shared/haproxy-2.6.0-regtests.tar.gz" -C "$src"
  echo "conformance: building VTest"
  (cd "$src/VTest" && nice make -s -j2 >"$src/vtest-build.log" 2>&1) \
    || { cat "$src/vtest-build.log" >&2; echo "conformance: VTest build failed" >&2; exit 2; }
fi
vtest="$src/VTest/vtest"
suite="$src/haproxy-2.6.0"

# --- hapair-proxy: rebuilt when a source file is newer than the jar
jar="$repo/proxy/target/hapair-proxy.jar"
if [ "$only" != haproxy ]; then
  if [ ! -f "$jar" ] || [ -n "$(find proxy/src health/src testkit/src -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "conformance: building hapair-proxy"
    mvn -B -q -ntp -DskipTests -pl proxy -am package
  fi
fi

# Every hapair-proxy this run starts records "PID STARTTIME" here, so the clean-up can stop exactly those
# (VTest stops its instances with SIGINT, but an instance it lost track of must not outlive the run).
pids_dir=$(mktemp -d "$work/pids.XXXXXX")

# The HAPROXY_PROGRAM for hapair: -vv and -cc (test selection only) are answered by the real HAProxy.
wrapper="$work/hapair-as-haproxy-${pids_dir##*.}"
cat >"$wrapper" <<WRAP
#!/bin/sh
# generated by bench/conformance.sh: test selection (-vv, -cc) by the real HAProxy, the rest by hapair-proxy
for a in "\$@"; do
  case "\$a" in -vv|-cc) exec "$haproxy_bin" "\$@" ;; esac
done
# the exec chain keeps this PID: record it with its start time (field 22 of /proc/PID/stat)
echo "\$\$ \$(cut -d' ' -f22 /proc/\$\$/stat)" >"$pids_dir/\$\$"
exec "$repo/bin/hapair-proxy" "\$@"
WRAP
chmod +x "$wrapper"

# stop_leftovers: SIGTERM, then SIGKILL after 5 s, to each recorded hapair-proxy still alive with the same start
# time (a reused PID is left alone); bounded to about 6 s whatever happens.
suite_pid=""
stop_leftovers() {
  local f pid start now alive=()
  if [ -n "$suite_pid" ]; then
    # run-regtests.sh, VTest (which makes its own process group) and what they run: all in our session
    local in_session
    in_session=$(ps -e -o pid=,sid= | awk -v s="$suite_pid" '$2 == s { print $1 }')
    if [ -n "$in_session" ]; then
      # shellcheck disable=SC2086 # one PID per word
      kill -TERM $in_session 2>/dev/null || true
      sleep 1
      # shellcheck disable=SC2086
      kill -KILL $in_session 2>/dev/null || true
    fi
  fi
  for f in "$pids_dir"/*; do
    [ -f "$f" ] || continue
    read -r pid start <"$f" || continue
    now=$(cut -d' ' -f22 "/proc/$pid/stat" 2>/dev/null) || continue
    [ "$now" = "$start" ] || continue
    echo "conformance: stopping leftover hapair-proxy $pid" >&2
    kill -TERM "$pid" 2>/dev/null && alive+=("$pid")
  done
  for _ in $(seq 1 50); do
    [ ${#alive[@]} -eq 0 ] && break
    local still=()
    for pid in "${alive[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
    alive=("${still[@]}")
    [ ${#alive[@]} -eq 0 ] || sleep 0.1
  done
  for pid in "${alive[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$pids_dir" "$wrapper"
}
trap stop_leftovers EXIT
trap 'exit 130' INT TERM

if [ ${#selection[@]} -eq 0 ]; then sel_args=(reg-tests/); else sel_args=("${selection[@]/#/reg-tests/}"); fi
for s in "${sel_args[@]}"; do
  [ -e "$suite/$s" ] || { echo "conformance: no such test or directory: $s" >&2; exit 2; }
done
sel_key=$(printf '%s\n' "${sel_args[@]}" "timeout=$timeout" "$("$haproxy_bin" -v | head -1)" | sha256sum | cut -c1-12)
results="$work/results"
mkdir -p "$results"

# run_suite NAME PROGRAM OUT: runs the selection, writes "test<TAB>passed|failed|skipped|timeout<TAB>first error"
run_suite() {
  local name=$1 prog=$2 out=$3 log="$results/$1-$sel_key.log" run_tmp
  echo "conformance: running ${sel_args[*]} against $name (--jobs $jobs, -t $timeout; log: $log)"
  local start=$SECONDS
  # A short private parent under /tmp, so that concurrent runs never remove each other's test directories:
  # unix socket paths the tests create below it (/tmp/hcXXX/haregtests-DATE.XXXXXX/vtc.PID.XXXXXXXX/NAME)
  # must fit in 97 bytes, hence not a longer mktemp name.
  run_tmp=$(mktemp -d /tmp/hcXXX)
  # in its own process group (setsid) so that an interrupted run can stop VTest and everything under it
  (cd "$suite" && HAPROXY_PROGRAM=$prog VTEST_PROGRAM=$vtest TMPDIR=$run_tmp \
    exec setsid nice sh scripts/run-regtests.sh --v --j "$jobs" --vtestparams "-t $timeout" "${sel_args[@]}") \
    >"$log" 2>&1 &
  suite_pid=$!
  wait "$suite_pid" || true
  suite_pid=""
  rm -rf "$run_tmp"
  parse_log "$log" >"$out.tmp" && mv "$out.tmp" "$out"
  echo "conformance: $name done in $((SECONDS - start)) s"
}

# VTest (--v) prints each failing test's whole log, then "#    top  TEST <file> FAILED"; a passing or
# skipped test is one "#    top  TEST <file> passed|skipped" line. The first error is the first fatal
# ("---- ") line of the failing log; then the proxy's own first error (an [ALERT] or a "cfg:N:" line that
# is not a warning) and the keywords it said it ignored, which classify most failures.
parse_log() {
  awk '
    function clean(t) { sub(/^\.\//, "", t); sub(/^reg-tests\/+/, "", t); return t }
    /^  Add test: / { t = $0; sub(/^  Add test: /, "", t); t = clean(t); order[++n] = t; next }
    /^\*    top   TEST .* starting/ { err = ""; perr = ""; ign = ""; next }
    /^---- / && err == "" { err = $0; sub(/^---- +/, "", err) }
    /debug\|/ {
      line = $0; sub(/^.*debug\|/, "", line)
      if (line ~ /not supported by hapair, ignored/) {
        if (match(line, /'"'"'[^'"'"']+'"'"'/)) {
          k = substr(line, RSTART, RLENGTH)
          if (index(" " ign ",", " " k ",") == 0) ign = ign (ign == "" ? "" : ", ") k
        }
      } else if (perr == "" && line !~ /WARNING|NOTICE|ignored|Fatal errors found|Error\(s\) found/ \
                 && (line ~ /\[ALERT\]/ || line ~ /cfg:[0-9]+: /)) {
        perr = line; sub(/^\[ALERT\] *(\([0-9]+\) *: *)?/, "", perr); gsub(/\/[^ :\]]*\/cfg:/, "cfg:", perr)
      }
    }
    /^#    top  TEST .* TIMED OUT/ { timedout[clean($4)] = 1; next }
    /^#    top  TEST / {
      t = clean($4)
      if ($5 == "FAILED") {
        msg = (err == "" ? "no error before the VTest timeout" : err)
        if (perr != "") msg = msg " | proxy: " perr
        if (ign != "") msg = msg " | ignored: " ign
        status[t] = timedout[t] ? "timeout" : "failed"; first[t] = msg
      } else { status[t] = $5 }
      err = ""; perr = ""; ign = ""; next
    }
    END {
      for (i = 1; i <= n; i++) {
        t = order[i]; s = (t in status) ? status[t] : "not-run"
        gsub(/\t/, " ", first[t]); printf "%s\t%s\t%s\n", t, s, first[t]
      }
    }' "$1" | LC_ALL=C sort
}

haproxy_out="$results/haproxy-$sel_key.tsv"
hapair_out="$results/hapair-$sel_key.tsv"
if [ "$only" != hapair ]; then
  if [ "$fresh" = 1 ] || [ ! -s "$haproxy_out" ]; then
    run_suite haproxy "$haproxy_bin" "$haproxy_out"
  else
    echo "conformance: HAProxy results from the cache ($haproxy_out; --fresh reruns them)"
  fi
fi
if [ "$only" != haproxy ]; then
  run_suite hapair "$wrapper" "$hapair_out"
fi

# --- report
report() {
  local h=$1 p=$2
  echo
  echo "HAProxy: $("$haproxy_bin" -v | head -1)"
  echo "hapair-proxy: $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
  echo
  printf '| %-22s | %9s | %14s | %13s |\n' directory "tests run" "HAProxy passes" "hapair passes"
  echo '|------------------------|----------:|---------------:|--------------:|'
  awk -F'\t' -v HP="$h" -v HA="$p" '
    BEGIN {
      while ((getline line < HP) > 0) { split(line, f, "\t"); hs[f[1]] = f[2] }
      while ((getline line < HA) > 0) { split(line, f, "\t"); ps[f[1]] = f[2] }
      for (t in hs) {
        if (hs[t] == "skipped" || hs[t] == "not-run") continue
        d = t; sub(/\/[^\/]*$/, "", d); dirs[d] = 1
        run[d]++; total_run++
        if (hs[t] == "passed") { hpass[d]++; total_h++ }
        if (ps[t] == "passed") { ppass[d]++; total_p++ }
      }
      for (d in dirs) printf "%s\t%d\t%d\t%d\n", d, run[d], hpass[d], ppass[d]
      printf "~total\t%d\t%d\t%d\n", total_run, total_h, total_p
    }' | LC_ALL=C sort | awk -F'\t' '{ if ($1 == "~total") $1 = "**total**"
      printf "| %-22s | %9d | %14d | %13d |\n", $1, $2, $3, $4 }'
  echo
  echo "hapair failures by cause (the first word the proxy refused or ignored; 'behaviour' when it took the"
  echo "whole configuration and answered differently):"
  awk -F'\t' -v HP="$h" '
    BEGIN { while ((getline line < HP) > 0) { split(line, f, "\t"); hs[f[1]] = f[2] } }
    ($1 in hs) && hs[$1] != "skipped" && hs[$1] != "not-run" && $2 != "passed" {
      cause = "behaviour"; q = "'"'"'"
      if (match($3, /\| proxy: [^|]*/)) {
        e = substr($3, RSTART, RLENGTH)
        if (match(e, q "[^" q "]+" q)) cause = "refused " substr(e, RSTART, RLENGTH)
        else cause = "error: " substr(e, 10, 60)
      } else if (match($3, /\| ignored: [^,|]*/)) {
        cause = "ignored " substr($3, RSTART + 11, RLENGTH - 11)
      }
      n[cause]++
    }
    END { for (c in n) printf "%d\t%s\n", n[c], c }' "$p" | sort -k1,1nr -k2 | awk -F'\t' '{ printf "  %3d  %s\n", $1, $2 }'
  echo
  echo "hapair failures (tests HAProxy ran; first error):"
  awk -F'\t' -v HP="$h" '
    BEGIN { while ((getline line < HP) > 0) { split(line, f, "\t"); hs[f[1]] = f[2] } }
    ($1 in hs) && hs[$1] != "skipped" && hs[$1] != "not-run" && $2 != "passed" {
      printf "- %s (%s%s): %s\n", $1, $2, hs[$1] == "passed" ? "" : "; HAProxy: " hs[$1], $3
    }' "$p"
}

if [ -s "$haproxy_out" ] && [ -s "$hapair_out" ]; then
  report "$haproxy_out" "$hapair_out" | tee "$results/report-$sel_key.md"
  echo
  echo "conformance: report saved in $results/report-$sel_key.md"
else
  for f in "$haproxy_out" "$hapair_out"; do
    [ -s "$f" ] && { echo; echo "$f:"; cut -f1,2 "$f"; }
  done
fi
