"""How often the response-time reader fires on CUAD, with what it read (docs/benchmarks.md).

CUAD has no label for response times, so this is a precision check by eye: every contract that
gets `sla_response_hours` or `sla_resolution_hours` is listed with its value and evidence.

Run as ``python -m tests.extraction.contracts.scan_response_times [--cuad DIR] [--show N]``.
"""

from __future__ import annotations

import argparse

from extraction.contracts.context import ContractContext
from extraction.contracts.response_times import extract_response_times
from extraction.document import TextDocument

from .bench_contracts import _cuad_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cuad", help="the CUAD benchmark folder (with contracts/)")
    parser.add_argument("--show", type=int, default=1000, help="list at most N hits")
    args = parser.parse_args()
    files = sorted((_cuad_folder(args.cuad) / "contracts").glob("*.txt"))
    hits = []
    for path in files:
        ctx = ContractContext(TextDocument.from_text(path.read_text(encoding="utf-8")))
        found = extract_response_times(ctx)
        if found:
            hits.append((path.name, {k: ctx.field(v) for k, v in found.items()}))
    for name, values in hits[: args.show]:
        print(name)
        for key, value in values.items():
            if not key.endswith("_business_hours"):
                print(f"  {key} = {value.value} (p. {value.page}): {value.evidence[:300]}")
    response = sum("sla_response_hours" in values for _, values in hits)
    resolution = sum("sla_resolution_hours" in values for _, values in hits)
    print(
        f"\ncontracts={len(files)} with sla_response_hours={response} "
        f"with sla_resolution_hours={resolution} with either={len(hits)}"
    )


if __name__ == "__main__":
    main()
