#!/usr/bin/env bash
# Fuzzing of Preflight's two text parsers with libFuzzer (+ AddressSanitizer):
#   plan       PlanLoader.load(text:file:)   YAML plan text -> validated Plan or PlanValidationError
#   threshold  ThresholdParser.parse(_:)     threshold expression -> Threshold or errors
# The harnesses are the separate SwiftPM package in fuzz/ (it depends on this one by path).
#
#   scripts/fuzz.sh                    # both fuzzers, 600 s each, one after the other
#   scripts/fuzz.sh plan 600           # only the plan loader, for 600 s
#   scripts/fuzz.sh threshold 60       # only the threshold parser, for a minute
#   scripts/fuzz.sh repro plan FILE    # run one input through a fuzzer and show its stack trace
#
# What it does:
#   1. builds fuzz/ in release with `--sanitize=fuzzer --sanitize=address` into .build-fuzz/
#      (git-ignored), so PreflightPlan, PreflightMetrics and Yams are coverage-instrumented too;
#   2. runs each fuzzer under `nice -n 19` for the given time, with the dictionary fuzz/<name>.dict,
#      from the committed seeds fuzz/seeds/<name>/ (for plans also the bad-plan corpus
#      Tests/preflightTests/BadPlans/, copied at run time) and the working corpus
#      .build-fuzz/fuzzing/corpus/<name>/, which grows from run to run;
#   3. counts as findings a crash or trap, a hang (-timeout=10: one input running 10 s) and a
#      memory blow-up (-rss_limit_mb=2048), written to .build-fuzz/fuzzing/artifacts/<name>/.
#      It fuzzes in fork mode and carries on after a finding (-fork=1 -ignore_crashes=1
#      -ignore_timeouts=1 -ignore_ooms=1), so one known bug cannot end the run early;
#   4. prints the executions, exec/s, coverage and this run's findings (full log in
#      .build-fuzz/fuzzing/logs/).
# To keep a finding: `scripts/fuzz.sh repro plan FILE` shows its stack trace; minimize it with
# `.build-fuzz/release/PlanLoaderFuzzer -minimize_crash=1 -runs=10000 FILE` (for a hang add
# -timeout=10) and copy it to fuzz/findings/ with a short name.
#
# Environment: SWIFT (default swift), FUZZ_SCRATCH (default .build-fuzz), FUZZ_NICE (default 19),
# FUZZ_SKIP_BUILD=1 (reuse the fuzzers already built, e.g. to reproduce with the binary that found it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${FUZZ_SCRATCH:-$ROOT/.build-fuzz}
WORK=$SCRATCH/fuzzing  # corpora, findings, logs (SwiftPM's own files are beside it)
SWIFT=${SWIFT:-swift}
NICE=(nice -n "${FUZZ_NICE:-19}")
BUILD=("$SWIFT" build -c release --package-path "$ROOT/fuzz" --scratch-path "$SCRATCH"
       --sanitize=fuzzer --sanitize=address)

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

binary() {  # fuzzer name -> executable name
    case $1 in
        plan) echo PlanLoaderFuzzer ;;
        threshold) echo ThresholdParserFuzzer ;;
        *) usage ;;
    esac
}

build() {
    if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
        echo "== building fuzzers (${BUILD[*]})"
        "${NICE[@]}" "${BUILD[@]}"
    fi
    BIN=$("${BUILD[@]}" --show-bin-path)
}

# Leaks are not findings: the Swift runtime's metadata caches look like leaks to LeakSanitizer.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

run() {  # run NAME SECONDS
    local name=$1 seconds=$2 exe corpus artifacts log seeds max_len
    exe=$BIN/$(binary "$name")
    corpus=$WORK/corpus/$name
    artifacts=$WORK/artifacts/$name
    log=$WORK/logs/$name-$(date +%Y%m%d-%H%M%S).log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    seeds=("$ROOT/fuzz/seeds/$name")
    case $name in
        plan)
            max_len=16384
            # The bad-plan corpus is read in place (libFuzzer only adds to the first directory):
            # only its plan files, copied at run time so expected-output files are not seeds.
            if [ -d "$ROOT/Tests/preflightTests/BadPlans" ]; then
                rm -rf "$WORK/seeds-badplans" && mkdir -p "$WORK/seeds-badplans"
                find "$ROOT/Tests/preflightTests/BadPlans" -type f \
                    \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0 |
                    while IFS= read -r -d '' f; do
                        cp "$f" "$WORK/seeds-badplans/$(echo "${f#"$ROOT"/}" | tr / _)"
                    done
                seeds+=("$WORK/seeds-badplans")
            fi
            ;;
        threshold) max_len=512 ;;
    esac
    local marker=$WORK/logs/.start-$name
    touch "$marker"
    echo "== fuzzing $name for ${seconds}s: $exe (log: $log)"
    set +e
    "${NICE[@]}" "$exe" "$corpus" "${seeds[@]}" \
        -dict="$ROOT/fuzz/$name.dict" \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
    local status=$?
    set -e
    # Fork mode's progress lines: "#EXECS: cov: C ft: F corp: N exec/s: R oom/timeout/crash: O/T/C time: Ss ..."
    local last
    last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true)
    echo "-- $name: exit status $status"
    if [ -n "$last" ]; then
        echo "$last" | awk '{
            for (i = 1; i <= NF; i++) v[$i] = $(i + 1)
            execs = substr($1, 2, length($1) - 2); t = v["time:"] + 0
            printf "   executions %s in %ss: %.0f exec/s on average (last job %s/s)\n", execs, t, (t > 0 ? execs / t : 0), v["exec/s:"]
            printf "   coverage %s  features %s  corpus %s inputs\n", v["cov:"], v["ft:"], v["corp:"]
            printf "   ooms/timeouts/crashes %s\n", v["oom/timeout/crash:"]
        }'
    else
        echo "   (no progress line; see the log)"; tail -n 20 "$log"
    fi
    local found
    found=$(find "$artifacts" -type f -newer "$marker" -printf '   %f (%s bytes)\n' | sort)
    if [ -n "$found" ]; then
        echo "   findings of this run, in $artifacts/ (replay: scripts/fuzz.sh repro $name FILE):"
        echo "$found" | head -n 50
    else
        echo "   findings of this run: none"
    fi
}

case ${1:-both} in
    repro)
        [ $# -eq 3 ] || usage
        build
        "$BIN/$(binary "$2")" -timeout=10 -rss_limit_mb=2048 "$3"
        ;;
    plan | threshold)
        build
        run "$1" "${2:-600}"
        ;;
    both)
        build
        run plan "${2:-600}"
        run threshold "${2:-600}"
        ;;
    *) usage ;;
esac
