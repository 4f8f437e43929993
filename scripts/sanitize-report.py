#!/usr/bin/env python3
"""Summarises the sanitizer logs and the XCTest output of one scripts/sanitizers.sh run.

    scripts/sanitize-report.py SANITIZER TEST_LOG REPORT_DIR REPO_ROOT

Prints the tests run/passed/failed (with each failure's assertion lines), then every distinct
sanitizer report (ThreadSanitizer, AddressSanitizer, LeakSanitizer) found in REPORT_DIR (files
written through the sanitizer's log_path, one per process, so reports of the `preflight` child
processes the command-line tests start are included), with how often it occurred, its SUMMARY
line and the top frames of each stack that lie in the repository's Sources/ or Tests/, demangled.
The last line is machine-readable: `RESULT tests=N passed=N failed=N reports=N distinct=N crashed=0|1`.
"""
import collections
import os
import re
import shutil
import subprocess
import sys

sanitizer, test_log, report_dir, root = sys.argv[1:5]
root = os.path.realpath(root)

# --- tests ------------------------------------------------------------------------------------------
text = open(test_log, errors="replace").read() if os.path.exists(test_log) else ""
started = re.findall(r"Test Case '([^']+)' started", text)
results = dict(re.findall(r"Test Case '([^']+)' (passed|failed|skipped) \(", text))
failures = collections.defaultdict(list)
for line in text.splitlines():
    m = re.match(r".*?(\S+\.swift:\d+): error: (\S+) : (.*)", line)
    if m:
        failures[m.group(2).replace("-[", "").replace("]", "").replace(" ", ".")].append(f"{m.group(1)}: {m.group(3)}")
unfinished = [t for t in started if t not in results]
passed = sum(1 for r in results.values() if r == "passed")
failed = [t for t, r in results.items() if r == "failed"]
skipped = sum(1 for r in results.values() if r == "skipped")
crashed = bool(unfinished) or bool(re.search(r"(Exited with (unexpected )?signal code|Fatal error|fatal error:|Segmentation fault|Aborted)", text))

print(f"tests: {len(started)} started, {passed} passed, {len(failed)} failed, {skipped} skipped" + (f", unfinished (crash or hang): {', '.join(unfinished)}" if unfinished else ""))
for name in failed:
    print(f"  FAILED {name}")
    key = name if name in failures else next((k for k in failures if k.endswith("." + name.split(".")[-1])), None)
    for detail in (failures.get(key, []) if key else [])[:6]:
        print(f"    {detail}")
executed = re.findall(r"Executed (\d+) tests?, with (\d+) failures?", text)
m = re.match(r"(\d+) (\d+)", " ".join(executed[-1])) if executed else None  # the last line is the total
if m:
    print(f"  XCTest: executed {m.group(1)}, {m.group(2)} failure(s)")

# --- sanitizer reports ----------------------------------------------------------------------------
frame_start_re = re.compile(r"^\s*#(\d+) (.*)$")


def parse_frame(line):
    """(function, file, line, module) of a stack frame line, or None. Handles ASan's
    `#1 0x55be4a467372 in main /tmp/t.c:5:19` and TSan's
    `#0 $s15Preflight...F /work/Sources/X.swift:141:30 (binary+0x15a1865) (BuildId: ...)`,
    `#4 $s10Foundation6ThreadC4mainyyF <null> (libFoundation.so+0x3795f8)` and `#3 0x55 in _start (/bin/t+0x59510)`."""
    m = frame_start_re.match(line)
    if not m:
        return None
    rest = re.sub(r"\s*\(BuildId: [0-9a-f]+\)\s*$", "", m.group(2).strip())
    module = ""
    mm = re.search(r"\s*\(([^()]*\+0x[0-9a-f]+)\)$", rest)
    if mm:
        module = mm.group(1)
        rest = rest[: mm.start()].strip()
    rest = re.sub(r"^0x[0-9a-f]+(?: in |$)", "", rest).strip()
    file, number = "", 0
    lm = re.search(r" (\S+?):(\d+)(?::\d+)?$", rest)
    if lm:
        file, number = lm.group(1), int(lm.group(2))
        rest = rest[: lm.start()]
    else:
        um = re.search(r" (<null>|\S+\.(?:c|cpp|h|swift)|/<compiler-generated>)$", rest)
        if um:
            file = "" if um.group(1) == "<null>" else um.group(1)
            rest = rest[: um.start()]
    return (rest.strip() or "??", file, number, module)


def demangle_all(names):
    tool = shutil.which("swift-demangle")
    if not tool or not names:
        return {n: n for n in names}
    out = subprocess.run([tool, "--simplified", "--compact"], input="\n".join(names), capture_output=True, text=True).stdout.splitlines()
    return dict(zip(names, out)) if len(out) == len(names) else {n: n for n in names}


def split_reports(content):
    """Yields (kind, lines) for every report in one log file."""
    current = None
    for line in content.splitlines():
        start = re.search(r"(WARNING: ThreadSanitizer: .*?|ERROR: AddressSanitizer: \S+|ERROR: LeakSanitizer: .*?)(?: \(pid=\d+\)| on address.*)?$", line)
        if start and ("ThreadSanitizer" in line or "AddressSanitizer" in line or "LeakSanitizer" in line) and ("WARNING:" in line or "ERROR:" in line):
            if current:
                yield current
            current = (start.group(1).strip(), [line])
        elif current:
            current[1].append(line)
            if line.startswith("SUMMARY:"):
                yield current
                current = None
    if current:
        yield current


def stacks(lines):
    """Splits a report into (headline, frames) pairs; frames are (function, file, line, module)."""
    result, headline, frames = [], None, []
    for line in lines:
        frame = parse_frame(line)
        if frame:
            frames.append(frame)
            continue
        if frames:
            result.append((headline, frames))
            frames = []
        if line.strip() and not line.startswith("SUMMARY"):
            headline = line.strip()
    if frames:
        result.append((headline, frames))
    return result


def project(frame):
    path = os.path.realpath(frame[1]) if frame[1] else ""
    return path.startswith(os.path.join(root, "Sources") + os.sep) or path.startswith(os.path.join(root, "Tests") + os.sep)


def short(path):
    real = os.path.realpath(path) if path else path
    return os.path.relpath(real, root) if real.startswith(root + os.sep) else path


reports = []
files = sorted(os.listdir(report_dir)) if os.path.isdir(report_dir) else []
for name in files:
    content = open(os.path.join(report_dir, name), errors="replace").read()
    for kind, lines in split_reports(content):
        if kind.startswith("ERROR: LeakSanitizer"):
            # One leak report holds many leaks: treat each "Direct/Indirect leak" block separately.
            summary = next((l for l in lines if l.startswith("SUMMARY:")), "")
            for headline, frames in stacks(lines):
                if headline and "leak of" in headline:
                    reports.append(("LeakSanitizer: " + headline.split(" of ")[0], re.sub(r"\d+ byte\(s\) in \d+ object\(s\)", "N bytes", headline), [(headline, frames)], summary, name))
            continue
        summary = next((l for l in lines if l.startswith("SUMMARY:")), kind)
        reports.append((kind.split(": ", 1)[1], kind, stacks(lines), summary, name))

all_names = sorted({f[0] for r in reports for _, fr in r[2] for f in fr})
names = demangle_all(all_names)


def key_of(report):
    kind, _, sts, summary, _ = report
    key = [kind]
    for _, frames in sts[:2]:
        own = [f for f in frames if project(f)] or frames
        key.extend(f"{names.get(f[0], f[0])}@{short(f[1])}:{f[2]}" for f in own[:1])
    return tuple(key)


groups = collections.OrderedDict()
for r in reports:
    groups.setdefault(key_of(r), []).append(r)

print(f"sanitizer reports: {len(reports)} ({len(groups)} distinct) in {len(files)} log file(s) under {report_dir}")
for index, (key, members) in enumerate(groups.items(), 1):
    kind, _, sts, summary, name = members[0]
    print(f"  [{index}] {kind} x{len(members)} (first in {name})")
    readable = re.sub(r"in (\$s\S+)", lambda m: "in " + demangle_all([m.group(1)])[m.group(1)], summary)
    print(f"      {readable[:400]}")
    for headline, frames in [st for st in sts if not (st[0] or "").startswith("Thread T")][:3]:
        own = [f for f in frames if project(f)]
        shown = own[:4] if own else frames[:4]
        print(f"      {(headline or '')[:200]}")
        module = os.path.basename(next((f[3] for f in frames if f[3]), "").split("+")[0])
        notes = ([f"binary {module}"] if module else []) + ([] if own else ["no frame in Sources/ or Tests/"])
        if notes:
            print(f"        ({'; '.join(notes)})")
        for f in shown:
            print(f"        {names.get(f[0], f[0])[:160]}  {short(f[1])}:{f[2]}")

print(f"RESULT tests={len(started)} passed={passed} failed={len(failed)} reports={len(reports)} distinct={len(groups)} crashed={int(crashed)}")
