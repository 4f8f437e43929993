#!/usr/bin/env bash
# Generator benchmark: how much throughput and CPU Preflight's load engine gets out of one core,
# compared with wrk in the same run against the same local nginx.
#
#   benchmarks/run.sh            # 3 rounds (about 2 minutes after the release build)
#   RUNS=5 benchmarks/run.sh     # more rounds, steadier medians
#   CALLGRIND=1 benchmarks/run.sh    # also part 3: instructions per request under callgrind
#   CALLGRIND=only benchmarks/run.sh # only part 3 (about 2 minutes; repeatable on a busy machine)
#
# Part 1 (closed model, 50 connections, 10 s): wrk -t1 -c50 -d10s and Preflight's `closed` profile
# (50 virtual users, no think time) alternate RUNS times; each is measured with /usr/bin/time -v
# for CPU seconds (user + sys) and peak RSS; medians and the Preflight/wrk ratios are printed.
# Part 2 (open model, 200 requests/s for 10 s): h2load, the rate-capable peer, paced
# (`h2load --h1 -t1 -c1 --rps 200 -D 10`) and in bursts (`-c50 --rps 4`, as in the peer baseline),
# and Preflight's `open` profile alternate RUNS times; CPU seconds of each and Preflight's ratios.
# Part 3 (CALLGRIND=1 or CALLGRIND=only): wrk and Preflight's closed profile under
# `valgrind --tool=callgrind`, each for a short and a long run; instructions per request are the
# difference of the two runs' instruction counts over the difference of their requests (startup and
# exit cancel out), printed with the Preflight/wrk ratio. Callgrind counts instructions, so this
# figure does not move with other work on the machine the way CPU seconds do.
#
# nginx runs pinned to CPU 0, the generator to CPU 1 (when taskset and two CPUs are there).
# All traffic goes to 127.0.0.1; every run is bounded by `timeout`; nginx is stopped on exit.
# This is not a test: `make test` never runs it. Needs root (or sudo) only to install packages.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PLAN="$ROOT/benchmarks/bench.yaml"
RUNS=${RUNS:-3}
CALLGRIND=${CALLGRIND:-}        # empty: parts 1 and 2; 1: parts 1, 2 and 3; only: part 3
CALLGRIND_SHORT=3           # seconds of the short and the long run under callgrind (part 3)
CALLGRIND_LONG=12
CALLGRIND_TIMEOUT=180       # hard bound on any one command under callgrind (startup is slow there)
SECONDS_PER_RUN=10          # the length of every measured run, wrk's and Preflight's (see bench.yaml)
RUN_TIMEOUT=60              # hard bound on any one measured command

if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
  echo "RUNS must be a whole number of at least 1, not '$RUNS'" >&2
  exit 2
fi
if ! [[ "$CALLGRIND" =~ ^(|0|1|only)$ ]]; then
  echo "CALLGRIND must be empty, 0, 1 or only, not '$CALLGRIND'" >&2
  exit 2
fi
[ "$CALLGRIND" = 0 ] && CALLGRIND=""

# --- tools -------------------------------------------------------------------------------------

# Debian packages providing what the benchmark runs; installed only when missing.
install_missing() {
  local missing=()
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v wrk >/dev/null || missing+=(wrk)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  [ -z "$CALLGRIND" ] || command -v valgrind >/dev/null || missing+=(valgrind)
  command -v jq >/dev/null || missing+=(jq)
  command -v timeout >/dev/null || missing+=(coreutils)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}
install_missing
"$ROOT/scripts/install-deps.sh"   # libcurl headers for the build

# The release binary as the container image ships it (deploy/kubernetes/Dockerfile): the Swift
# runtime and Foundation linked in (--static-swift-stdlib), linked by lld with packed relative
# relocations (DT_RELR, glibc 2.36+), and without -export-dynamic, which --static-swift-stdlib
# otherwise adds (it exported ~35,000 symbols the dynamic loader then searched). About 10 MiB less
# peak RSS than the default dynamic build; see README.md, "Memory".
RELEASE_BUILD_FLAGS=(--static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs)
echo "building Preflight (release, ${RELEASE_BUILD_FLAGS[*]})..."
BUILD_LOG=$(mktemp "${TMPDIR:-/tmp}/preflight-bench-build.XXXXXX")
if ! (cd "$ROOT" && swift build -c release --product preflight "${RELEASE_BUILD_FLAGS[@]}" >"$BUILD_LOG" 2>&1); then
  echo "release build failed; its last lines:" >&2
  tail -n 40 "$BUILD_LOG" >&2
  rm -f "$BUILD_LOG"
  exit 1
fi
tail -n 1 "$BUILD_LOG"
rm -f "$BUILD_LOG"
PREFLIGHT="$ROOT/.build/release/preflight"
# The linker has just written the binary, so its pages sit in the page cache in the large pieces
# the write made, and every run would map whole pieces of code it never runs: about 4 MiB more
# peak RSS than the same binary shows once loaded the way an installed one is, page fault by page
# fault (benchmarks/README.md, "Measuring RSS"). Dropping it from the cache once makes the runs
# below measure the latter, as wrk's and h2load's long-installed binaries are measured.
dd if="$(readlink -f "$PREFLIGHT")" iflag=nocache count=0 status=none

# Pin the server and the generator to different cores when possible, as in the peer baseline.
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  SERVER_CPU=(taskset -c 0)
  GENERATOR_CPU=(taskset -c 1)
  PINNING="nginx on CPU 0, generator on CPU 1"
else
  SERVER_CPU=()
  GENERATOR_CPU=()
  PINNING="not pinned (needs taskset and 2 CPUs)"
fi

# --- nginx on a free loopback port ---------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/preflight-bench.XXXXXX")
NGINX_PID=""
cleanup() {
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true   # the master stops its worker too
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Writes a minimal config: one worker, `200 ok` at /health, keep-alive effectively unlimited,
# no access log, every path nginx writes inside $WORK.
write_nginx_config() {
  local port=$1
  cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000000;
  keepalive_timeout 60s;
  client_body_temp_path $WORK/body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  server {
    listen 127.0.0.1:$port;
    location = /health { default_type text/plain; return 200 "ok"; }
  }
}
EOF
}

# True once something accepts connections on the port.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Picks random high ports until nginx starts on one (a taken port makes nginx exit at once).
start_nginx() {
  local port
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_open "$port" && continue
    write_nginx_config "$port"
    "${SERVER_CPU[@]}" /usr/sbin/nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
    NGINX_PID=$!
    for _ in $(seq 1 50); do                     # up to 5 s to come up
      kill -0 "$NGINX_PID" 2>/dev/null || break
      if port_open "$port"; then PORT=$port; return 0; fi
      sleep 0.1
    done
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
  done
  echo "could not start nginx; its log:" >&2
  cat "$WORK/nginx-error.log" >&2 || true
  return 1
}
start_nginx
URL="http://127.0.0.1:$PORT/health"
echo "nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*nginx\///') at $URL; $PINNING; $RUNS round(s)"
echo "load average before starting: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"

# --- measuring -----------------------------------------------------------------------------------

# measure NAME COMMAND...: runs COMMAND under /usr/bin/time -v (bounded by timeout) and sets
# CPU (user + sys seconds), RSS_KB, WALL (seconds) and RC; its output goes to $WORK/NAME.out.
measure() {
  local name=$1
  shift
  RC=0
  /usr/bin/time -v -o "$WORK/$name.time" timeout "$RUN_TIMEOUT" "$@" >"$WORK/$name.out" 2>&1 || RC=$?
  CPU=$(awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 } END { printf "%.3f", u + s }' "$WORK/$name.time")
  RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/$name.time")
  # Elapsed is h:mm:ss or m:ss.ss
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); t = 0; for (i = 1; i <= n; i++) t = t * 60 + p[i]; printf "%.3f", t }' "$WORK/$name.time")
}

# run_wrk ROUND: appends a row for wrk to $WORK/rows (columns: see median below).
run_wrk() {
  local name="wrk-$1"
  measure "$name" "${GENERATOR_CPU[@]}" wrk -t1 -c50 -d"${SECONDS_PER_RUN}s" "$URL"
  if [ "$RC" -ne 0 ]; then
    echo "wrk failed (exit $RC):" >&2
    cat "$WORK/$name.out" >&2
    exit 1
  fi
  local rate requests
  rate=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/$name.out")
  requests=$(awk '/requests in/ { print $1 }' "$WORK/$name.out")
  if grep -q 'Non-2xx\|Socket errors' "$WORK/$name.out"; then
    echo "  warning: wrk saw errors: $(grep 'Non-2xx\|Socket errors' "$WORK/$name.out" | tr -s ' ')"
  fi
  echo "wrk $1 $rate $requests $CPU $RSS_KB $WALL n/a" >>"$WORK/rows"
  printf '  round %s  %-9s %10.0f req/s  %9s requests  %6s CPU-s  %6.1f MiB\n' "$1" wrk "$rate" "$requests" "$CPU" "$(awk -v k="$RSS_KB" 'BEGIN { print k / 1024 }')"
}

# run_preflight PROFILE ROUND: runs one profile of bench.yaml; appends a row for
# preflight-PROFILE to $WORK/rows.
run_preflight() {
  local profile=$1 round=$2
  local name="preflight-$profile-$round"
  mkdir -p "$WORK/$name"
  measure "$name" "${GENERATOR_CPU[@]}" "$PREFLIGHT" run "$PLAN" --profile "$profile" --quiet \
    --out "$WORK/$name" -e "BENCH_URL=http://127.0.0.1:$PORT"
  local report
  report=$(find "$WORK/$name" -name '*.json' | head -n 1)
  if [ -z "$report" ]; then
    echo "Preflight wrote no report (exit $RC):" >&2
    cat "$WORK/$name.out" >&2
    exit 1
  fi
  [ "$RC" -eq 0 ] || echo "  warning: Preflight exited $RC ($(grep -m1 -E 'PASSED|FAILED|INVALID' "$WORK/$name.out" || echo 'see its output'))"
  local rate requests generator_cpu
  rate=$(jq -r '.load.overall.requestRate' "$report")
  requests=$(jq -r '.load.overall.requests' "$report")
  generator_cpu=$(jq -r '.load.generator.cpuSeconds // "n/a"' "$report")
  echo "preflight-$profile $round $rate $requests $CPU $RSS_KB $WALL $generator_cpu" >>"$WORK/rows"
  printf '  round %s  %-9s %10.0f req/s  %9s requests  %6s CPU-s  %6.1f MiB\n' "$round" "preflight" "$rate" "$requests" "$CPU" "$(awk -v k="$RSS_KB" 'BEGIN { print k / 1024 }')"
}

# run_h2load MODE ROUND: h2load's rate mode at 200 requests/s; appends a row for h2load-MODE to
# $WORK/rows. MODE "paced": one connection at 200 requests/s, the finest pacing h2load offers (its
# rate timer sends about two requests every 10 ms). MODE "burst": 50 connections of 4 requests/s
# each, as in the peer baseline; their timers fire together, so 50 requests leave at once every
# 250 ms, which needs 40x fewer wake-ups than an evenly spaced stream.
run_h2load() {
  local mode=$1 round=$2
  local name="h2load-$mode-$round" shape
  case "$mode" in
    paced) shape=(-c1 --rps 200) ;;
    burst) shape=(-c50 --rps 4) ;;
  esac
  measure "$name" "${GENERATOR_CPU[@]}" h2load --h1 -t1 "${shape[@]}" -D "$SECONDS_PER_RUN" "$URL"
  if [ "$RC" -ne 0 ]; then
    echo "h2load failed (exit $RC):" >&2
    cat "$WORK/$name.out" >&2
    exit 1
  fi
  local requests failed rate
  requests=$(awk '/^requests:/ { print $8 }' "$WORK/$name.out")     # "N succeeded"
  failed=$(awk '/^requests:/ { print $10 + $12 + $14 }' "$WORK/$name.out")
  rate=$(awk -v n="$requests" -v w="$SECONDS_PER_RUN" 'BEGIN { printf "%.1f", n / w }')
  [ "$failed" = 0 ] || echo "  warning: h2load saw $failed failed, errored or timed-out requests"
  echo "h2load-$mode $round $rate $requests $CPU $RSS_KB $WALL n/a" >>"$WORK/rows"
  printf '  round %s  %-12s %10.1f req/s  %9s requests  %6s CPU-s  %6.1f MiB\n' "$round" "h2load-$mode" "$rate" "$requests" "$CPU" "$(awk -v k="$RSS_KB" 'BEGIN { print k / 1024 }')"
}

# Rows of $WORK/rows: tool round req/s requests cpu-s rss-kB wall-s report-cpu-s
# (report-cpu-s is Preflight's own load.generator.cpuSeconds, n/a for wrk).

# The median of the numbers on standard input, one per line.
median_of_lines() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# median TOOL WHAT: the median over one tool's rounds of "rate" (req/s), "cpu" (CPU seconds),
# "wall" (seconds), "reportcpu", "cpu10k" (CPU seconds per 10,000 requests), "mib" (peak RSS in
# MiB) or "core" (CPU seconds / wall seconds, in percent).
median() {
  local tool=$1 what=$2
  awk -v tool="$tool" -v what="$what" '
    $1 == tool {
      if (what == "rate") v = $3
      else if (what == "cpu") v = $5
      else if (what == "wall") v = $7
      else if (what == "reportcpu") v = $8
      else if (what == "cpu10k") v = $5 / $4 * 10000
      else if (what == "mib") v = $6 / 1024
      else if (what == "core") v = $5 / $7 * 100
      print v
    }' "$WORK/rows" | median_of_lines
}

# paired_ratios: for each round, Preflight/wrk throughput and CPU-per-request ratios of that
# round ("round throughput cpu" per line). wrk and Preflight of one round ran back to back, so
# these ratios see the same machine conditions, which medians of separate tools may not.
paired_ratios() {
  awk '
    $1 == "wrk" { rate[$2] = $3; cpu[$2] = $5 / $4 }
    $1 == "preflight-closed" { prate[$2] = $3; pcpu[$2] = $5 / $4 }
    END { for (r in prate) if (r in rate) printf "%s %.2f %.2f\n", r, prate[r] / rate[r], pcpu[r] / cpu[r] }
  ' "$WORK/rows" | sort -n
}

# --- warm-up: checks the plan, the target and the binaries, and warms caches ----------------------

"$PREFLIGHT" run "$PLAN" --profile smoke --quiet --out "$WORK/warmup" -e "BENCH_URL=http://127.0.0.1:$PORT" >"$WORK/warmup.out" 2>&1 || {
  echo "Preflight's smoke run against nginx failed:" >&2
  cat "$WORK/warmup.out" >&2
  exit 1
}
timeout 10 wrk -t1 -c50 -d1s "$URL" >/dev/null

if [ "$CALLGRIND" != only ]; then

# --- part 1: closed model, wrk and Preflight alternating ------------------------------------------

: >"$WORK/rows"
echo
echo "Part 1: 50 connections / virtual users, no think time, ${SECONDS_PER_RUN} s each"
for round in $(seq 1 "$RUNS"); do
  run_wrk "$round"
  run_preflight closed "$round"
done

WRK_RATE=$(median wrk rate)
WRK_CPU=$(median wrk cpu10k)
WRK_MIB=$(median wrk mib)
PF_RATE=$(median preflight-closed rate)
PF_CPU=$(median preflight-closed cpu10k)
PF_MIB=$(median preflight-closed mib)

echo
echo "Medians of $RUNS round(s):"
printf '| %-9s | %10s | %22s | %14s |\n' tool "req/s" "CPU-s per 10k requests" "peak RSS MiB"
printf '|%s|%s|%s|%s|\n' "-----------" "------------" "------------------------" "----------------"
printf '| %-9s | %10.0f | %22.3f | %14.1f |\n' wrk "$WRK_RATE" "$WRK_CPU" "$WRK_MIB"
printf '| %-9s | %10.0f | %22.3f | %14.1f |\n' preflight "$PF_RATE" "$PF_CPU" "$PF_MIB"
THROUGHPUT_RATIO=$(awk -v a="$PF_RATE" -v b="$WRK_RATE" 'BEGIN { printf "%.2f", a / b }')
CPU_RATIO=$(awk -v a="$PF_CPU" -v b="$WRK_CPU" 'BEGIN { printf "%.2f", a / b }')
PAIRED_THROUGHPUT=$(paired_ratios | awk '{ print $2 }' | median_of_lines)
PAIRED_CPU=$(paired_ratios | awk '{ print $3 }' | median_of_lines)
echo
paired_ratios | while read -r round throughput cpu; do
  echo "  round $round: Preflight/wrk throughput $throughput, CPU per request $cpu"
done
echo
echo "Preflight/wrk throughput ratio:      $THROUGHPUT_RATIO of the medians, $PAIRED_THROUGHPUT median of rounds  (aim: >= 0.5)"
echo "Preflight/wrk CPU-per-request ratio: $CPU_RATIO of the medians, $PAIRED_CPU median of rounds  (aim: <= 2)"

# --- part 2: open model at 200 requests/s, h2load and Preflight alternating -------------------------

# paired_ratio PEER: the median over rounds of Preflight's open-profile CPU over PEER's.
paired_ratio() {
  awk -v peer="$1" '
    $1 == peer { cpu[$2] = $5 }
    $1 == "preflight-open" { pcpu[$2] = $5 }
    END { for (r in pcpu) if ((r in cpu) && cpu[r] > 0) printf "%.2f\n", pcpu[r] / cpu[r] }
  ' "$WORK/rows" | median_of_lines
}

echo
echo "Part 2: open model, 200 requests/s for ${SECONDS_PER_RUN} s (h2load paced: -c1 --rps 200; h2load burst: -c50 --rps 4; Preflight's open profile, one arrival every 5 ms)"
for round in $(seq 1 "$RUNS"); do
  run_h2load paced "$round"
  run_h2load burst "$round"
  run_preflight open "$round"
done
OPEN_RATE=$(median preflight-open rate)
OPEN_CPU=$(median preflight-open cpu)
OPEN_WALL=$(median preflight-open wall)
OPEN_CORE=$(median preflight-open core)
OPEN_MIB=$(median preflight-open mib)
OPEN_GENERATOR_CPU=$(median preflight-open reportcpu)
echo
echo "Medians of $RUNS round(s):"
printf '| %-12s | %10s | %8s | %14s |\n' tool "req/s" "CPU-s" "peak RSS MiB"
printf '|%s|%s|%s|%s|\n' "--------------" "------------" "----------" "----------------"
for peer in h2load-paced h2load-burst; do
  printf '| %-12s | %10.1f | %8.3f | %14.1f |\n' "$peer" "$(median "$peer" rate)" "$(median "$peer" cpu)" "$(median "$peer" mib)"
done
printf '| %-12s | %10.1f | %8.3f | %14.1f |\n' preflight "$OPEN_RATE" "$OPEN_CPU" "$OPEN_MIB"
echo
printf 'Preflight: %.3f CPU-s (whole process; %s s by the report) over %.2f s wall = %.1f%% of one core\n' \
  "$OPEN_CPU" "$OPEN_GENERATOR_CPU" "$OPEN_WALL" "$OPEN_CORE"
echo "Preflight/h2load CPU ratio at 200 req/s, median of rounds: $(paired_ratio h2load-paced) against h2load paced (aim: <= 3), $(paired_ratio h2load-burst) against h2load burst"

fi

# --- part 3 (CALLGRIND): instructions per request under callgrind ----------------------------------

# callgrind_run NAME SECONDS: runs wrk or Preflight's closed profile (NAME wrk-* or preflight-*) for
# SECONDS under callgrind; sets IR (instructions executed, every thread and process) and REQUESTS.
callgrind_run() {
  local name=$1 seconds=$2
  local vg=(valgrind --tool=callgrind --callgrind-out-file="$WORK/$name.cg.%p")
  rm -f "$WORK/$name".cg.*
  RC=0
  case "$name" in
    wrk-*)
      timeout "$CALLGRIND_TIMEOUT" "${GENERATOR_CPU[@]}" "${vg[@]}" wrk -t1 -c50 -d"${seconds}s" "$URL" >"$WORK/$name.out" 2>&1 || RC=$?
      REQUESTS=$(awk '/requests in/ { print $1 }' "$WORK/$name.out")
      ;;
    preflight-*)
      mkdir -p "$WORK/$name"
      LD_PRELOAD="$WORK/sigsuspend-shim.so" \
        timeout "$CALLGRIND_TIMEOUT" "${GENERATOR_CPU[@]}" "${vg[@]}" "$WORK/preflight-nodebug" run "$PLAN" --profile closed --duration "${seconds}s" \
        --quiet --out "$WORK/$name" -e "BENCH_URL=http://127.0.0.1:$PORT" >"$WORK/$name.out" 2>&1 || RC=$?
      local report
      report=$(find "$WORK/$name" -name '*.json' | head -n 1)
      REQUESTS=$([ -n "$report" ] && jq -r '.load.overall.requests' "$report" || echo "")
      ;;
  esac
  IR=$(cat "$WORK/$name".cg.* 2>/dev/null | awk '/^summary:/ { s += $2 } END { printf "%.0f", s }')
  if [ -z "$REQUESTS" ] || [ "${IR:-0}" = 0 ]; then
    echo "$name under callgrind measured nothing (exit $RC):" >&2
    tail -n 20 "$WORK/$name.out" >&2
    exit 1
  fi
  [ "$RC" -eq 0 ] || echo "  warning: $name exited $RC under callgrind"
  printf '  %-16s %3s s  %9s requests  %15s instructions  %9.0f per request (whole run)\n' \
    "$name" "$seconds" "$REQUESTS" "$IR" "$(awk -v i="$IR" -v n="$REQUESTS" 'BEGIN { print i / n }')"
  [ -z "${CALLGRIND_KEEP:-}" ] || { mkdir -p "$CALLGRIND_KEEP"; cp "$WORK/$name".cg.* "$CALLGRIND_KEEP/"; }
}

# callgrind_pair TOOL: the short and the long run of TOOL (wrk or preflight); sets PER_REQUEST to the
# marginal instructions per request, (IR long - IR short) / (requests long - requests short).
callgrind_pair() {
  local tool=$1 ir_short req_short
  callgrind_run "$tool-short" "$CALLGRIND_SHORT"
  ir_short=$IR
  req_short=$REQUESTS
  callgrind_run "$tool-long" "$CALLGRIND_LONG"
  PER_REQUEST=$(awk -v a="$IR" -v b="$ir_short" -v n="$REQUESTS" -v m="$req_short" 'BEGIN { if (n > m) printf "%.0f", (a - b) / (n - m); else print "n/a" }')
  WHOLE_RUN=$(awk -v i="$IR" -v n="$REQUESTS" 'BEGIN { printf "%.0f", i / n }')
}

# Valgrind 3.19 (Debian 12) cannot read the DWARF 5 debug info of a Swift 6 release binary, and
# crashes on libdispatch's read-only rt_sigsuspend mask (it writes into the mask): callgrind runs a
# copy without debug info (symbols kept, so profiles still name functions) with a tiny preload
# that hands sigsuspend a writable copy of the mask. Neither changes what Preflight executes.
prepare_callgrind() {
  strip --strip-debug -o "$WORK/preflight-nodebug" "$PREFLIGHT"
  local cc
  cc=$(command -v cc || command -v gcc || command -v clang) || { echo "CALLGRIND needs a C compiler for the sigsuspend shim" >&2; exit 1; }
  "$cc" -shared -fPIC -O2 -o "$WORK/sigsuspend-shim.so" "$ROOT/benchmarks/valgrind-sigsuspend-shim.c"
}

if [ -n "$CALLGRIND" ]; then
  prepare_callgrind
  echo
  echo "Part 3: instructions per request under callgrind (closed model, 50 connections, ${CALLGRIND_SHORT} s and ${CALLGRIND_LONG} s runs)"
  callgrind_pair wrk
  CG_WRK=$PER_REQUEST
  CG_WRK_WHOLE=$WHOLE_RUN
  callgrind_pair preflight
  CG_PF=$PER_REQUEST
  CG_PF_WHOLE=$WHOLE_RUN
  echo
  printf '| %-9s | %28s | %30s |\n' tool "instructions per request" "whole ${CALLGRIND_LONG} s run / requests"
  printf '|%s|%s|%s|\n' "-----------" "------------------------------" "--------------------------------"
  printf '| %-9s | %28s | %30s |\n' wrk "$CG_WRK" "$CG_WRK_WHOLE"
  printf '| %-9s | %28s | %30s |\n' preflight "$CG_PF" "$CG_PF_WHOLE"
  echo
  echo "Preflight/wrk instructions per request: $(awk -v a="$CG_PF" -v b="$CG_WRK" 'BEGIN { printf "%.2f", a / b }') (marginal), $(awk -v a="$CG_PF_WHOLE" -v b="$CG_WRK_WHOLE" 'BEGIN { printf "%.2f", a / b }') (whole long run)"
fi
echo
echo "Machine: $(nproc) CPU(s), $(uname -r), load average now $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Other work on the machine moves these figures a lot: compare ratios from one run, not across runs."
