#!/usr/bin/env python3
"""Parses a Prometheus text exposition page from standard input with prometheus_client's parser
and prints every sample as JSON ({"name": ..., "labels": {...}, "value": ...} per line).

Exits non-zero on anything the parser refuses, so a test that pipes /metrics through it fails on
a malformed page. Also checks what the parser lets through: every sample belongs to a family
declared by # TYPE, histogram buckets are cumulative and end with le="+Inf" equal to _count.
"""
import json
import sys
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families

text = sys.stdin.read()
declared = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")}
buckets = defaultdict(list)
counts = {}
for family in text_string_to_metric_families(text):
    if family.name not in declared and family.name + "_total" not in declared:
        sys.exit(f"family {family.name} has no # TYPE line")
    for sample in family.samples:
        labels = dict(sample.labels)
        if sample.name.endswith("_bucket"):
            le = labels.pop("le")
            key = (sample.name[:-7], tuple(sorted(labels.items())))
            buckets[key].append((float(le), sample.value))
        elif sample.name.endswith("_count"):
            counts[(sample.name[:-6], tuple(sorted(labels.items())))] = sample.value
        print(json.dumps({"name": sample.name, "labels": dict(sample.labels), "value": sample.value}))
for key, series in buckets.items():
    series.sort()
    values = [value for _, value in series]
    if values != sorted(values):
        sys.exit(f"buckets of {key} are not cumulative: {series}")
    if series[-1][0] != float("inf") or series[-1][1] != counts.get(key):
        sys.exit(f"{key}: le=+Inf {series[-1]} does not equal _count {counts.get(key)}")
