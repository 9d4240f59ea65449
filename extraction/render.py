"""Page images and plain text of a document for people to look at (the reviewer's workbench).

Pages are drawn in the coordinate system of the evidence boxes (``extraction.document``): PDF
points, origin top-left, as displayed. A page rendered at ``dpi`` measures ``pixels * 72 / dpi``
points, which :class:`RenderedPage` reports so that a box can be laid over the image.

Untrusted files are drawn in a child process with memory and wall-clock limits
(:func:`render_page_isolated`, :func:`page_texts_isolated`), never in the caller's process:

>>> page = render_page_isolated(Path("licence.pdf"), 1, RenderLimits())
>>> page.width_pt, len(page.png)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extraction.errors import ExtractionError
from extraction.readers.sniff import JPEG, PDF, PNG, TIFF, sniff_content_type
from extraction.types import ExtractionConfig

if TYPE_CHECKING:
    from PIL import Image

DEFAULT_DPI = 110
# Images are scanned at 300 dpi unless they say otherwise (as extraction.readers.image assumes).
ASSUMED_IMAGE_DPI = 300.0


class RenderError(Exception):
    """The page cannot be drawn; the message says why in words a reviewer can act on."""


@dataclass(frozen=True)
class RenderLimits:
    dpi: int = DEFAULT_DPI
    max_pixels: int = 25_000_000
    timeout_seconds: float = 30.0
    memory_mb: int = 1024


@dataclass(frozen=True)
class RenderedPage:
    number: int
    page_count: int
    width_pt: float
    height_pt: float
    pixel_width: int
    pixel_height: int
    png: bytes


def render_page(data: bytes, number: int, limits: RenderLimits) -> RenderedPage:
    """Draw page ``number`` (1-based) of a PDF or image as a PNG; raises :class:`RenderError`."""
    try:
        kind = sniff_content_type(data)
    except ExtractionError as exc:
        raise RenderError(str(exc)) from exc
    if kind == PDF:
        return _render_pdf_page(data, number, limits)
    if kind in (PNG, JPEG, TIFF):
        return _render_image_page(data, number, limits)
    raise RenderError("this kind of document has no page images; its text is shown instead")


def _render_pdf_page(data: bytes, number: int, limits: RenderLimits) -> RenderedPage:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RenderError(f"the PDF cannot be opened ({exc})") from exc
    try:
        count = len(pdf)
        if not 1 <= number <= count:
            raise RenderError(f"the document has no page {number}")
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = limits.dpi / 72
        if width * scale * height * scale > limits.max_pixels:
            # A huge page is drawn smaller rather than refused: it stays checkable.
            scale = (limits.max_pixels / max(width * height, 1.0)) ** 0.5
        bitmap = page.render(scale=scale)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return RenderedPage(
            number,
            count,
            image.width / scale,
            image.height / scale,
            image.width,
            image.height,
            out.getvalue(),
        )
    finally:
        pdf.close()


def _open_image(data: bytes, limits: RenderLimits) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = limits.max_pixels * 4
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RenderError("the image has too many pixels to show") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise RenderError(f"the image cannot be read ({exc})") from exc


def _render_image_page(data: bytes, number: int, limits: RenderLimits) -> RenderedPage:
    from PIL import Image, ImageOps

    image = _open_image(data, limits)
    count = int(getattr(image, "n_frames", 1))
    if not 1 <= number <= count:
        raise RenderError(f"the document has no page {number}")
    try:
        image.seek(number - 1)
        info = image.info.get("dpi")
        dpi = (
            float(info[0])
            if isinstance(info, tuple) and info and isinstance(info[0], int | float) and info[0]
            else ASSUMED_IMAGE_DPI
        )
        upright = (ImageOps.exif_transpose(image) or image).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise RenderError(f"the image cannot be decoded ({exc})") from exc
    width_pt, height_pt = upright.width * 72 / dpi, upright.height * 72 / dpi
    target = limits.dpi / dpi
    if target < 1:
        size = (max(1, round(upright.width * target)), max(1, round(upright.height * target)))
        upright = upright.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    upright.save(out, format="PNG")
    return RenderedPage(
        number, count, width_pt, height_pt, upright.width, upright.height, out.getvalue()
    )


def page_texts(data: bytes) -> list[str]:
    """The text of each page as read without OCR (text layers, DOCX, plain text)."""
    from extraction.readers import read_document

    try:
        document = read_document(data, ExtractionConfig(ocr=False))
    except ExtractionError as exc:
        raise RenderError(str(exc)) from exc
    return [page.text for page in document.pages]


def _child_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "extraction.render", *arguments]


def _run_child(arguments: list[str], limits: RenderLimits) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env["OMP_THREAD_LIMIT"] = "1"
    try:
        completed = subprocess.run(
            _child_command(*arguments, "--memory-mb", str(limits.memory_mb)),
            capture_output=True,
            timeout=limits.timeout_seconds,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            f"drawing the page took longer than {limits.timeout_seconds:g} s"
        ) from exc
    try:
        answer = json.loads(completed.stdout.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = {}
    if not isinstance(answer, dict) or "error" in answer or completed.returncode != 0:
        reason = answer.get("error") if isinstance(answer, dict) else None
        raise RenderError(
            str(reason or f"the page could not be drawn (exit code {completed.returncode})")
        )
    return answer


def render_page_isolated(path: Path, number: int, limits: RenderLimits) -> RenderedPage:
    """:func:`render_page` in a child process with ``limits``; raises :class:`RenderError`."""
    with tempfile.TemporaryDirectory(prefix="render-") as folder:
        out = Path(folder) / "page.png"
        answer = _run_child(
            [
                "page",
                str(path),
                str(number),
                str(out),
                "--dpi",
                str(limits.dpi),
                "--max-pixels",
                str(limits.max_pixels),
            ],
            limits,
        )
        try:
            png = out.read_bytes()
        except OSError as exc:
            raise RenderError("the page could not be drawn") from exc
    return RenderedPage(
        number,
        int(str(answer["page_count"])),
        float(str(answer["width_pt"])),
        float(str(answer["height_pt"])),
        int(str(answer["pixel_width"])),
        int(str(answer["pixel_height"])),
        png,
    )


def page_texts_isolated(path: Path, limits: RenderLimits) -> list[str]:
    """:func:`page_texts` in a child process with ``limits``; raises :class:`RenderError`."""
    answer = _run_child(["text", str(path)], limits)
    texts = answer.get("pages")
    if not isinstance(texts, list):
        raise RenderError("the text could not be read")
    return [str(text) for text in texts]


def _limit_memory(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str] | None = None) -> int:
    """The child process: draw one page or read the text, answer one JSON object on stdout."""
    parser = argparse.ArgumentParser(prog="python -m extraction.render")
    parser.add_argument("mode", choices=("page", "text"))
    parser.add_argument("path")
    parser.add_argument("number", nargs="?", type=int, default=1)
    parser.add_argument("out", nargs="?")
    parser.add_argument("--dpi", type=int, default=DEFAULT_DPI)
    parser.add_argument("--max-pixels", type=int, default=RenderLimits.max_pixels)
    parser.add_argument("--memory-mb", type=int, default=RenderLimits.memory_mb)
    args = parser.parse_args(argv)
    _limit_memory(args.memory_mb)
    try:
        data = Path(args.path).read_bytes()
        if args.mode == "text":
            answer: dict[str, object] = {"pages": page_texts(data)}
        else:
            limits = RenderLimits(dpi=args.dpi, max_pixels=args.max_pixels)
            page = render_page(data, args.number, limits)
            Path(args.out).write_bytes(page.png)
            answer = {
                "page_count": page.page_count,
                "width_pt": page.width_pt,
                "height_pt": page.height_pt,
                "pixel_width": page.pixel_width,
                "pixel_height": page.pixel_height,
            }
    except RenderError as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": "the page needs too much memory to draw"}
    except OSError as exc:
        answer = {"error": f"the file cannot be read ({exc.strerror})"}
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
