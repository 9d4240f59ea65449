"""A PDF page's text layer as lines of words with boxes, from pdfium's character boxes."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extraction.document import Line, Word
from extraction.ocr.geometry import Affine, apply, union_boxes
from extraction.ocr.lines import join_words
from extraction.types import BBox

# Page objects looked at to measure image coverage; a hostile page may hold millions.
MAX_OBJECTS_INSPECTED = 2000


def page_to_display(page: pdfium.PdfPage) -> Affine:
    """Map from PDF user space to displayed points (top-left origin, y down, /Rotate applied)."""
    width, height = page.get_size()
    # pdfium maps to integer device pixels; a large device keeps the fraction.
    scale = 1000
    points = []
    for x, y in ((0.0, 0.0), (1000.0, 0.0), (0.0, 1000.0)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(
            page.raw,
            0,
            0,
            round(width * scale),
            round(height * scale),
            0,
            ctypes.c_double(x),
            ctypes.c_double(y),
            ctypes.byref(dx),
            ctypes.byref(dy),
        )
        points.append((dx.value / scale, dy.value / scale))
    (ox, oy), (px, py), (qx, qy) = points
    return ((px - ox) / 1000, (qx - ox) / 1000, ox, (py - oy) / 1000, (qy - oy) / 1000, oy)


def _char_box(textpage: pdfium.PdfTextPage, index: int, to_display: Affine) -> BBox:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(
        textpage.raw,
        index,
        ctypes.byref(left),
        ctypes.byref(right),
        ctypes.byref(bottom),
        ctypes.byref(top),
    )
    x0, y0 = apply(to_display, left.value, top.value)
    x1, y1 = apply(to_display, right.value, bottom.value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class _LineBuilder:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.words: list[Word] = []
        self.chars: list[str] = []
        self.boxes: list[BBox] = []

    def add_char(self, ch: str, box: BBox) -> None:
        self.chars.append(ch)
        if box[2] > box[0] or box[3] > box[1]:
            self.boxes.append(box)

    def end_word(self) -> None:
        if self.chars:
            self.words.append(
                Word("".join(self.chars), union_boxes(self.boxes) if self.boxes else None)
            )
        self.chars, self.boxes = [], []

    def end_line(self) -> None:
        self.end_word()
        if self.words:
            boxes = [w.bbox for w in self.words if w.bbox is not None]
            text = join_words([w.text for w in self.words])
            self.lines.append(Line(text, tuple(self.words), union_boxes(boxes) if boxes else None))
        self.words = []


def text_layer_lines(page: pdfium.PdfPage, max_chars: int) -> tuple[Line, ...]:
    """The page's text as lines of words; boxes in displayed points."""
    textpage = page.get_textpage()
    try:
        count = min(textpage.count_chars(), max_chars)
        to_display = page_to_display(page)
        builder = _LineBuilder()
        line_top: float | None = None
        line_bottom: float | None = None
        for index in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            if code in (0x0D, 0x0A):
                builder.end_line()
                line_top = line_bottom = None
                continue
            if code in (0x20, 0x09, 0xA0, 0x3000) or code == 0x02:  # 0x02: soft hyphen marker
                builder.end_word()
                continue
            ch = chr(code) if 0 < code < 0x110000 else "\ufffd"
            box = _char_box(textpage, index, to_display)
            middle = (box[1] + box[3]) / 2
            # a move to another line without a generated line break
            if (
                line_top is not None
                and line_bottom is not None
                and box[3] > box[1]
                and not line_top <= middle <= line_bottom
            ):
                builder.end_line()
                line_top = line_bottom = None
            if box[3] > box[1]:
                line_top = box[1] if line_top is None else min(line_top, box[1])
                line_bottom = box[3] if line_bottom is None else max(line_bottom, box[3])
            builder.add_char(ch, box)
        builder.end_line()
        return tuple(builder.lines)
    finally:
        textpage.close()


def image_coverage(page: pdfium.PdfPage) -> float:
    """Share of the page area under image objects (0..1, overlaps counted once at most)."""
    width, height = (float(v) for v in page.get_size())
    area = max(1.0, width * height)
    covered = 0.0
    objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
    for inspected, obj in enumerate(objects):
        if inspected >= MAX_OBJECTS_INSPECTED:
            break
        try:
            left, bottom, right, top = (float(v) for v in obj.get_bounds())
        except pdfium.PdfiumError:
            continue
        covered += max(0.0, min(right, width) - max(left, 0.0)) * max(
            0.0, min(top, height) - max(bottom, 0.0)
        )
    return min(1.0, covered / area)
