"""Bringing page images to the resolution tesseract reads best at (about 300 dpi)."""

from __future__ import annotations

from PIL import Image

TARGET_DPI = 300
MAX_UPSCALE = 4.0
# Above this, images are reduced: more pixels cost time and do not read better.
MAX_USEFUL_DPI = 450


def scaled_for_ocr(gray: Image.Image, dpi: float, max_pixels: int) -> tuple[Image.Image, float]:
    """The image rescaled towards TARGET_DPI and its new resolution.

    Low-resolution photos are scaled up (bicubic, at most MAX_UPSCALE and within ``max_pixels``);
    600-dpi scans are reduced by a whole factor, which is cheap.
    """
    if dpi > MAX_USEFUL_DPI:
        reduction = max(2, round(dpi / TARGET_DPI))
        return gray.reduce(reduction), dpi / reduction
    if dpi >= TARGET_DPI * 0.8:
        return gray, dpi
    factor = min(MAX_UPSCALE, TARGET_DPI / dpi)
    width, height = round(gray.width * factor), round(gray.height * factor)
    if width * height > max_pixels:
        return gray, dpi
    return gray.resize((width, height), Image.Resampling.BICUBIC), dpi * factor
