"""Trains the NLP service's task filter (services/nlp/src/filter.rs) and writes
services/nlp/trained/task-filter.json. Run by `make task-filter`; reproducible: the same
rules, encoder and labelled sets give the same weights.

1. Every labelled set in crates/nlp-extract/tests goes through the service's own path
   (`task_filter_features`: rules, then the encoder on each candidate's title, then the
   evidence's words hashed into buckets).
2. A candidate is labelled a task when the scorer (../shared/nlp-dev-set/score.py) pairs its
   title with a gold task; that is how the scorer counts it.
3. Logistic regression, full-batch gradient descent from zero on standardised features with
   an L2 penalty, so no randomness enters. The standardisation is folded into the weights.
4. The cut is chosen among CUTS by detection F1 leaving each training set out in turn, and
   folded into the bias: the service keeps candidates whose confidence is 0.5 or more, and
   0.5 then means the model's probability at the chosen cut.
5. It reports detection F1 with and without the filter, at that cut: leaving each training
   set out in turn (a little flattering, since the cut was chosen on those same
   predictions), and on the HELD_OUT sets below, which it never trains on nor chooses the
   cut with.

Needs numpy (in .cache/tools; `make task-filter` installs it) and ../shared.
"""
import hashlib
import json
import os
import re
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETS_DIR = os.path.join(ROOT, "crates/nlp-extract/tests")
SCORER_DIR = os.path.join(ROOT, "../shared/nlp-dev-set")
OUT = os.path.join(ROOT, "services/nlp/trained/task-filter.json")
TRAIN = ["dev2", "heldout", "dev3", "blind", "blind3", "dev4", "dev5", "blind4", "blind5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "blind17", "blind19", "blind21", "blind23", "blind25", "blind27", "blind29", "blind31", "blind32", "blind34", "blind37", "blind39", "blind41", "blind43", "blind45", "blind47", "blind49", "blind51", "blind53", "blind55", "blind57", "blind59", "blind61"]
HELD_OUT = ["blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13",
            "blind14", "blind15", "blind16", "blind18", "blind20", "blind22", "blind24", "blind26",
            "blind28", "blind30", "blind33", "blind35", "blind36", "blind38", "blind40", "blind42", "blind44", "blind46", "blind48", "blind50", "blind52", "blind54", "blind56", "blind58", "blind60", "blind62"]
L2 = 0.1
STEPS = 400
RATE = 0.5
# Probabilities the cut may sit at; F1 prefers keeping a little more than even odds.
CUTS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]

sys.path.insert(0, SCORER_DIR)
import score  # noqa: E402  (the labelled sets' own scorer)


def features_of(name):
    """Runs the service's path over one set: (gold records, feature rows per document)."""
    path = os.path.join(SETS_DIR, name + ".jsonl")
    out = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "-p", "taskstream-nlp",
         "--example", "task_filter_features", "--", path],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        doc = json.loads(line)
        rows[doc["id"]] = doc["tasks"]
    gold = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    return gold, rows


def labelled(gold, rows):
    """(X, y, per-document (gold count, candidate indices)) for one set."""
    X, y, docs = [], [], []
    for record in gold:
        candidates = rows.get(record["id"], [])
        matched = {j for _, j in score.match_tasks(record["tasks"], candidates)}
        start = len(X)
        for j, candidate in enumerate(candidates):
            X.append(candidate["features"])
            y.append(1.0 if j in matched else 0.0)
        docs.append((record, candidates, list(range(start, len(X)))))
    return np.array(X, dtype=np.float64), np.array(y), docs


def train(X, y):
    """Logistic regression; returns (weights, bias) on the raw features."""
    mean = X.mean(0)
    scale = X.std(0) + 1e-3
    Z = (X - mean) / scale
    w = np.zeros(Z.shape[1])
    b = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(Z @ w + b)))
        g = p - y
        w -= RATE * (Z.T @ g / len(y) + L2 * w)
        b -= RATE * g.mean()
    return w / scale, b - float(np.sum(w * mean / scale))


def detection(docs, keep):
    """(true positives, predictions, gold) when only candidates with keep[i] are answered,
    re-paired with the scorer's matching."""
    tp = predicted = gold_count = 0
    for record, candidates, indices in docs:
        answered = [candidates[j] for j, i in enumerate(indices) if keep[i]]
        tp += len(score.match_tasks(record["tasks"], answered))
        predicted += len(answered)
        gold_count += len(record["tasks"])
    return tp, predicted, gold_count


def f1(counts):
    tp, predicted, gold_count = counts
    return 2 * tp / (predicted + gold_count) if predicted + gold_count else 0.0


def add(a, b):
    return tuple(x + y for x, y in zip(a, b))


def versions():
    out = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "-p", "taskstream-nlp",
         "--example", "task_filter_features", "--", "--versions"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    data = {}
    for name in TRAIN + HELD_OUT:
        print(f"features: {name}", file=sys.stderr, flush=True)
        data[name] = labelled(*features_of(name))
    # Leave each training set out: its probabilities under a model of the others.
    left_out_probability = {}
    for left_out in TRAIN:
        X = np.vstack([data[s][0] for s in TRAIN if s != left_out])
        y = np.concatenate([data[s][1] for s in TRAIN if s != left_out])
        w, b = train(X, y)
        left_out_probability[left_out] = 1.0 / (1.0 + np.exp(-(data[left_out][0] @ w + b)))

    def pooled(cut):
        total = (0, 0, 0)
        for name in TRAIN:
            total = add(total, detection(data[name][2], left_out_probability[name] >= cut))
        return f1(total)

    cut = max(CUTS, key=lambda c: (round(pooled(c), 4), c))
    report = {"cut": cut, "leave_one_set_out": {}, "held_out": {}}
    rules_total = filtered_total = (0, 0, 0)
    for left_out in TRAIN:
        Xo, _, docs = data[left_out]
        rules = detection(docs, np.ones(len(Xo), dtype=bool))
        filtered = detection(docs, left_out_probability[left_out] >= cut)
        rules_total, filtered_total = add(rules_total, rules), add(filtered_total, filtered)
        report["leave_one_set_out"][left_out] = {"rules_f1": round(f1(rules), 3),
                                                 "filtered_f1": round(f1(filtered), 3)}
    report["leave_one_set_out"]["pooled"] = {"rules_f1": round(f1(rules_total), 3),
                                             "filtered_f1": round(f1(filtered_total), 3)}
    X = np.vstack([data[s][0] for s in TRAIN])
    y = np.concatenate([data[s][1] for s in TRAIN])
    w, b = train(X, y)
    # The service cuts at 0.5: shift the logit so that 0.5 falls at the chosen cut.
    b -= float(np.log(cut / (1.0 - cut)))
    for held in HELD_OUT:
        Xh, _, docs = data[held]
        keep = 1.0 / (1.0 + np.exp(-(Xh @ w + b))) >= 0.5
        report["held_out"][held] = {}
        for label, counts in (("rules", detection(docs, np.ones(len(Xh), dtype=bool))),
                              ("filtered", detection(docs, keep))):
            tp, predicted, gold_count = counts
            report["held_out"][held][label] = {"precision": round(tp / max(predicted, 1), 3),
                                               "recall": round(tp / gold_count, 3),
                                               "f1": round(f1(counts), 3)}
    weights = [float(f"{v:.6g}") for v in w]
    bias = float(f"{b:.6g}")
    digest = hashlib.sha256(json.dumps([weights, bias]).encode()).hexdigest()[:12]
    shipped = versions()
    model = {"version": f"lr-{digest}", **shipped,
             "title_dimensions": (len(weights) - len(shipped["rule_features"])
                                  - shipped["evidence_buckets"]), "trained_on": TRAIN,
             "examples": int(len(y)), "positives": int(y.sum()), "l2": L2, "steps": STEPS,
             "report": report, "bias": bias, "weights": weights}
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(model, out, indent=1)
        out.write("\n")
    print(json.dumps(report, indent=1))
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({model['version']})")


if __name__ == "__main__":
    main()
