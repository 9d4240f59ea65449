"""SECURITY.md 15-19: hostile and broken files end with a clear error, within a time bound,
in a limited child process; the workers survive or are replaced and the batch goes on."""

from __future__ import annotations

import time

import pytest

from tests.extraction.reading import hostile
from tests.extraction.reading.conftest import HOSTILE_CONFIG

# Seconds any hostile input may take to end (the hard limit is HOSTILE_CONFIG.timeout_seconds).
BOUND = 20.0

CASES = [
    (lambda: b"", "the file is empty"),
    (lambda: b"   \n\t  \n", "holds no text"),
    (hostile.encrypted_pdf, "protected by a password"),
    (hostile.truncated_pdf, "damaged"),
    (hostile.corrupt_pdf, "damaged"),
    (hostile.zero_page_pdf, "no pages"),
    (hostile.many_pages_pdf, "2000 pages; at most 500"),
    (hostile.cyclic_page_tree_pdf, "damaged"),
    (hostile.huge_mediabox_pdf, "too large to render"),
    (hostile.stream_bomb_pdf, "memory"),
    (hostile.deeply_nested_pdf, "no text could be read"),
    (hostile.image_bomb_pdf, "page image has more than 80 million pixels"),
    (hostile.pixel_flood_png, "more than 80 million pixels"),
    (hostile.bogus_dimensions_jpeg, "more than 80 million pixels"),
    (hostile.tiff_bomb, "more than 80 million pixels"),
    (hostile.many_frames_tiff, "600 pages; at most 500"),
    (hostile.truncated_png, "image"),
    (hostile.zip_bomb_docx, "ZIP bomb"),
    (hostile.billion_laughs_docx, "XML entities"),
    (hostile.external_entity_docx, "XML entities"),
    (hostile.many_entries_docx, "at most 2000"),
    (hostile.spreadsheet_zip, "spreadsheet"),
    (hostile.windows_executable, "Windows executable"),
    (hostile.linux_executable, "Linux executable"),
    (hostile.svg_with_script, "SVG"),
    (hostile.html_page, "HTML"),
    (hostile.html_pdf_polyglot, "HTML"),
]


@pytest.mark.parametrize(
    ("make", "message"), CASES, ids=[getattr(m, "__name__", "blank") for m, _ in CASES]
)
def test_hostile_input_ends_with_a_clear_error_in_bounded_time(make, message, isolated):
    data = make()
    started = time.monotonic()
    result = isolated.extract(data, "upload.pdf")
    elapsed = time.monotonic() - started
    assert elapsed < BOUND
    assert len(result.errors) == 1
    assert message in result.errors[0]
    assert result.file == "upload.pdf"


def test_a_pdf_with_a_self_referencing_xref_is_repaired_and_read(isolated):
    started = time.monotonic()
    result = isolated.extract(hostile.circular_xref_pdf(), "loop.pdf")
    assert time.monotonic() - started < BOUND
    assert result.errors == ()
    assert (result.pages, result.ocr_pages) == (1, 0)


def test_the_batch_goes_on_after_hostile_inputs(isolated):
    batch = [
        hostile.stream_bomb_pdf(),
        b"Valid until 31 March 2027",
        hostile.windows_executable(),
        b"Second good document",
    ]
    results = list(isolated.extract_many(batch, ["bomb.pdf", "a.txt", "x.exe", "b.txt"]))
    assert [r.file for r in results] == ["bomb.pdf", "a.txt", "x.exe", "b.txt"]
    assert [bool(r.errors) for r in results] == [True, False, True, False]
    assert HOSTILE_CONFIG.memory_limit_mb == 768
