"""Small documents built in the tests: text PDFs (Latin and CJK fonts), DOCX files."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

LATIN_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_SIMPLIFIED = 2  # index of Noto Sans CJK SC in the collection


@dataclass(frozen=True)
class Placed:
    """A word drawn at a known place: (x, y) of its baseline start, in points from top-left."""

    text: str
    x: float
    y: float
    size: float = 12


def text_pdf(pages: list[list[str]], cjk: bool = False, size: float = 12) -> bytes:
    """A PDF with a real text layer: one paragraph per string, pages as given."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(True, margin=48)
    if cjk:
        pdf.add_font("body", "", str(CJK_FONT), collection_font_number=CJK_SIMPLIFIED)
    else:
        pdf.add_font("body", "", str(LATIN_FONT))
    for paragraphs in pages:
        pdf.add_page()
        pdf.set_margins(56, 56, 56)
        pdf.set_xy(56, 56)
        pdf.set_font("body", size=size)
        for paragraph in paragraphs:
            pdf.multi_cell(0, size * 1.5, paragraph)
            pdf.ln(size * 0.8)
    return bytes(pdf.output())


def placed_pdf(words: list[Placed], cjk: bool = False) -> bytes:
    """One A4 page with each word drawn at its given position."""
    pdf = FPDF(unit="pt", format="A4")
    if cjk:
        pdf.add_font("body", "", str(CJK_FONT), collection_font_number=CJK_SIMPLIFIED)
    else:
        pdf.add_font("body", "", str(LATIN_FONT))
    pdf.add_page()
    for word in words:
        pdf.set_font("body", size=word.size)
        pdf.text(word.x, word.y, word.text)
    return bytes(pdf.output())


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx(body_xml: str, extra: dict[str, bytes] | None = None, prolog: str = "") -> bytes:
    """A minimal DOCX whose body is ``body_xml`` (WordprocessingML inside <w:body>)."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + prolog
        + f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def paragraph(text: str, page_break_before: bool = False) -> str:
    run_break = '<w:r><w:br w:type="page"/></w:r>' if page_break_before else ""
    return f'<w:p>{run_break}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"
