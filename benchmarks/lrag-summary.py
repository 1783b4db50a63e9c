#!/usr/bin/env python3
"""Summarises benchmarks/run-lrag's runs: quality against retrieval calls per query, and how the
adaptive-depth decisions split. Reads each run's report.json, or its checkpoint.jsonl while the run is
unfinished (marked partial); the second table keeps only the questions every run answered, so the rows
compare like with like. Usage: lrag-summary.py OUT_DIR"""
import json, os, sys

out = sys.argv[1]
NAMES = ["rag", "lazy-rag", "adaptive-rag-tokens", "adaptive-rag", "iterative-rag", "iterative-rag-answer"]
METRICS = ["answer_em", "answer_f1", "answer_acc", "sp_recall@10", "sp_both@10"]


def load(name):
    d = os.path.join(out, name)
    rep = os.path.join(d, "report.json")
    if os.path.exists(rep):
        return json.load(open(rep))["perQuery"], False
    cp = os.path.join(d, "checkpoint.jsonl")
    if not os.path.exists(cp):
        return None, False
    rows = [json.loads(l) for l in open(cp) if l.strip()]
    return [r for r in rows if "id" in r], True


runs = {}
for n in NAMES:
    qs, partial = load(n)
    if qs:
        runs[n] = (qs, partial)


def row(name, qs, partial):
    ok = [q for q in qs if not q.get("error")]
    mean = lambda f: sum(f(q) for q in ok) / len(ok) if ok else float("nan")
    cells = [f"{name}{' (partial)' if partial else ''}", str(len(qs)), str(len(qs) - len(ok))]
    cells += [f"{mean(lambda q, m=m: q['metrics'].get(m, 0)):.3f}" for m in METRICS]
    cells += [f"{mean(lambda q: q['retrievalCalls']):.2f}", f"{mean(lambda q: q['modelCalls']):.2f}", f"{mean(lambda q: q['latencyMs']) / 1000:.1f}"]
    return "| " + " | ".join(cells) + " |"


HEAD = ("| process | queries | failed | answer EM | answer F1 | answer contains gold | sp recall@10 | sp both@10 | retrieval calls / query | model calls / query | mean latency (s) |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
print("All questions each run answered:\n")
print(HEAD)
for n, (qs, p) in runs.items():
    print(row(n, qs, p))
common = set.intersection(*[{q["id"] for q in qs if not q.get("error")} for qs, _ in runs.values()]) if runs else set()
print(f"\nThe {len(common)} questions every run answered:\n")
print(HEAD)
for n, (qs, p) in runs.items():
    print(row(n, [q for q in qs if q["id"] in common], p))
print("\nadaptive-depth decisions per query, in order:\n")
for n, (qs, _) in runs.items():
    paths = {}
    for q in qs:
        key = "failed" if q.get("error") else " > ".join(d["choice"] for d in q["decisions"] if d["policy"] == "adaptive-depth") or "-"
        paths[key] = paths.get(key, 0) + 1
    if set(paths) != {"-"}:
        print(f"- {n}: " + "; ".join(f"{k}: {v}" for k, v in sorted(paths.items(), key=lambda kv: -kv[1])))
