"""OCR of one page image: find which way is up and the script with a cheap probe, straighten
the page, read it with the fitting tesseract language pack, keep every word's box.

Cost: the probe reads two lines of a few inches at 150 dpi with a model that is already
loaded, so the whole path stays close to tesseract alone on the same image. When the probe
cannot tell the language, the previous page's pack (else ``eng``) is used, and the page is read
again only if its full text clearly says it is in another language. Tesseract's own
orientation detection (OSD) is not used: it cost about as much as reading the page and misjudged
downscaled pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from extraction.document import Line
from extraction.errors import ExtractionError
from extraction.ocr.cells import reread_cells
from extraction.ocr.engine import OcrEngine, OcrWord, default_engine
from extraction.ocr.geometry import Affine, Correction, corrected_image, scaling
from extraction.ocr.language import han_share, is_han, latin_pack
from extraction.ocr.lines import words_to_lines
from extraction.ocr.page_analysis import analyse_layout, probe_band
from extraction.types import ExtractionConfig

# Mean confidence of a probe above which its orientation and script are taken as right.
PROBE_ACCEPT = 70.0
# Share of Han characters in a probe that makes a page Chinese.
HAN_PAGE_SHARE = 0.3
# Skews smaller than this are left to tesseract; straightening costs a resample of the page.
MIN_SKEW_TO_CORRECT = 0.3
_HAN_COUNTRIES = frozenset({"CN", "TW", "HK", "MO"})
# Lines and width of the probe band, and the resolution it is read at: enough words to tell
# the script, the way up and usually the language, at a tenth of the cost of the page.
PROBE_LINES = 2
PROBE_WIDTH_INCHES = 3.5
PROBE_DPI = 150


class _ScriptMemory:
    """The script of the last page this process read: a batch tends to stay in one script."""

    han = False


def _probe_image(band: Image.Image, dpi: int) -> tuple[Image.Image, int]:
    factor = dpi // PROBE_DPI
    if factor >= 2:
        return band.reduce(factor), dpi // factor
    return band, dpi


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page image."""

    lines: tuple[Line, ...]
    correction: Correction
    language_pack: str | None
    mean_confidence: float


@dataclass(frozen=True)
class _Probe:
    rotation: int
    pack: str
    score: float
    text: str


# Fewest readable units (a Latin word, or one Han character) a probe needs to be trusted.
PROBE_MIN_UNITS = 3


def probe_score(words: list[OcrWord]) -> float:
    """Mean confidence of a probe's readable words; 0 when it read too little to judge.

    Each Han character counts as a unit: tesseract splits a two-word label such as "营业 收入"
    into two words, which is as much text as three or four Latin words.
    """
    scored = [w for w in words if any(ch.isalnum() for ch in w.text)]
    units = sum(max(1, sum(1 for ch in w.text if is_han(ch))) for w in scored)
    if units < PROBE_MIN_UNITS:
        return 0.0
    return sum(max(0.0, w.confidence) for w in scored) / len(scored)


class PageReader:
    """Reads page images of one document; remembers the script of the previous page."""

    def __init__(self, config: ExtractionConfig, engine: OcrEngine | None = None) -> None:
        self.config = config
        self.engine = engine or default_engine(config.tesseract_cmd)
        self._installed = self.engine.available_languages()
        wanted = "zh" in config.languages and "chi_sim" in self._installed
        hint_han = (config.country_hint or "").upper() in _HAN_COUNTRIES
        self._han_first = wanted and (hint_han or _ScriptMemory.han)
        self._han_allowed = wanted
        # the pack of the previous page, used when a page's probe cannot tell the language
        self._document_pack: str | None = None
        if "eng" not in self._installed and "chi_sim" not in self._installed:
            raise ExtractionError("OCR is not available: no tesseract language pack is installed")

    def read(self, image: Image.Image, dpi: int, to_page: Affine | float) -> OcrPage:
        """OCR ``image`` (rendered or scanned at ``dpi``); boxes in page points.

        ``to_page`` maps the image's pixels to page points: a factor (72 / dpi for a rendered
        page) or an affine map.
        """
        if not isinstance(to_page, tuple):
            to_page = scaling(to_page, to_page)
        gray = image if image.mode == "L" else image.convert("L")
        layout = analyse_layout(gray, dpi)
        if layout.blank:
            return OcrPage((), Correction(), None, 0.0)
        skew = layout.skew if abs(layout.skew) >= MIN_SKEW_TO_CORRECT else 0.0
        rotations = (90, 270) if layout.vertical_lines else (0, 180)
        chosen, upright, matrix = self._find_upright(gray, dpi, rotations, skew)
        pack = chosen.pack
        if pack != "chi_sim":
            guessed = latin_pack(chosen.text, self.config.languages, self._installed)
            pack = guessed or self._document_pack or "eng"
        words = self.engine.recognise(upright, pack, dpi)
        if pack != "chi_sim":
            # the whole page says more than the probe; rarely, it names another language
            page_pack = latin_pack(
                " ".join(w.text for w in words), self.config.languages, self._installed
            )
            if page_pack is not None and page_pack != pack:
                pack = page_pack
                words = self.engine.recognise(upright, pack, dpi)
        self._document_pack = pack
        figures_pack = "eng" if "eng" in self._installed else pack
        words, _rereads = reread_cells(self.engine, upright, words, figures_pack, dpi)
        lines = words_to_lines(words, matrix, to_page)
        confidences = [w.confidence for w in words if w.confidence >= 0]
        mean = sum(confidences) / len(confidences) if confidences else 0.0
        self._han_first = _ScriptMemory.han = pack == "chi_sim"
        return OcrPage(lines, Correction(chosen.rotation, skew), pack, mean)

    def _probe_packs(self) -> tuple[str, ...]:
        latin = "eng" if "eng" in self._installed else None
        han = "chi_sim" if self._han_allowed else None
        ordered = (han, latin) if self._han_first else (latin, han)
        return tuple(p for p in ordered if p)

    def _find_upright(
        self, gray: Image.Image, dpi: int, rotations: tuple[int, int], skew: float
    ) -> tuple[_Probe, Image.Image, Affine]:
        best: tuple[_Probe, Image.Image, Affine] | None
        best = None
        for rotation in rotations:
            upright, matrix = corrected_image(gray, Correction(rotation, skew))
            band, band_dpi = _probe_image(
                upright.crop(probe_band(upright, dpi, PROBE_LINES, PROBE_WIDTH_INCHES)), dpi
            )
            for pack in self._probe_packs():
                words = self.engine.recognise(band, pack, band_dpi, probe=True)
                text = " ".join(w.text for w in words)
                is_han = pack == "chi_sim" and han_share(text) >= HAN_PAGE_SHARE
                probe = _Probe(rotation, "chi_sim" if is_han else "eng", probe_score(words), text)
                if best is None or probe.score > best[0].score:
                    best = (probe, upright, matrix)
                if probe.score >= PROBE_ACCEPT:
                    return probe, upright, matrix
        assert best is not None
        return best
