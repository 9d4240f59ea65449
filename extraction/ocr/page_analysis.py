"""Cheap looks at a page image before OCR: is it blank, which way do its lines run, how skewed
is it, and where is a band of a few text lines to probe the script and orientation with.

All of it works on a small black-and-white copy (about 75 dpi) and costs tens of milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

ANALYSIS_DPI = 75
# Less ink than this share of the page: nothing to read.
BLANK_INK_SHARE = 0.001
MAX_SKEW_DEGREES = 6.0
# Ink points sampled for the skew search; more does not change the answer.
MAX_SKEW_POINTS = 60_000
# Odd pixel size (at ANALYSIS_DPI) of the filter that estimates the paper's brightness.
PAPER_FILTER_SIZE = 9
# A pixel darker than this share of the paper brightness around it is ink.
INK_DARKNESS = 0.7
# Paper darker than this is a desk or a shadow, not a page.
DARK_BACKGROUND = 90.0
# Ink along a row at least this long (inches) and this dense is a rule of a table or a form, not
# text: letters and Han characters leave gaps between them at the analysis resolution, while a
# scanned rule is only broken here and there by noise.
RULE_INCHES = 0.8
RULE_FILL = 0.9

InkMask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PageLayout:
    """What the quick look found, in the page image's own pixels."""

    blank: bool
    vertical_lines: bool  # text lines run top-to-bottom: the page is turned by a quarter
    skew: float  # degrees counter-clockwise that straighten the lines (``Image.rotate`` sense)


def ink_mask(image: Image.Image, dpi: int) -> tuple[InkMask, float]:
    """A small black-and-white copy (True = ink) and its scale relative to ``image``.

    Each pixel is compared with the local paper brightness (a max filter wide enough to erase
    strokes), so uneven lighting and a dark desk around a photographed page are not ink.
    """
    factor = max(1, round(dpi / ANALYSIS_DPI))
    small = image.convert("L")
    if factor > 1:
        small = small.reduce(factor)
    scale = small.width / max(1, image.width)
    pixels = np.asarray(small, dtype=np.float32)
    paper = _box_mean(_local_max(pixels, PAPER_FILTER_SIZE), PAPER_FILTER_SIZE)
    # a desk or a shadow around the page: dark even at its brightest nearby pixel
    desk = _local_max(
        (_local_max(pixels, PAPER_FILTER_SIZE) < DARK_BACKGROUND).astype(np.float32),
        PAPER_FILTER_SIZE,
    )
    ink: InkMask = (pixels < np.maximum(paper, 1.0) * INK_DARKNESS) & (desk == 0)
    return ink, scale


def _slide(
    pixels: npt.NDArray[np.float32], size: int, axis: int, combine: np.ufunc
) -> npt.NDArray[np.float32]:
    half = size // 2
    padding = [(0, 0), (0, 0)]
    padding[axis] = (half, half)
    padded = np.pad(pixels, padding, mode="edge")
    length = pixels.shape[axis]
    result = padded[:length].copy() if axis == 0 else padded[:, :length].copy()
    for i in range(1, size):
        window = padded[i : i + length] if axis == 0 else padded[:, i : i + length]
        combine(result, window, out=result)
    return result


def _local_max(pixels: npt.NDArray[np.float32], size: int) -> npt.NDArray[np.float32]:
    """Maximum over a size x size window (separable, so cheap)."""
    return _slide(_slide(pixels, size, 0, np.maximum), size, 1, np.maximum)


def _box_mean(pixels: npt.NDArray[np.float32], size: int) -> npt.NDArray[np.float32]:
    total = _slide(_slide(pixels, size, 0, np.add), size, 1, np.add)
    return (total / np.float32(size * size)).astype(np.float32)


def _line_sharpness(
    rows: npt.NDArray[np.float64], cols: npt.NDArray[np.float64], angle: float, height: int
) -> float:
    """How sharply ink falls into rows when the page is turned by ``angle`` degrees."""
    radians = np.radians(angle)
    projected = np.round(rows * np.cos(radians) - cols * np.sin(radians)).astype(np.int64)
    projected -= projected.min()
    profile = np.bincount(projected).astype(np.float64)
    return float((profile**2).sum()) / max(1.0, float(profile.sum()))


def _best_skew(mask: InkMask) -> tuple[float, float]:
    """The straightening angle and how sharp the text lines are at it."""
    rows, cols = np.nonzero(mask)
    if rows.size > MAX_SKEW_POINTS:
        pick = np.random.default_rng(0).choice(rows.size, MAX_SKEW_POINTS, replace=False)
        rows, cols = rows[pick], cols[pick]
    rows_f, cols_f = rows.astype(np.float64), cols.astype(np.float64)
    height = mask.shape[0]

    def search(candidates: npt.NDArray[np.float64]) -> tuple[float, float]:
        scores = [_line_sharpness(rows_f, cols_f, float(a), height) for a in candidates]
        best = int(np.argmax(scores))
        return float(candidates[best]), scores[best]

    coarse, _ = search(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 1.0))
    fine, score = search(np.arange(coarse - 1.0, coarse + 1.01, 0.2))
    # the projection at angle a is where rows land after ``Image.rotate(a)``
    return fine, score


def analyse_layout(image: Image.Image, dpi: int) -> PageLayout:
    """Blankness, line direction and skew of a page image."""
    mask, _ = ink_mask(image, dpi)
    if mask.mean() < BLANK_INK_SHARE:
        return PageLayout(blank=True, vertical_lines=False, skew=0.0)
    skew_h, sharp_h = _best_skew(mask)
    skew_v, sharp_v = _best_skew(np.ascontiguousarray(np.rot90(mask, k=-1)))
    if sharp_v > sharp_h * 1.1:
        return PageLayout(blank=False, vertical_lines=True, skew=round(skew_v, 2))
    return PageLayout(blank=False, vertical_lines=False, skew=round(skew_h, 2))


def _dense_runs(mask: InkMask, length: int) -> InkMask:
    """Ink pixels inside a horizontal window of ``length`` pixels that is almost all ink."""
    height, width = mask.shape
    if length > width:
        return np.zeros_like(mask)
    counts = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=counts[:, 1:])
    # the window of ``length`` pixels starting at column j is (almost) all ink
    full = (counts[:, length:] - counts[:, :-length]) >= RULE_FILL * length
    # every pixel covered by such a window: windows starting in (x - length, x]
    starts = np.zeros((height, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    covered = np.zeros_like(mask)
    for_x = np.arange(width)
    last = np.minimum(for_x, full.shape[1] - 1) + 1
    first = np.maximum(for_x - length + 1, 0)
    covered[:, :] = (starts[:, last] - starts[:, first]) > 0
    return covered & mask


def without_rules(mask: InkMask, analysis_dpi: float) -> InkMask:
    """The ink mask with the horizontal rules of tables and forms taken out."""
    return mask & ~_dense_runs(mask, max(8, round(RULE_INCHES * analysis_dpi)))


def probe_band(
    image: Image.Image, dpi: int, lines: int = 3, max_width_inches: float = 4.0
) -> tuple[int, int, int, int]:
    """A box (left, top, right, bottom) around ``lines`` text lines of an upright image.

    Picks the run of lines with the most ink, so the probe sees real text rather than a logo or
    a rule (rules are taken out of the ink first), and trims it to the inked width.
    """
    mask, scale = ink_mask(image, dpi)
    # a table's rule is the most inked row of a page of figures, and holds no text to read
    mask = without_rules(mask, dpi * scale)
    profile = mask.sum(axis=1)
    inked = profile > max(2, 0.02 * mask.shape[1])
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for row, on in enumerate(inked):
        if on and start is None:
            start = row
        elif not on and start is not None:
            runs.append((start, row))
            start = None
    if start is not None:
        runs.append((start, len(inked)))
    analysis_dpi = dpi * scale
    # a run taller than half an inch is a picture, a logo or a stamp, not a line of text
    tallest = max(3, round(0.5 * analysis_dpi))
    runs = [r for r in runs if 2 <= r[1] - r[0] <= tallest] or [(0, mask.shape[0])]
    best_top, best_bottom, best_ink = runs[0][0], runs[0][1], -1
    for first in range(len(runs)):
        window = runs[first : first + lines]
        top, bottom = window[0][0], window[-1][1]
        ink = int(profile[top:bottom].sum())
        if bottom - top <= lines * tallest and ink > best_ink:
            best_top, best_bottom, best_ink = top, bottom, ink
    columns = np.nonzero(mask[best_top:best_bottom].any(axis=0))[0]
    left = int(columns[0]) if columns.size else 0
    right = int(columns[-1]) + 1 if columns.size else mask.shape[1]
    # a few inches of a line are enough to tell the script and the way up
    right = min(right, left + round(max_width_inches * analysis_dpi))
    margin = 3
    return (
        max(0, round((left - margin) / scale)),
        max(0, round((best_top - margin) / scale)),
        min(image.width, round((right + margin) / scale)),
        min(image.height, round((best_bottom + margin) / scale)),
    )
