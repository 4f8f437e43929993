#!/usr/bin/env bash
# Soak test of the generator itself: does Preflight's memory and file-descriptor use stay flat
# through a long load run at a high rate?
#
#   scripts/soak.sh                                   # 1,000 requests/s for 10 minutes
#   SOAK_DURATION=2m SOAK_RATE=200 scripts/soak.sh    # shorter and slower
#   nice -n 19 scripts/soak.sh                        # on a machine shared with other work
#
# What it does:
#   1. builds preflight in release (`swift build -c release --scratch-path .build-release`);
#   2. starts the bundled demo target (`preflight demo-target --port 0`, so the OS picks a free
#      loopback port) with a little injected latency, so several connections are in use;
#   3. runs scripts/soak.yaml (the go-live flows: health, catalogue, full checkout with captured
#      token and order id; 2 requests per iteration) with a constant-arrival-rate profile at
#      SOAK_RATE requests/s (SOAK_RATE/2 iterations/s) for SOAK_DURATION;
#   4. every SOAK_INTERVAL seconds records the RSS (VmRSS of /proc/PID/status), the number of open
#      file descriptors (entries of /proc/PID/fd) and the threads of the preflight process and of
#      the demo target into a CSV, with preflight's fds split into sockets, other fds, and TCP
#      sockets in CLOSE_WAIT (peer closed, never closed here: a leaked connection);
#   5. prints the table, first/middle/last/min/max of each figure, the achieved rate from the JSON
#      report, and a judgement over the second half of the run (samples from half the duration
#      on; "base" = its first sample). FLAT when all of:
#        - RSS: last sample grew less than SOAK_RSS_GROWTH_PCT % over base;
#        - fds: no sample above max(highest count of the first half, base) + SOAK_FD_TOLERANCE
#          (bounded, not creeping: the connection pools follow the peak concurrency; libcurl's
#          closes idle connections after 118 s, the plain HTTP/1.1 path's when the server closes
#          them; so the raw count moves with latency spikes; the strict "constant +/- tolerance"
#          result is printed beside it);
#        - non-socket fds within +/- SOAK_FD_TOLERANCE of base, CLOSE_WAIT sockets never above it.
#      The demo target's figures are judged too but only reported: the generator is under test.
#
# Environment (all optional):
#   SOAK_DURATION        run length, Preflight's duration syntax (10m, 90s, 1m30s)   default 10m
#   SOAK_RATE            requests per second (1000 or 1000/s)                          default 1000
#   SOAK_INTERVAL        seconds between samples                                       default 10
#   SOAK_RSS_GROWTH_PCT  allowed RSS growth over the second half, percent              default 10
#   SOAK_FD_TOLERANCE    allowed fd deviation over the second half                     default 5
#   SOAK_TARGET_ARGS     extra demo-target options          default "--latency uniform:1ms..5ms"
#   SOAK_WORK            directory for the CSV, logs and reports        default a new mktemp -d
#
# Exit status: 0 when flat and the run exited 0; 4 when not flat (or too few samples to judge);
# otherwise the run's own exit code (1 threshold failed, 3 invalid run: the generator could not
# hold the schedule, 130 interrupted); 2 when the build or the demo target failed to start.
# All traffic goes to 127.0.0.1; the run stops by itself after SOAK_DURATION (and is killed if
# it overruns by more than 3 minutes); the demo target is stopped on exit. The work directory
# (CSV, logs, reports) is kept and its path printed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PLAN="$ROOT/scripts/soak.yaml"
REQUESTS_PER_ITERATION=2   # by the weights of scripts/soak.yaml; see its header

SOAK_DURATION=${SOAK_DURATION:-10m}
SOAK_RATE=${SOAK_RATE:-1000}
SOAK_INTERVAL=${SOAK_INTERVAL:-10}
SOAK_RSS_GROWTH_PCT=${SOAK_RSS_GROWTH_PCT:-10}
SOAK_FD_TOLERANCE=${SOAK_FD_TOLERANCE:-5}
SOAK_TARGET_ARGS=${SOAK_TARGET_ARGS---latency uniform:1ms..5ms}

die() { echo "soak: $*" >&2; exit 2; }

# Seconds in a duration such as 10m, 90s, 1m30s, 1h or 1.5m (integer result, rounded up).
duration_seconds() {
  local text=$1 total=0 rest=$1 number unit
  [[ "$text" =~ ^([0-9]+(\.[0-9]+)?(h|m|s))+$ ]] || return 1
  while [[ "$rest" =~ ^([0-9]+(\.[0-9]+)?)(h|m|s)(.*)$ ]]; do
    number=${BASH_REMATCH[1]}
    unit=${BASH_REMATCH[3]}
    rest=${BASH_REMATCH[4]}
    total=$(awk -v t="$total" -v n="$number" -v u="$unit" 'BEGIN { f = (u == "h") ? 3600 : (u == "m") ? 60 : 1; print t + n * f }')
  done
  awk -v t="$total" 'BEGIN { s = int(t); if (s < t) s++; print s }'
}

DURATION_S=$(duration_seconds "$SOAK_DURATION") || die "SOAK_DURATION must look like 10m, 90s or 1m30s, not '$SOAK_DURATION'"
[ "$DURATION_S" -ge 1 ] || die "SOAK_DURATION must be at least 1s"
RATE=${SOAK_RATE%/s}
[[ "$RATE" =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk -v r="$RATE" 'BEGIN { exit !(r > 0) }' || die "SOAK_RATE must be a positive number of requests/s, not '$SOAK_RATE'"
[[ "$SOAK_INTERVAL" =~ ^[1-9][0-9]*$ ]] || die "SOAK_INTERVAL must be a whole number of seconds"
[[ "$SOAK_FD_TOLERANCE" =~ ^[0-9]+$ ]] || die "SOAK_FD_TOLERANCE must be a whole number"
[[ "$SOAK_RSS_GROWTH_PCT" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "SOAK_RSS_GROWTH_PCT must be a number"
ITERATION_RATE=$(awk -v r="$RATE" -v k="$REQUESTS_PER_ITERATION" 'BEGIN { printf "%g", r / k }')
command -v jq >/dev/null || die "needs jq (apt-get install jq) to read the JSON report"

# --- build ---------------------------------------------------------------------------------------

"$ROOT/scripts/install-deps.sh"
WORK=${SOAK_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/preflight-soak.XXXXXX")}
mkdir -p "$WORK/reports"
echo "soak: work directory $WORK"
echo "soak: building preflight (release, .build-release)..."
if ! (cd "$ROOT" && swift build -c release --scratch-path .build-release >"$WORK/build.log" 2>&1); then
  tail -n 40 "$WORK/build.log" >&2
  die "release build failed (log: $WORK/build.log)"
fi
tail -n 1 "$WORK/build.log"
PREFLIGHT="$ROOT/.build-release/release/preflight"
[ -x "$PREFLIGHT" ] || die "no binary at $PREFLIGHT"

# --- demo target -----------------------------------------------------------------------------------

TARGET_PID=""
RUN_PID=""
cleanup() {
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -INT "$RUN_PID" 2>/dev/null || true     # a graceful stop still writes the report
    for _ in $(seq 1 100); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$RUN_PID" 2>/dev/null || true
  fi
  if [ -n "$TARGET_PID" ] && kill -0 "$TARGET_PID" 2>/dev/null; then
    kill -TERM "$TARGET_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$TARGET_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$TARGET_PID" 2>/dev/null || true
    wait "$TARGET_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086  # SOAK_TARGET_ARGS is a list of options
"$PREFLIGHT" demo-target --host 127.0.0.1 --port 0 $SOAK_TARGET_ARGS >"$WORK/demo-target.log" 2>&1 &
TARGET_PID=$!
URL=""
for _ in $(seq 1 100); do                       # up to 10 s to come up
  kill -0 "$TARGET_PID" 2>/dev/null || break
  URL=$(sed -n 's/^demo target listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$WORK/demo-target.log" | head -n 1)
  [ -n "$URL" ] && break
  sleep 0.1
done
if [ -z "$URL" ]; then
  cat "$WORK/demo-target.log" >&2
  die "the demo target did not start"
fi
echo "soak: demo target (pid $TARGET_PID) at $URL, options: ${SOAK_TARGET_ARGS:-none}"

# --- sampling ----------------------------------------------------------------------------------------

# rss_kb PID / fd_count PID / thread_count PID: empty when the process is gone.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
thread_count() { awk '/^Threads:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
fd_count() {
  local entries
  entries=$(ls -U "/proc/$1/fd" 2>/dev/null) || return 0
  printf '%s\n' "$entries" | grep -c . || true
}
# fd_breakdown PID: "sockets other close_wait": socket fds, every other fd (files, pipes, eventfds,
# epoll), and the process's TCP sockets in CLOSE_WAIT (the peer closed, this side never did: the
# usual shape of a leaked connection). Empty when the process is gone.
fd_breakdown() {
  local links
  links=$(ls -l "/proc/$1/fd" 2>/dev/null) || return 0
  printf '%s\n' "$links" | awk -v tcp="/proc/$1/net/tcp /proc/$1/net/tcp6" '
    / -> socket:\[/ { s++; match($0, /socket:\[[0-9]+\]/); inode[substr($0, RSTART + 8, RLENGTH - 9)] = 1; next }
    / -> / { o++ }
    END {
      n = split(tcp, files, " ")
      for (i = 1; i <= n; i++)
        while ((getline line < files[i]) > 0) { split(line, f, " "); if (f[4] == "08" && (f[10] in inode)) cw++ }
      printf "%d %d %d\n", s, o, cw
    }'
}

CSV="$WORK/soak.csv"
echo "elapsed_s,preflight_rss_kb,preflight_fds,preflight_threads,target_rss_kb,target_fds,target_threads,preflight_socket_fds,preflight_other_fds,preflight_close_wait" >"$CSV"

# sample ELAPSED: appends one row; returns 1 when the preflight process is gone.
sample() {
  local elapsed=$1 prss pfds pthr trss tfds tthr breakdown psock pother pcw
  prss=$(rss_kb "$RUN_PID"); pthr=$(thread_count "$RUN_PID")
  breakdown=$(fd_breakdown "$RUN_PID")           # one listing: the total is sockets + other
  trss=$(rss_kb "$TARGET_PID"); tfds=$(fd_count "$TARGET_PID"); tthr=$(thread_count "$TARGET_PID")
  [ -n "$prss" ] && [ -n "$breakdown" ] || return 1
  read -r psock pother pcw <<<"$breakdown"
  pfds=$((psock + pother))
  [ "$pfds" -gt 0 ] || return 1
  kill -0 "$RUN_PID" 2>/dev/null || return 1     # a zombie has no fds or RSS worth recording
  echo "$elapsed,$prss,$pfds,$pthr,$trss,$tfds,$tthr,$psock,$pother,$pcw" >>"$CSV"
  printf '  %5ss  preflight %8s kB %4s fds (%s sockets, %s other, %s CLOSE_WAIT) %2s threads   demo target %8s kB %4s fds %2s threads\n' \
    "$elapsed" "$prss" "$pfds" "$psock" "$pother" "$pcw" "$pthr" "$trss" "$tfds" "$tthr"
}

# --- the run -------------------------------------------------------------------------------------------

echo "soak: $RATE requests/s ($ITERATION_RATE iterations/s x $REQUESTS_PER_ITERATION requests) for $SOAK_DURATION; a sample every ${SOAK_INTERVAL}s"
echo "soak: load average before starting: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PREFLIGHT" run "$PLAN" --profile soak --rate "$ITERATION_RATE/s" --duration "$SOAK_DURATION" \
  --out "$WORK/reports" -e "API_URL=$URL" >"$WORK/preflight.log" 2>&1 &
RUN_PID=$!
START_NS=$(date +%s%N)
DEADLINE_S=$((DURATION_S + 180))               # hard bound: the run must end by itself before this
next=0
while true; do
  now_ms=$((($(date +%s%N) - START_NS) / 1000000))
  if [ "$now_ms" -ge $((next * 1000)) ]; then
    sample "$next" || break
    next=$((next + SOAK_INTERVAL))
  fi
  kill -0 "$RUN_PID" 2>/dev/null || break
  if [ "$now_ms" -ge $((DEADLINE_S * 1000)) ]; then
    echo "soak: the run overran its duration by 3 minutes; interrupting it" >&2
    kill -INT "$RUN_PID" 2>/dev/null || true
    sleep 10
    kill -KILL "$RUN_PID" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
RUN_RC=0
wait "$RUN_PID" || RUN_RC=$?
RUN_PID=""
WALL_S=$(awk -v s="$START_NS" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')

# The demo target's final state, after the run.
TARGET_END="demo target after the run: $(rss_kb "$TARGET_PID") kB, $(fd_count "$TARGET_PID") fds, $(thread_count "$TARGET_PID") threads"

echo
echo "--- preflight output -------------------------------------------------------------------------"
cat "$WORK/preflight.log"
echo "-----------------------------------------------------------------------------------------------"
echo

# --- figures and judgement --------------------------------------------------------------------------------

echo "Samples ($CSV):"
column -s, -t "$CSV" 2>/dev/null || cat "$CSV"
echo

# summarise COLUMN LABEL: first, middle, last, min, max of one CSV column; plus the second-half
# baseline (first sample at or after half the duration), its last value and growth, max deviation.
summarise() {
  awk -F, -v col="$1" -v label="$2" -v half="$((DURATION_S / 2))" '
    NR == 1 { next }
    { n++; t[n] = $1; v[n] = $col + 0 }
    END {
      if (n == 0) { printf "%-22s no samples\n", label; exit }
      min = v[1]; max = v[1]
      for (i = 1; i <= n; i++) { if (v[i] < min) min = v[i]; if (v[i] > max) max = v[i] }
      mid = int((n + 1) / 2)
      printf "%-22s first %8d (%ss)  middle %8d (%ss)  last %8d (%ss)  min %8d  max %8d\n", label, v[1], t[1], v[mid], t[mid], v[n], t[n], min, max
    }' "$CSV"
}

# judge COLUMN_RSS COLUMN_FDS [COLUMN_OTHER_FDS COLUMN_CLOSE_WAIT]: prints
# "flat|not-flat|too-short <reason>". Over the second half of the run (samples at or after half
# the duration; "base" is its first sample):
#   RSS:  (last - base) / base < SOAK_RSS_GROWTH_PCT %.
#   fds:  every sample <= max(highest count of the first half, base) + SOAK_FD_TOLERANCE: bounded,
#         not creeping. The connection cache (up to 1024 kept-alive connections per event loop,
#         idle ones closed by libcurl after 118 s) follows the peak concurrency, so the raw count
#         moves with latency spikes without leaking; the strict "constant +/- tolerance" figure is
#         printed beside it.
#   with the optional columns: non-socket fds within +/- tolerance of base, and CLOSE_WAIT
#         sockets (leaked connections) never above the tolerance.
judge() {
  awk -F, -v rc="$1" -v fc="$2" -v oc="${3:-0}" -v cc="${4:-0}" -v half="$((DURATION_S / 2))" -v pct="$SOAK_RSS_GROWTH_PCT" -v tol="$SOAK_FD_TOLERANCE" '
    NR == 1 { next }
    $1 + 0 < half { if ($fc + 0 > firstmax) firstmax = $fc + 0; next }
    { n++; t[n] = $1; r[n] = $rc + 0; f[n] = $fc + 0; if (oc) o[n] = $oc + 0; if (cc) c[n] = $cc + 0 }
    END {
      if (n < 2) { print "too-short fewer than 2 samples in the second half of the run; cannot judge"; exit }
      growth = (r[n] - r[1]) / r[1] * 100
      bound = (firstmax > f[1] ? firstmax : f[1]) + tol
      dev = 0; at = t[1]; fmax = f[1]; fmin = f[1]; odev = 0; cmax = 0
      for (i = 1; i <= n; i++) {
        d = f[i] - f[1]; if (d < 0) d = -d; if (d > dev) { dev = d; at = t[i] }
        if (f[i] > fmax) fmax = f[i]; if (f[i] < fmin) fmin = f[i]
        if (oc) { d = o[i] - o[1]; if (d < 0) d = -d; if (d > odev) odev = d }
        if (cc && c[i] > cmax) cmax = c[i]
      }
      ok = growth < pct + 0 && fmax <= bound
      reason = sprintf("second half %ss..%ss (%d samples): RSS %d -> %d kB (%+.1f%%, limit +%s%%); fds %d -> %d, range %d..%d, bound %d (first-half max %d + %d): %s; strict +/-%d around %d: %s (max deviation %d at %ss)", \
        t[1], t[n], n, r[1], r[n], growth, pct, f[1], f[n], fmin, fmax, bound, firstmax, tol, (fmax <= bound ? "within" : "EXCEEDED"), tol, f[1], (dev <= tol ? "held" : "not held"), dev, at)
      if (oc) { reason = reason sprintf("; non-socket fds %d -> %d (max deviation %d)", o[1], o[n], odev); ok = ok && odev <= tol }
      if (cc) { reason = reason sprintf("; CLOSE_WAIT sockets max %d", cmax); ok = ok && cmax <= tol }
      print (ok ? "flat " : "not-flat ") reason
    }' "$CSV"
}

echo "preflight (pid gone now; sampled while running):"
summarise 2 "  RSS kB"
summarise 3 "  open fds"
summarise 4 "  threads"
summarise 8 "  socket fds"
summarise 9 "  other fds"
summarise 10 "  CLOSE_WAIT sockets"
echo "demo target:"
summarise 5 "  RSS kB"
summarise 6 "  open fds"
summarise 7 "  threads"
echo "  $TARGET_END"
echo

REPORT=$(find "$WORK/reports" -name '*.json' | head -n 1)
if [ -n "$REPORT" ]; then
  jq -r --argjson k "$REQUESTS_PER_ITERATION" '.load as $l | [
      "run: verdict \(.verdict.status) (exit \(.verdict.exitCode))" + (if (.verdict.reasons | length) > 0 then ": " + (.verdict.reasons | join("; ")) else "" end),
      "  requests \($l.overall.requests), failures \($l.overall.failures), achieved \($l.overall.requestRate * 10 | round / 10) requests/s over \($l.elapsedSeconds * 10 | round / 10) s (target \($l.schedule.targetRate * $k) requests/s)",
      "  iterations: target \($l.schedule.targetRate)/s, achieved start rate \($l.schedule.achievedStartRate * 100 | round / 100)/s, intended \($l.schedule.intendedIterations), started \($l.schedule.startedIterations), dropped \($l.schedule.droppedIterations)",
      "  scheduler lag p99 \($l.schedule.lag.p99Ms) ms, max \($l.schedule.lag.maxMs) ms; latency p50 \($l.overall.correctedLatency.p50Ms) / p95 \($l.overall.correctedLatency.p95Ms) / p99 \($l.overall.correctedLatency.p99Ms) ms",
      "  generator CPU \($l.generator.cpuSeconds * 10 | round / 10) s, peak RSS \($l.generator.peakResidentBytes / 1048576 | round) MiB (by the report)",
      "  results: \($l.overall.results | to_entries | map("\(.key) \(.value)") | join(", "))"
    ] | .[]' "$REPORT"
  echo "  reports: $(find "$WORK/reports" -type f | sort | tr '\n' ' ')"
else
  echo "run: no JSON report was written (exit $RUN_RC)"
fi
echo "  wall time of the run as seen by this script: ${WALL_S} s; preflight exit code $RUN_RC"
echo

VERDICT=$(judge 2 3 9 10)
TARGET_VERDICT=$(judge 5 6)
echo "demo target: ${TARGET_VERDICT%% *} (${TARGET_VERDICT#* }) [reported only]"
echo "preflight:   ${VERDICT%% *} (${VERDICT#* })"

STATUS=0
case "$VERDICT" in
  flat\ *) ;;
  *) STATUS=4 ;;
esac
if [ "$STATUS" -eq 0 ] && [ "$RUN_RC" -ne 0 ]; then STATUS=$RUN_RC; fi
if [ "$STATUS" -eq 0 ]; then
  echo "SOAK PASSED: preflight's memory and file descriptors stayed flat and the run exited 0"
else
  echo "SOAK FAILED (exit $STATUS): memory/fds ${VERDICT%% *}, run exit code $RUN_RC"
fi
echo "work directory (CSV, logs, reports): $WORK"
exit "$STATUS"
