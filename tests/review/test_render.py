"""Page images and text for people: drawn in a child process with limits, in the coordinates of
the evidence boxes (points, top-left origin)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from extraction.render import (
    RenderError,
    RenderLimits,
    page_texts_isolated,
    render_page,
    render_page_isolated,
)
from tests.support.documents import CERTIFICATE_LINES, text_pdf


def test_a_pdf_page_is_drawn_at_the_dpi_asked_and_measured_in_points(tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(text_pdf([CERTIFICATE_LINES, ["Annex"]]))
    page = render_page_isolated(path, 2, RenderLimits(dpi=72))
    assert page.page_count == 2
    assert (page.pixel_width, page.pixel_height) == (595, 842)
    assert page.width_pt == pytest.approx(595, abs=1) and page.height_pt == pytest.approx(
        842, abs=1
    )
    assert Image.open(io.BytesIO(page.png)).size == (595, 842)


def test_a_scan_keeps_its_size_in_points_and_is_drawn_smaller(tmp_path):
    image = Image.new("RGB", (2480, 3508), "white")  # A4 at 300 dpi
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    page = render_page(out.getvalue(), 1, RenderLimits(dpi=100))
    assert page.width_pt == pytest.approx(595.2, abs=0.5)
    assert page.pixel_width == pytest.approx(827, abs=1)


def test_what_cannot_be_drawn_says_why(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really a pdf")
    with pytest.raises(RenderError, match="cannot be opened"):
        render_page_isolated(path, 1, RenderLimits())
    with pytest.raises(RenderError, match="no page 3"):
        path.write_bytes(text_pdf([["one"]]))
        render_page_isolated(path, 3, RenderLimits())
    with pytest.raises(RenderError, match="no page images"):
        render_page(b"Plain text, not a page\n", 1, RenderLimits())


def test_a_page_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    path = tmp_path / "slow.pdf"
    path.write_bytes(text_pdf([["one"]]))
    with pytest.raises(RenderError, match="longer than"):
        render_page_isolated(path, 1, RenderLimits(timeout_seconds=0.01))


def test_the_text_of_a_document_without_pages_is_read_without_ocr(tmp_path):
    path = Path(tmp_path / "policy.txt")
    path.write_text("Policy No. PX-1\nValid until 2029-01-31\n")
    assert page_texts_isolated(path, RenderLimits()) == ["Policy No. PX-1\nValid until 2029-01-31"]
