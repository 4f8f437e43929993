#!/usr/bin/env bash
# A real Prometheus (Debian's package) scraping a Preflight load run on loopback, then queried for
# a request rate and a latency quantile: what docs/monitoring.md shows. Not part of `make test`
# (it installs a server and takes about a minute). Everything listens on 127.0.0.1 and stops by itself.
#
#   scripts/prometheus.sh            # 40 s at 100 iterations/s against the bundled demo target
set -euo pipefail
cd "$(dirname "$0")/.."

command -v prometheus >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get install -y -qq prometheus >/dev/null; }
# PREFLIGHT=path/to/preflight uses a binary already built.
preflight=${PREFLIGHT:-}
if [[ -z "$preflight" ]]; then swift build -c release --product preflight >/dev/null; preflight=.build/release/preflight; fi
work=$(mktemp -d)
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
pids=()
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
target_port=$(free_port); metrics_port=$(free_port); prometheus_port=$(free_port)

"$preflight" demo-target --port "$target_port" --latency lognormal:20ms,0.5 --error-rate 0.002 >"$work/target.log" 2>&1 &
pids+=($!)

cat >"$work/prometheus.yml" <<YAML
global: { scrape_interval: 2s, evaluation_interval: 2s }
scrape_configs:
  - job_name: preflight
    static_configs: [{ targets: ["127.0.0.1:$metrics_port"] }]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)

"$preflight" run plans/go-live.yaml --profile load --rate 100/s --duration 40s \
  -e API_URL="http://127.0.0.1:$target_port" --metrics-listen "127.0.0.1:$metrics_port" --metrics-linger 5s \
  --out "$work/reports" --quiet >"$work/run.log" 2>&1 || true

query() {
  curl -sG "http://127.0.0.1:$prometheus_port/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
for series in result:
    print("  %s = %.4g" % (series["metric"], float(series["value"][1])))
if not result:
    print("  (no data)")
'
}
echo "requests per second over the last 30 s of the run, by result:"
query 'sum by (category) (rate(preflight_requests_total[30s]))'
echo "p95 latency (from the intended send) over the last 30 s, seconds:"
query 'histogram_quantile(0.95, sum by (le) (rate(preflight_request_duration_seconds_bucket[30s])))'
echo "thresholds at the end (1 holds, 0 fails):"
query 'preflight_threshold_passing'
echo "the run's own report says:"
grep -E '^requests:|latency p50' "$work/run.log" || tail -5 "$work/run.log"
