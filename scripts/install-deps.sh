#!/usr/bin/env bash
# Installs the system packages Preflight builds against, only when they are missing.
# Every CI run and new machine starts bare, so `make demo` and `make test` call this first.
set -euo pipefail

packages=(libcurl4-openssl-dev libssl-dev openssl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The tests check reports and bundled plans against docs/*.schema.json with Python's jsonschema and
# PyYAML, JUnit files against the Jenkins-style JUnit schema with lxml, and the live /metrics page
# with prometheus_client's exposition parser.
python3 -c 'import jsonschema, yaml, lxml, prometheus_client' 2>/dev/null || python3 -m pip install --quiet jsonschema pyyaml lxml prometheus-client
