#!/usr/bin/env bash
# The strict latency-accuracy figure: in a release build, on a machine that is otherwise quiet,
# Preflight's p50/p95/p99 must be within max(1 ms, 3%) of the demo target's own time for each
# request, stamped at its connection (100 requests/s for 4 s, server time uniform in 20-60 ms).
# `make test` checks only what holds on any machine (client time never below server time, a
# generous budget above it); this script checks the tight bound. Usage: scripts/accuracy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# Some test files use @testable imports, which a release build allows only with -enable-testing.
PREFLIGHT_STRICT_ACCURACY=1 swift test -c release --scratch-path .build-release -Xswiftc -enable-testing \
  --filter 'LoadRunnerIntegrationTests/testPercentilesMatchTheServerSideTruthStrictly' 2>&1 \
  | grep -E "accuracy p|error:|Executed [0-9]+ test" | sort -u
