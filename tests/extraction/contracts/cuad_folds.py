"""CUAD's development half in three folds, scored apart, for writing rules that generalise.

A contract's fold is ``int(sha256(SALT + name).hexdigest(), 16) % 3 + 1``, ``name`` being its
file name in the benchmark's ``contracts/`` (as ``labels.jsonl`` gives it). Rules are written from
the misses of folds 1 and 2 only; fold 3 is scored at the end of a round and its misses are not
read. Scoring uses the benchmark's own ``score.py`` (its ``score`` function) on each fold.

Run as ``python -m tests.extraction.contracts.cuad_folds PREDICTIONS [--cuad DIR]`` (predictions
as ``score.py --save-predictions`` writes them); ``--misses 1,2 --metric auto_renewal`` lists a
metric's misses in those folds with the labelled spans, and the evidence predicted.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

# Not the salt of the first validation third (the rules were already tuned against that split).
SALT = "vendor-portal/cuad-folds/2026-11-27:"
FOLDS = (1, 2, 3)

_METRICS = (
    ("governing_law", "governing_law"),
    ("effective_date", "effective_date"),
    ("expiry_date", "expiry_date"),
    ("auto_renewal", "auto_renewal F1"),
    ("renewal_term_months", "renewal_term_months"),
    ("non_renewal_notice_days", "non_renewal_notice_days"),
    ("termination_for_convenience", "termination for convenience F1"),
    ("liability_cap", "liability cap F1"),
    ("audit_rights", "audit rights F1"),
)
# the clause each metric reads, for showing the prediction's evidence next to a miss
_PREDICTED = {
    "auto_renewal": ("clauses", "auto_renewal"),
    "renewal_term_months": ("clauses", "renewal_term_months"),
    "non_renewal_notice_days": ("clauses", "non_renewal_notice_days"),
    "termination_for_convenience": ("clauses", "termination_notice_days"),
    "effective_date": ("fields", "effective_date"),
    "expiry_date": ("fields", "expiry_date"),
}
_LABEL = {
    "auto_renewal": ("Renewal Term", "Expiration Date"),
    "renewal_term_months": ("Renewal Term",),
    "non_renewal_notice_days": ("Notice Period to Terminate Renewal", "Renewal Term"),
    "termination_for_convenience": ("Termination for Convenience",),
    "effective_date": ("Effective Date", "Agreement Date"),
    "expiry_date": ("Expiration Date",),
}


def fold_of(name: str) -> int:
    """The fold (1, 2 or 3) of a contract, by its file name."""
    digest = hashlib.sha256((SALT + name).encode("utf-8")).hexdigest()
    return int(digest, 16) % 3 + 1


def load_scorer(cuad: Path) -> ModuleType:
    """The benchmark's score.py as a module."""
    spec = importlib.util.spec_from_file_location("cuad_score", cuad / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {cuad / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fold_scores(cuad: Path, predictions: Path) -> dict[str, dict]:
    """score.py's result for each fold, for folds 1+2, and for the whole half."""
    scorer = load_scorer(cuad)
    rows = scorer.load_jsonl(str(cuad / "labels.jsonl"))
    preds = scorer.index_predictions(scorer.load_jsonl(str(predictions)))
    parts = {f"fold {k}": [r for r in rows if fold_of(r["file"]) == k] for k in FOLDS}
    parts["folds 1+2"] = [r for r in rows if fold_of(r["file"]) != 3]
    parts["all"] = rows
    return {name: scorer.score(part, preds) for name, part in parts.items()}


def print_fold_table(results: dict[str, dict]) -> None:
    """One column per fold: the nine headline numbers and the macro."""
    names = list(results)
    print("| metric | " + " | ".join(f"{n} ({results[n]['contracts']})" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for key, title in _METRICS:
        cells = []
        for name in names:
            metric = results[name]["metrics"][key]
            value = metric["value"]
            cells.append("-" if value is None else f"{value:.3f}")
        print(f"| {title} | " + " | ".join(cells) + " |")
    print("| macro | " + " | ".join(f"{results[n]['macro']:.3f}" for n in names) + " |")


def print_misses(cuad: Path, predictions: Path, folds: set[int], metric: str) -> None:
    """A metric's misses in the given folds: truth, prediction, labelled spans, our evidence."""
    scorer = load_scorer(cuad)
    rows = {r["file"]: r for r in scorer.load_jsonl(str(cuad / "labels.jsonl"))}
    preds = scorer.index_predictions(scorer.load_jsonl(str(predictions)))
    chosen = [r for name, r in rows.items() if fold_of(name) in folds]
    result = scorer.score(chosen, preds)
    for miss in result["misses"][metric]:
        row = rows[miss["file"]]
        print(f"=== {miss['file']}  truth={miss['truth']!r} pred={miss['pred']!r}")
        for category in _LABEL.get(metric, ()):
            label = row["labels"][category]
            print(f"  [{category}] answer={label['answer']!r}")
            for span in label["spans"][:3]:
                print(f"    - {' '.join(span.split())[:400]}")
        section, name = _PREDICTED.get(metric, ("clauses", metric))
        entry = (preds.get(scorer.stem(miss["file"])) or {}).get(section, {}).get(name)
        if isinstance(entry, dict):
            print(f"  predicted {name}={entry.get('value')!r}: {entry.get('evidence', '')[:400]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--cuad", type=Path, default=None)
    parser.add_argument("--misses", help="comma-separated folds whose misses to list")
    parser.add_argument("--metric", default="auto_renewal")
    parser.add_argument("--json", type=Path, help="write the per-fold results here")
    args = parser.parse_args()
    from tests.extraction.contracts.bench_contracts import _cuad_folder

    cuad = _cuad_folder(str(args.cuad) if args.cuad else None)
    if args.misses:
        folds = {int(k) for k in args.misses.split(",")}
        if 3 in folds:
            print("note: fold 3 is for measuring only; do not write rules from its misses")
        print_misses(cuad, args.predictions, folds, args.metric)
        return
    results = fold_scores(cuad, args.predictions)
    print_fold_table(results)
    if args.json:
        slim = {k: {m: v for m, v in r.items() if m != "misses"} for k, r in results.items()}
        args.json.write_text(json.dumps(slim, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
