"""`make bench-contracts`: CUAD accuracy through `portal extract`, and contract throughput.

1. Accuracy: the CUAD scorer (``score.py`` of the benchmark folder) runs ``portal extract --format
   json`` over the development half in batches and prints its table; the predictions and every
   number are kept in ``--out`` (default ``/tmp/bench-contracts``). A second table counts a
   contract as having a liability cap when ``liability_cap_basis`` is set (any limitation of
   liability, the breadth of CUAD's "Cap on Liability" category), for comparison only. A third
   table scores the three folds of ``cuad_folds.py`` apart.
2. Throughput, one process on one core, CPU time per contract: reading alone, the contract reader
   alone on the read document, and the whole pipeline as `portal extract` runs it (read, classify,
   read the contract), contract by contract in the same run, so that the contract reader's share
   is a ratio unaffected by the load of the machine.

Run as ``python -m tests.extraction.contracts.bench_contracts [--cuad DIR] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

from extraction import ExtractionConfig, extract_bytes
from extraction.contracts import extract_contract
from extraction.pipeline import read_document
from tests.extraction.contracts.cuad_folds import fold_scores, print_fold_table

ROOT = Path(__file__).resolve().parents[3]
CANDIDATES = [ROOT.parent / "shared/benchmarks/cuad", ROOT.parent.parent / "shared/benchmarks/cuad"]


def _cuad_folder(given: str | None) -> Path:
    for folder in [Path(given)] if given else CANDIDATES:
        if (folder / "score.py").is_file():
            return folder
    sys.exit(f"no CUAD benchmark folder with score.py (tried {given or CANDIDATES})")


def accuracy(cuad: Path, out: Path) -> None:
    portal = Path(sys.executable).with_name("portal")
    command = [
        sys.executable,
        str(cuad / "score.py"),
        "--cmd",
        f"{shlex.quote(str(portal))} extract --format json",
        "--batch",
        "20",
        "--save-predictions",
        str(out / "predictions.jsonl"),
        "--json",
        str(out / "scores.json"),
        "--details",
    ]
    started = time.monotonic()
    subprocess.run(command, cwd=cuad, check=True)
    print(f"\n(scorer run through `portal extract`: {time.monotonic() - started:.0f} s wall)\n")
    _limitation_table(cuad, out / "predictions.jsonl")
    print("\nBy fold (cuad_folds.py: a salted hash of the file name; rules from folds 1-2 only):\n")
    print_fold_table(fold_scores(cuad, out / "predictions.jsonl"))


def _limitation_table(cuad: Path, predictions: Path) -> None:
    """Liability as "any limitation" (liability_cap_basis set) against CUAD's broad category."""
    found = {}
    for line in predictions.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found[Path(row["file"]).stem] = bool((row.get("clauses") or {}).get("liability_cap_basis"))
    tp = fp = fn = 0
    for line in (cuad / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        truth = any(s.strip() for s in row["labels"]["Cap on Liability"]["spans"])
        predicted = found.get(Path(row["file"]).stem, False)
        tp += truth and predicted
        fp += predicted and not truth
        fn += truth and not predicted
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(
        "liability limitation of any kind (liability_cap_basis set): "
        f"F1={f1:.3f} P={precision:.3f} R={recall:.3f} tp={tp} fp={fp} fn={fn}"
    )


def throughput(cuad: Path) -> None:
    files = sorted((cuad / "contracts").glob("*.txt"))
    config = ExtractionConfig()
    reading: list[float] = []
    reader: list[float] = []
    whole: list[float] = []
    for path in files:
        data = path.read_bytes()
        started = time.process_time()
        document = read_document(data, path.name, config)
        reading.append(time.process_time() - started)
        started = time.process_time()
        extract_contract(document, config)
        reader.append(time.process_time() - started)
        started = time.process_time()
        extract_bytes(data, path.name, config)  # as `portal extract` runs it: classified first
        whole.append(time.process_time() - started)
    count = len(files)
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    rows = [
        ("contracts", f"{count} ({megabytes:.1f} MB of text)"),
        (
            "contracts/s per core, whole pipeline (read, classify, contract reader)",
            f"**{count / sum(whole):.1f}**",
        ),
        ("contracts/s per core, contract reader alone", f"{count / sum(reader):.1f}"),
        ("contracts/s per core, reading alone", f"{count / sum(reading):.1f}"),
        (
            "contract reader, mean / median ms per contract",
            f"{1000 * statistics.mean(reader):.0f} / {1000 * statistics.median(reader):.0f}",
        ),
        ("slowest contract, ms (whole pipeline)", f"{1000 * max(whole):.0f}"),
        ("contract reader's share of the whole pipeline", f"{sum(reader) / sum(whole):.0%}"),
    ]
    print("| measure (one process, CPU time) | value |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cuad", help="the CUAD benchmark folder (with score.py, contracts/)")
    parser.add_argument("--out", default="/tmp/bench-contracts")
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()
    cuad = _cuad_folder(args.cuad)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not args.skip_accuracy:
        accuracy(cuad, out)
    throughput(cuad)


if __name__ == "__main__":
    main()
