"""PDF: the text layer where a page has one, OCR where it is empty or garbage; pypdf as a
fallback for files pdfium will not open.

Every page is checked before anything is rendered: the page count against ``max_pages``, the
page size against the pixel budget, so 2,000-page files and huge media boxes are refused fast.
"""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extraction.document import Line, Page, TextDocument, Word
from extraction.errors import ExtractionError
from extraction.ocr import PageReader
from extraction.ocr.geometry import Affine, scaling
from extraction.ocr.resolution import scaled_for_ocr
from extraction.readers.pdf_text import image_coverage, text_layer_lines
from extraction.readers.sniff import PDF
from extraction.readers.text_quality import page_needs_ocr
from extraction.types import ExtractionConfig

# Characters read from one page's text layer; a real page has a few thousand.
MAX_CHARS_PER_PAGE = 200_000
# Below this resolution OCR is not worth running; such a page is refused instead.
MIN_OCR_DPI = 100
# Objects looked at to tell whether a page is a single scanned image.
SCAN_PAGE_MAX_OBJECTS = 50


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ExtractionError("the PDF is protected by a password and cannot be read") from exc
        raise _Unreadable(str(exc)) from exc


class _Unreadable(Exception):
    """pdfium could not open the file; pypdf gets a try."""


def render_dpi(width_pt: float, height_pt: float, config: ExtractionConfig) -> int:
    """The resolution to render a page at: ``ocr_dpi``, lowered to fit the pixel budget.

    Raises for pages so large that even ``MIN_OCR_DPI`` would exceed the budget.
    """
    area_in2 = max(width_pt, 1.0) * max(height_pt, 1.0) / (72 * 72)
    fitting = math.floor(math.sqrt(config.max_image_pixels / area_in2))
    if fitting < MIN_OCR_DPI:
        raise ExtractionError(
            f"a page is too large to render ({width_pt / 72:.0f} × {height_pt / 72:.0f} inches)"
        )
    return min(config.ocr_dpi, fitting)


class PdfReader:
    """Reads PDFs with pdfium: text layer with boxes, OCR for image-only pages."""

    name: str = "pdf"
    content_types: tuple[str, ...] = (PDF,)
    score: int = 10

    def read(self, data: bytes, config: ExtractionConfig) -> TextDocument:
        """Read every page; OCR only the pages whose text layer is empty or garbage."""
        try:
            document = _open(data)
        except _Unreadable:
            return _read_with_pypdf(data, config)
        try:
            return self._read_pages(document, config)
        finally:
            document.close()

    def _read_pages(self, document: pdfium.PdfDocument, config: ExtractionConfig) -> TextDocument:
        count = len(document)
        if count == 0:
            raise ExtractionError("the PDF has no pages")
        if count > config.max_pages:
            raise ExtractionError(
                f"the PDF has {count} pages; at most {config.max_pages} are accepted"
            )
        pages: list[Page] = []
        warnings: list[str] = []
        ocr: PageReader | None = None
        for index in range(count):
            page = _load_page(document, index)
            try:
                width, height = page.get_size()
                lines = text_layer_lines(page, MAX_CHARS_PER_PAGE)
                text = "\n".join(line.text for line in lines)
                if not page_needs_ocr(text, image_coverage(page)):
                    pages.append(Page(index + 1, lines, False, width, height))
                    continue
                if not config.ocr:
                    warnings.append(f"page {index + 1} needs OCR, which is switched off")
                    pages.append(Page(index + 1, lines, False, width, height))
                    continue
                ocr = ocr or PageReader(config)
                pages.append(_ocr_page(page, index + 1, ocr, config))
            finally:
                page.close()
        return TextDocument(tuple(pages), content_type=PDF, warnings=tuple(warnings))


def _load_page(document: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    try:
        return document[index]
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"page {index + 1} of the PDF is damaged and cannot be read") from exc


def _ocr_page(page: pdfium.PdfPage, number: int, ocr: PageReader, config: ExtractionConfig) -> Page:
    width, height = page.get_size()
    scan = scanned_image(page, config)
    if scan is not None:
        image, dpi, to_page = scan
    else:
        dpi = render_dpi(width, height, config)
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
        except pdfium.PdfiumError as exc:
            raise ExtractionError(f"page {number} of the PDF cannot be rendered") from exc
        image, to_page = bitmap.to_pil(), scaling(72 / dpi, 72 / dpi)
    result = ocr.read(image, dpi, to_page)
    return Page(
        number,
        result.lines,
        True,
        width,
        height,
        rotation=result.correction.rotation,
        skew=result.correction.skew,
        ocr_language=result.language_pack,
    )


def scanned_image(
    page: pdfium.PdfPage, config: ExtractionConfig
) -> tuple[Image.Image, int, Affine] | None:
    """The page's scan as stored, when the page is one upright image covering it all.

    Decoding the stored image is several times cheaper than rendering the page and gives the
    scanner's own pixels. Returns the grayscale image brought towards 300 dpi, its resolution
    and the map from its pixels to page points; None for any other kind of page.
    """
    if page.get_rotation() != 0:
        return None
    width, height = (float(v) for v in page.get_size())
    images = []
    for inspected, obj in enumerate(page.get_objects(max_depth=2)):
        if inspected >= SCAN_PAGE_MAX_OBJECTS:
            return None
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(obj)
    if len(images) != 1:
        return None
    image = images[0]
    a, b, c, d, e, f = image.get_matrix().get()
    covers = (
        abs(b) < 1e-6
        and abs(c) < 1e-6
        and abs(a - width) <= 0.02 * width
        and abs(d - height) <= 0.02 * height
        and abs(e) <= 0.02 * width
        and abs(f) <= 0.02 * height
    )
    if not covers:
        return None
    pixel_width, pixel_height = image.get_px_size()
    if pixel_width * pixel_height > config.max_image_pixels or min(pixel_width, pixel_height) < 1:
        limit = config.max_image_pixels / 1_000_000
        raise ExtractionError(
            f"a page image has more than {limit:.0f} million pixels and is refused"
        )
    dpi = pixel_width / (width / 72)
    if dpi < MIN_OCR_DPI:
        return None
    try:
        decoded = image.get_bitmap(render=False).to_pil().convert("L")
    except (pdfium.PdfiumError, ValueError, KeyError, OSError):
        return None
    if decoded.size != (pixel_width, pixel_height):
        return None
    scaled, ocr_dpi = scaled_for_ocr(decoded, dpi, config.max_image_pixels)
    to_page = scaling(width / scaled.width, height / scaled.height)
    return scaled, round(ocr_dpi), to_page


def _read_with_pypdf(data: bytes, config: ExtractionConfig) -> TextDocument:
    """Text without boxes from files pdfium refuses (pypdf repairs more broken cross-references)."""
    from pypdf import PdfReader as PypdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

    try:
        reader = PypdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ExtractionError("the PDF is protected by a password and cannot be read")
        count = len(reader.pages)
        if count == 0:
            raise ExtractionError("the PDF has no pages or is damaged beyond repair")
        if count > config.max_pages:
            raise ExtractionError(
                f"the PDF has {count} pages; at most {config.max_pages} are accepted"
            )
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            lines = tuple(Line(t, tuple(Word(w) for w in t.split())) for t in text.splitlines())
            box = page.mediabox
            pages.append(Page(number, lines, False, float(box.width), float(box.height)))
    except ExtractionError:
        raise
    except (PdfReadError, PdfStreamError, FileNotDecryptedError) as exc:
        raise ExtractionError(f"the PDF is damaged and cannot be read ({exc})") from exc
    except RecursionError as exc:
        raise ExtractionError("the PDF's objects are nested too deeply to read") from exc
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ExtractionError("the PDF is damaged and cannot be read") from exc
    warning = "pdfium could not open the PDF; its text was read without word boxes"
    return TextDocument(tuple(pages), content_type=PDF, warnings=(warning,))
