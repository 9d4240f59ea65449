"""`make bench-extraction`: accuracy of document understanding on generated documents, and speed.

Scores the held-out (``eval``) template family by default: per-field accuracy by type, language
and variant (text PDF; scan and photo when ``tests.fixtures.scan`` is present), doc_type
accuracy, accuracy above and below confidence 0.8, and throughput (pages/s on one core, with
start-up reported apart).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict

from tests.fixtures.documents import generate_corpus, variants
from tests.fixtures.documents.scoring import Report, Tally, score


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (tesseract, readers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _table(title: str, rows: dict[tuple[str, ...], Tally], columns: list[str]) -> str:
    lines = [
        f"\n### {title}\n",
        "| " + " | ".join(columns) + " | accuracy |",
        "|" + "---|" * (len(columns) + 1),
    ]
    for key, tally in rows.items():
        lines.append("| " + " | ".join(key) + f" | {tally} |")
    return "\n".join(lines)


def _pivot(report: Report, row_key: str, column_key: str) -> str:
    cells = report.by(row_key, column_key)
    rows = sorted({k[0] for k in cells})
    columns = sorted({k[1] for k in cells})
    out = [
        f"| {row_key} \\ {column_key} | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for row in rows:
        values = []
        for column in columns:
            tally = cells.get((row, column))
            values.append(f"{100 * tally.accuracy:.1f}" if tally and tally.total else "")
        out.append(f"| {row} | " + " | ".join(values) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-cell", type=int, default=6, help="documents per (type, language)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--family", default="eval", choices=["dev", "eval"])
    parser.add_argument("--variants", default="text,scan,photo")
    parser.add_argument(
        "--scan-per-cell", type=int, default=1, help="documents per cell for OCR variants"
    )
    parser.add_argument("--failures", type=int, default=0, help="print this many failures")
    parser.add_argument("--json", help="write the raw numbers here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    from extraction import ExtractionConfig, extract_bytes
    from extraction.analysis import analyse
    from extraction.document import TextDocument

    analyse(TextDocument.from_text("Certificate\nValid until 31.12.2027"), ExtractionConfig())
    startup = time.perf_counter() - started

    documents = generate_corpus(args.seed, args.per_cell, args.family)
    available = variants()
    wanted = [v for v in args.variants.split(",") if v in available]
    report = Report()
    timing: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])  # seconds, pages
    config = ExtractionConfig()
    for variant in wanted:
        subset = (
            documents
            if variant == "text"
            else [d for d in documents if d.seed % 1000 < args.scan_per_cell]
        )
        if variant == "photo":
            # A photo shows page 1; a statement's figures are on the pages after its cover.
            subset = [d for d in subset if d.doc_type != "financial_statement"]
        for document in subset:
            data = available[variant](document.text_pdf(), document.seed)
            begin = _cpu_seconds()
            result = extract_bytes(data, document.id + ".pdf", config)
            timing[variant][0] += _cpu_seconds() - begin
            timing[variant][1] += result.pages
            report.outcomes.extend(score(document, variant, result))

    print(f"# Document extraction benchmark ({args.family} templates, seed {args.seed})\n")
    print(
        f"documents: {len(documents)} ({args.per_cell} per type and language); "
        f"variants: {', '.join(wanted)}"
    )
    missing = sorted(set(args.variants.split(",")) - set(available))
    if missing:
        print(f"not measured (tests.fixtures.scan not present): {', '.join(missing)}")
    print(
        _table(
            "doc_type by variant",
            {k: v for k, v in report.by("field", "variant").items() if k[0] == "doc_type"},
            ["field", "variant"],
        )
    )
    print("\n### Field accuracy (%) by type, all variants\n")
    print(_pivot(report, "field", "type"))
    print("\n### Field accuracy (%) by language\n")
    print(_pivot(report, "field", "language"))
    print("\n### Field accuracy (%) by variant\n")
    print(_pivot(report, "field", "variant"))
    print("\n### Type x language (all fields)\n")
    print(_pivot(report, "type", "language"))
    high, low, absent = report.confidence_split(0.8)
    print("\n### Confidence\n")
    print("| values | accuracy |\n|---|---|")
    print(f"| confidence >= 0.8 | {high} |\n| confidence < 0.8 | {low} |")
    print(f"| not extracted | {absent} |")
    print(
        "\n### Throughput (CPU seconds of extraction, children included, one document at a"
        " time; PDF generation and degradation excluded)\n"
    )
    print("| variant | pages | seconds | pages/s per core |\n|---|---|---|---|")
    for variant, (seconds, pages) in timing.items():
        print(
            f"| {variant} | {int(pages)} | {seconds:.2f} | "
            f"{pages / seconds if seconds else 0:.1f} |"
        )
    print(
        f"\nstart-up (imports and first analysis): {startup:.2f} s; "
        f"cores available: {os.cpu_count()}"
    )
    if args.failures:
        print("\n### Failures\n")
        for outcome in report.failures()[: args.failures]:
            print(
                f"- {outcome.document.id} [{outcome.variant}] {outcome.field}: "
                f"got {outcome.got!r}, expected {outcome.expected!r}"
            )
    if args.json:
        payload = {
            "by_field_type": {
                "/".join(k): [v.right, v.total] for k, v in report.by("field", "type").items()
            },
            "by_field_language": {
                "/".join(k): [v.right, v.total] for k, v in report.by("field", "language").items()
            },
            "by_field_variant": {
                "/".join(k): [v.right, v.total] for k, v in report.by("field", "variant").items()
            },
            "confidence": {"high": [high.right, high.total], "low": [low.right, low.total]},
            "throughput": {k: {"seconds": v[0], "pages": v[1]} for k, v in timing.items()},
            "startup_seconds": startup,
        }
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
