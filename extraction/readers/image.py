"""Scans and photos: PNG, JPEG and TIFF (every frame of a multi-page TIFF is a page), OCR'd.

Sizes are checked from the header before any pixel is decoded (pixel floods, bogus JPEG
dimensions, TIFF bombs), and Pillow's own ``MAX_IMAGE_PIXELS`` guard is kept on as well.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from extraction.document import Page, TextDocument
from extraction.errors import ExtractionError
from extraction.ocr import PageReader
from extraction.ocr.resolution import scaled_for_ocr
from extraction.readers.sniff import JPEG, PNG, TIFF
from extraction.types import ExtractionConfig

# A photo carries no trustworthy DPI; assume its longer side spans an A4 page (11.69 in).
ASSUMED_PAGE_INCHES = 11.69
MIN_TRUSTED_DPI = 150


def _open_image(data: bytes, config: ExtractionConfig) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = config.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(config) from exc
    except UnidentifiedImageError as exc:
        raise ExtractionError("the image is damaged or not a PNG, JPEG or TIFF") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError(f"the image cannot be read ({exc})") from exc
    return image


def _too_many_pixels(config: ExtractionConfig) -> ExtractionError:
    limit = config.max_image_pixels / 1_000_000
    return ExtractionError(f"the image has more than {limit:.0f} million pixels and is refused")


def _check_size(image: Image.Image, config: ExtractionConfig) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ExtractionError("the image has no pixels")
    if width * height > config.max_image_pixels:
        raise _too_many_pixels(config)


def effective_dpi(image: Image.Image) -> float:
    """The image's DPI when it is plausible, else estimated from an A4-sized page."""
    info = image.info.get("dpi")
    if (
        isinstance(info, tuple)
        and info
        and isinstance(info[0], int | float)
        and info[0] >= MIN_TRUSTED_DPI
    ):
        return float(info[0])
    return max(image.size) / ASSUMED_PAGE_INCHES


def _decode_frame(image: Image.Image, config: ExtractionConfig) -> Image.Image:
    _check_size(image, config)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upright = ImageOps.exif_transpose(image) or image
            return upright.convert("L")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(config) from exc
    except (OSError, SyntaxError, ValueError, MemoryError) as exc:
        raise ExtractionError(f"the image is damaged and cannot be decoded ({exc})") from exc


class ImageReader:
    """OCRs each frame of a PNG, JPEG or TIFF as one page."""

    name: str = "image"
    content_types: tuple[str, ...] = (PNG, JPEG, TIFF)
    score: int = 10

    def read(self, data: bytes, config: ExtractionConfig) -> TextDocument:
        """OCR every frame; EXIF orientation is applied before anything else."""
        image = _open_image(data, config)
        content_type = Image.MIME.get(image.format or "", "image")
        frames = getattr(image, "n_frames", 1)
        if frames > config.max_pages:
            raise ExtractionError(
                f"the image has {frames} pages; at most {config.max_pages} are accepted"
            )
        if not config.ocr:
            raise ExtractionError("the document is an image and OCR is switched off")
        reader = PageReader(config)
        pages: list[Page] = []
        for index in range(frames):
            try:
                image.seek(index)
            except (EOFError, OSError) as exc:
                raise ExtractionError(f"page {index + 1} of the image is damaged") from exc
            gray = _decode_frame(image, config)
            dpi = effective_dpi(image)
            scaled, ocr_dpi = scaled_for_ocr(gray, dpi, config.max_image_pixels)
            result = reader.read(scaled, round(ocr_dpi), 72 / ocr_dpi)
            pages.append(
                Page(
                    index + 1,
                    result.lines,
                    True,
                    gray.width * 72 / dpi,
                    gray.height * 72 / dpi,
                    rotation=result.correction.rotation,
                    skew=result.correction.skew,
                    ocr_language=result.language_pack,
                )
            )
        return TextDocument(tuple(pages), content_type=content_type)
