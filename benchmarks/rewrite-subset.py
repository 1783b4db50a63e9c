#!/usr/bin/env python3
"""Per-subset means from two caravan eval reports of the same queries: the queries on which a policy
made a given choice in report B (e.g. decompose=SPLIT), scored in A (without) and B (with).
  benchmarks/rewrite-subset.py A/report.json B/report.json decompose SPLIT sp_both@10 sp_recall@10 ..."""
import json, sys

a, b, policy, choice, *metrics = sys.argv[1:]
ra, rb = (json.load(open(f)) for f in (a, b))
chosen = {q["id"] for q in rb["perQuery"] if {"policy": policy, "choice": choice} in q["decisions"]}
by_a = {q["id"]: q for q in ra["perQuery"] if not q["error"]}
ids = [q["id"] for q in rb["perQuery"] if q["id"] in chosen and q["id"] in by_a and not q["error"]]
print(f"{len(ids)} of {len(rb['perQuery'])} queries with {policy}={choice}")
print("| metric | without | with |\n| --- | ---: | ---: |")
by_b = {q["id"]: q for q in rb["perQuery"]}
for m in metrics:
    wa = sum(by_a[i]["metrics"][m] for i in ids) / max(1, len(ids))
    wb = sum(by_b[i]["metrics"][m] for i in ids) / max(1, len(ids))
    print(f"| {m} | {wa:.4f} | {wb:.4f} |")
lat = lambda r, s: sum(q["latencyMs"] for q in r["perQuery"] if q["id"] in s) / max(1, len(s))
print(f"| latency ms (mean) | {lat(ra, set(ids)):.1f} | {lat(rb, set(ids)):.1f} |")
