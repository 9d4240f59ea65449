"""Tesseract behind one small interface: an image and a language pack in, words with boxes out.

Two engines give the same output. :class:`TesseractLibrary` calls libtesseract's C API through
ctypes and keeps one initialised engine per language pack for the life of the process, so a
worker pays the model load once, not once per page. :class:`TesseractCommand` runs the
``tesseract`` program through pytesseract, for machines without the shared library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from extraction.errors import ExtractionError


@dataclass(frozen=True)
class OcrWord:
    """One word tesseract read, with its box in pixels of the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0..100
    block: int
    paragraph: int
    line: int


class OcrEngine(Protocol):
    """Recognises the words on a grayscale image with one language pack."""

    def recognise(
        self, image: Image.Image, language: str, dpi: int, probe: bool = False
    ) -> list[OcrWord]:
        """Words in reading order with boxes in the image's pixels.

        ``probe`` reads a small band of text quickly: one uniform block, no second pass on
        inverted (white on black) text.
        """
        ...

    def read_line(
        self, image: Image.Image, language: str, dpi: int, characters: str
    ) -> list[OcrWord]:
        """The words of an image holding one line of text (a table cell), read with only
        ``characters`` allowed (tesseract's single-line mode and character whitelist)."""
        ...

    def available_languages(self) -> frozenset[str]:
        """Language packs that can be used (``eng``, ``chi_sim``, ...)."""
        ...


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Words from tesseract's TSV output (the format of ``image_to_data``)."""
    words: list[OcrWord] = []
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":  # level 5 rows are words
            continue
        text = cells[11].strip()
        if not text:
            continue
        try:
            numbers = [int(c) for c in cells[2:10]]
            confidence = float(cells[10])
        except ValueError:
            continue
        block, paragraph, line, _word, left, top, width, height = numbers
        words.append(OcrWord(text, left, top, width, height, confidence, block, paragraph, line))
    return words


def _psm(probe: bool) -> int:
    # 6: one uniform block (a probe band); 3: fully automatic page layout without OSD
    return 6 if probe else 3


# Tesseract's page segmentation mode for a single line of text.
PSM_SINGLE_LINE = 7


def _grayscale(image: Image.Image) -> Image.Image:
    return image if image.mode == "L" else image.convert("L")


class TesseractLibrary:
    """libtesseract through its C API; one engine per language pack, kept for the process."""

    def __init__(self, library: ctypes.CDLL) -> None:
        self._lib = library
        self._handles: dict[str, ctypes.c_void_p] = {}
        self._declare()

    @classmethod
    def load(cls) -> TesseractLibrary | None:
        """The engine, or None when libtesseract cannot be found on this machine."""
        # OpenMP reads the thread limit when the library loads; one thread per page is fastest.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
        try:
            return cls(ctypes.CDLL(name))
        except OSError:
            return None

    def _declare(self) -> None:
        lib, vp, cp, ci = self._lib, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        lib.TessBaseAPICreate.restype = vp
        lib.TessBaseAPIInit3.argtypes = [vp, cp, cp]
        lib.TessBaseAPIInit3.restype = ci
        lib.TessBaseAPISetVariable.argtypes = [vp, cp, cp]
        lib.TessBaseAPISetVariable.restype = ci
        lib.TessBaseAPISetPageSegMode.argtypes = [vp, ci]
        lib.TessBaseAPISetImage.argtypes = [vp, ctypes.c_char_p, ci, ci, ci, ci]
        lib.TessBaseAPISetSourceResolution.argtypes = [vp, ci]
        lib.TessBaseAPIRecognize.argtypes = [vp, vp]
        lib.TessBaseAPIRecognize.restype = ci
        lib.TessBaseAPIGetTsvText.argtypes = [vp, ci]
        lib.TessBaseAPIGetTsvText.restype = ctypes.POINTER(ctypes.c_char)
        lib.TessDeleteText.argtypes = [ctypes.POINTER(ctypes.c_char)]
        lib.TessBaseAPIClear.argtypes = [vp]
        lib.TessBaseAPIGetDatapath.argtypes = [vp]
        lib.TessBaseAPIGetDatapath.restype = cp

    def _handle(self, language: str) -> ctypes.c_void_p:
        handle = self._handles.get(language)
        if handle is None:
            handle = ctypes.c_void_p(self._lib.TessBaseAPICreate())
            if self._lib.TessBaseAPIInit3(handle, None, language.encode()) != 0:
                raise ExtractionError(f"the OCR language pack {language!r} is not installed")
            # Silence "Estimating resolution" and similar chatter on stderr.
            self._lib.TessBaseAPISetVariable(handle, b"debug_file", b"/dev/null")
            self._handles[language] = handle
        return handle

    def recognise(
        self, image: Image.Image, language: str, dpi: int, probe: bool = False
    ) -> list[OcrWord]:
        """Words in reading order with boxes in the image's pixels."""
        return self._run(image, language, dpi, _psm(probe), invert=not probe, characters="")

    def read_line(
        self, image: Image.Image, language: str, dpi: int, characters: str
    ) -> list[OcrWord]:
        """The words of a one-line image, only ``characters`` allowed."""
        return self._run(image, language, dpi, PSM_SINGLE_LINE, invert=False, characters=characters)

    def _run(
        self,
        image: Image.Image,
        language: str,
        dpi: int,
        psm: int,
        invert: bool,
        characters: str,
    ) -> list[OcrWord]:
        gray = _grayscale(image)
        handle = self._handle(language)
        pixels = gray.tobytes()
        lib = self._lib
        lib.TessBaseAPISetPageSegMode(handle, psm)
        lib.TessBaseAPISetVariable(handle, b"tessedit_do_invert", b"1" if invert else b"0")
        lib.TessBaseAPISetVariable(handle, b"tessedit_char_whitelist", characters.encode())
        lib.TessBaseAPISetImage(handle, pixels, gray.width, gray.height, 1, gray.width)
        lib.TessBaseAPISetSourceResolution(handle, dpi)
        try:
            if lib.TessBaseAPIRecognize(handle, None) != 0:
                raise ExtractionError("OCR failed on a page")
            raw = lib.TessBaseAPIGetTsvText(handle, 0)
            if not raw:
                return []
            try:
                tsv = ctypes.string_at(raw).decode("utf-8", errors="replace")
            finally:
                lib.TessDeleteText(raw)
        finally:
            lib.TessBaseAPIClear(handle)
        return parse_tsv(tsv)

    def available_languages(self) -> frozenset[str]:
        """Language packs in tesseract's data folder."""
        return _installed_languages(_tessdata_folder())


class TesseractCommand:
    """The ``tesseract`` program through pytesseract (one process per page)."""

    def __init__(self, command: str = "tesseract", timeout: float = 120.0) -> None:
        self.command = command
        self.timeout = timeout

    def recognise(
        self, image: Image.Image, language: str, dpi: int, probe: bool = False
    ) -> list[OcrWord]:
        """Words in reading order with boxes in the image's pixels."""
        invert = "0" if probe else "1"
        return self._run(
            image, language, f"--psm {_psm(probe)} --dpi {dpi} -c tessedit_do_invert={invert}"
        )

    def read_line(
        self, image: Image.Image, language: str, dpi: int, characters: str
    ) -> list[OcrWord]:
        """The words of a one-line image, only ``characters`` allowed."""
        config = (
            f"--psm {PSM_SINGLE_LINE} --dpi {dpi} -c tessedit_do_invert=0"
            f" -c tessedit_char_whitelist={characters}"
        )
        return self._run(image, language, config)

    def _run(self, image: Image.Image, language: str, config: str) -> list[OcrWord]:
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = self.command
        try:
            tsv = pytesseract.image_to_data(
                _grayscale(image), lang=language, config=config, timeout=self.timeout
            )
        except RuntimeError as exc:  # pytesseract's timeout
            raise ExtractionError("OCR took too long on a page") from exc
        except pytesseract.TesseractNotFoundError as exc:
            raise ExtractionError("OCR is not available: tesseract is not installed") from exc
        except pytesseract.TesseractError as exc:
            raise ExtractionError(f"OCR failed on a page: {exc.message}") from exc
        return parse_tsv(str(tsv))

    def available_languages(self) -> frozenset[str]:
        """Language packs the program lists."""
        try:
            listing = subprocess.run(
                [self.command, "--list-langs"], capture_output=True, text=True, timeout=30
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return frozenset()
        return frozenset(line.strip() for line in listing.splitlines()[1:] if line.strip())


def _tessdata_folder() -> str | None:
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix] if prefix else []
    candidates += [
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
        "/opt/homebrew/share/tessdata",
    ]
    return next((c for c in candidates if c and os.path.isdir(c)), None)


def _installed_languages(folder: str | None) -> frozenset[str]:
    if folder is None:
        return frozenset()
    suffix = ".traineddata"
    return frozenset(n[: -len(suffix)] for n in os.listdir(folder) if n.endswith(suffix))


_ENGINES: dict[str, OcrEngine] = {}


def default_engine(tesseract_cmd: str = "tesseract") -> OcrEngine:
    """The in-process engine where libtesseract loads, else the command-line program."""
    engine = _ENGINES.get(tesseract_cmd)
    if engine is None:
        library = TesseractLibrary.load() if tesseract_cmd == "tesseract" else None
        engine = library if library is not None else TesseractCommand(tesseract_cmd)
        _ENGINES[tesseract_cmd] = engine
    return engine
