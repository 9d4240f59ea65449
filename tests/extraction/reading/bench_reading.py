"""`make bench-reading`: text-layer throughput and the OCR path against tesseract alone.

1. Text layer: a batch of generated multi-page text PDFs through one isolated worker (one core);
   worker start-up is timed separately. Reports pages per second per core.
2. OCR: scanned pages in five languages. Each page image is read by ``tesseract IMAGE - -l LANG
   tsv`` alone (told the right language) and by our whole path on the scanned PDF (render,
   layout look, probe, straighten, OCR, boxes) in one warm isolated worker, alternating page by
   page in the same run so that both see the same machine load. Reports medians and the ratio.

Prints a Markdown summary; run as ``python -m tests.extraction.reading.bench_reading``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from extraction.isolation import IsolatedExtractor
from extraction.types import ExtractionConfig
from tests.extraction.reading.builders import text_pdf
from tests.extraction.reading.conftest import SAMPLES
from tests.fixtures.scan import page_images, scanned_pdf

TEXT_DOCUMENTS = 40
PAGES_PER_DOCUMENT = 5
OCR_SEEDS = (1, 2)
PACKS = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "zh": "chi_sim"}


def _text_documents(folder: Path) -> list[str]:
    paths = []
    languages = sorted(SAMPLES)
    for index in range(TEXT_DOCUMENTS):
        language = languages[index % len(languages)]
        pages = [SAMPLES[language] * 6 for _ in range(PAGES_PER_DOCUMENT)]
        path = folder / f"text-{index:03d}-{language}.pdf"
        path.write_bytes(text_pdf(pages, cjk=language == "zh"))
        paths.append(str(path))
    return paths


def bench_text_layer(folder: Path) -> dict[str, float]:
    paths = _text_documents(folder)
    with IsolatedExtractor(ExtractionConfig(), workers=1) as extractor:
        startup = extractor.startup_seconds
        started = time.perf_counter()
        results = list(extractor.extract_many(paths))
        elapsed = time.perf_counter() - started
    pages = sum(r.pages for r in results)
    assert all(not r.errors for r in results), [r.errors for r in results if r.errors]
    assert sum(r.ocr_pages for r in results) == 0
    return {
        "documents": len(paths),
        "pages": pages,
        "seconds": elapsed,
        "pages_per_second_per_core": pages / elapsed,
        "worker_startup_seconds": startup,
    }


def _tesseract_alone(image_path: Path, pack: str) -> float:
    environment = dict(os.environ, OMP_THREAD_LIMIT="1")
    started = time.perf_counter()
    subprocess.run(
        ["tesseract", str(image_path), "-", "-l", pack, "tsv"],
        check=True,
        capture_output=True,
        env=environment,
    )
    return time.perf_counter() - started


def bench_ocr(folder: Path) -> dict[str, object]:
    scans: list[tuple[str, bytes, Path]] = []
    for language in sorted(SAMPLES):
        pdf = text_pdf([SAMPLES[language] * 3], cjk=language == "zh")
        for seed in OCR_SEEDS:
            scan = scanned_pdf(pdf, seed=seed)
            image_path = folder / f"scan-{language}-{seed}.png"
            page_images(scan, 300)[0].save(image_path)
            scans.append((language, scan, image_path))
    ours: list[float] = []
    alone: list[float] = []
    rows = []
    with IsolatedExtractor(ExtractionConfig(), workers=1) as extractor:
        startup = extractor.startup_seconds
        # first document loads the language models once per worker; timed separately
        warm_started = time.perf_counter()
        extractor.extract(scans[0][1], "warm-up.pdf")
        warm_up = time.perf_counter() - warm_started
        for language, scan, image_path in scans:
            alone_seconds = _tesseract_alone(image_path, PACKS[language])
            started = time.perf_counter()
            result = extractor.extract(scan, image_path.name)
            our_seconds = time.perf_counter() - started
            assert result.errors == () and result.ocr_pages == 1, result.errors
            ours.append(our_seconds)
            alone.append(alone_seconds)
            rows.append((image_path.name, alone_seconds, our_seconds))
    return {
        "pages": len(scans),
        "median_tesseract_alone": statistics.median(alone),
        "median_ours": statistics.median(ours),
        "ratio_of_medians": statistics.median(ours) / statistics.median(alone),
        "median_ratio": statistics.median(o / a for o, a in zip(ours, alone, strict=True)),
        "total_ratio": sum(ours) / sum(alone),
        "worker_startup_seconds": startup,
        "first_document_seconds": warm_up,
        "rows": rows,
    }


def main() -> int:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        text = bench_text_layer(folder)
        ocr = bench_ocr(folder)
    print("### Text layer (one worker = one core)")
    print(
        f"- {text['documents']:.0f} documents, {text['pages']:.0f} pages in "
        f"{text['seconds']:.2f} s: **{text['pages_per_second_per_core']:.1f} pages/s per core**"
    )
    print(
        f"- worker start-up (spawn + imports), separately: {text['worker_startup_seconds']:.2f} s"
    )
    print("### OCR path vs tesseract alone (same page images, same run, alternating)")
    print("| page | tesseract alone (s) | ours (s) |")
    print("|---|---|---|")
    for name, alone_seconds, our_seconds in ocr["rows"]:  # type: ignore[attr-defined]
        print(f"| {name} | {alone_seconds:.2f} | {our_seconds:.2f} |")
    print(
        f"- median per page: tesseract alone {ocr['median_tesseract_alone']:.2f} s, "
        f"ours {ocr['median_ours']:.2f} s; ratio of medians "
        f"**{ocr['ratio_of_medians']:.2f}×**, median of per-page ratios "
        f"{ocr['median_ratio']:.2f}×, total {ocr['total_ratio']:.2f}×"
    )
    print(
        f"- worker start-up {ocr['worker_startup_seconds']:.2f} s and first document "
        f"(loads the models) {ocr['first_document_seconds']:.2f} s, not in the medians"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
