"""Limits of the child process that reads a document, and the `portal extract` command on it."""

from __future__ import annotations

import json
import time

import pytest

from extraction.cli import run
from extraction.isolation import IsolatedExtractor, extract_isolated
from extraction.types import ExtractionConfig
from tests.extraction.reading import hostile
from tests.fixtures.scan import scanned_pdf


@pytest.fixture(scope="module")
def slow_scan(sample_pdfs) -> bytes:
    """Three scanned pages: several seconds of OCR."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for language in ("en", "de", "fr"):
        writer.append(PdfReader(BytesIO(scanned_pdf(sample_pdfs[language], seed=1))))
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_document_over_the_wall_clock_limit_is_stopped_with_a_clear_error(slow_scan):
    config = ExtractionConfig(timeout_seconds=1.0)
    with IsolatedExtractor(config) as extractor:
        started = time.monotonic()
        slow, quick = extractor.extract_many([slow_scan, b"Still read after the timeout"])
        assert time.monotonic() - started < 15
    assert slow.errors == ("the document took longer than 1 s to read",)
    assert quick.errors == ()


def test_a_document_over_the_cpu_limit_is_stopped_with_a_clear_error(slow_scan):
    config = ExtractionConfig(cpu_seconds=1, timeout_seconds=60)
    result = extract_isolated(slow_scan, config, filename="scan.pdf")
    assert result.errors == ("the document needed more than 1 s of CPU time to read",)


def test_a_document_over_the_memory_limit_is_stopped_and_the_worker_replaced():
    config = ExtractionConfig(memory_limit_mb=768)
    with IsolatedExtractor(config) as extractor:
        bomb = extractor.extract(hostile.stream_bomb_pdf(), "bomb.pdf")
        after = extractor.extract(b"Valid until 31 March 2027", "after.txt")
    assert "needed more than 768 MB of memory" in bomb.errors[0]
    assert after.errors == ()


def test_extract_isolated_reads_a_good_document(sample_pdfs):
    result = extract_isolated(sample_pdfs["de"], filename="zertifikat.pdf")
    assert result.errors == ()
    assert (result.file, result.pages, result.ocr_pages) == ("zertifikat.pdf", 1, 0)


def test_cli_keeps_the_input_order_with_parallel_workers(tmp_path, capsys, sample_pdfs):
    paths = []
    for name, data in [
        ("a.pdf", sample_pdfs["en"]),
        ("b.exe.pdf", hostile.windows_executable()),
        ("c.txt", b"Valid until 2027"),
        ("d.pdf", sample_pdfs["zh"]),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    exit_code = run(paths, jobs=2)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert exit_code == 1
    assert [line["file"] for line in lines] == paths
    assert [bool(line["errors"]) for line in lines] == [False, True, False, False]
    assert [line["pages"] for line in lines] == [1, 0, 1, 1]
    assert all(line["ocr_pages"] == 0 for line in lines)


def test_cli_table_format_names_pages_and_errors(tmp_path, capsys):
    good = tmp_path / "note.txt"
    good.write_text("Certificate valid until 2027")
    run([str(good), str(tmp_path / "missing.pdf")], output_format="table")
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith(f"{good}: ") and first.endswith(", 1 pages, 0 OCR")
    assert "error: cannot read file: No such file or directory" in out
