"""Turning a page image upright and mapping boxes back onto the page as it was given.

One affine matrix maps a pixel of the corrected image to the original image (the form
``Image.transform`` takes), so the image and every box go through exactly the same arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

# (a, b, c, d, e, f): x = a*u + b*v + c, y = d*u + e*v + f
Affine = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Correction:
    """How to make a page upright: a quarter turn clockwise ``rotation`` and a small ``skew``."""

    rotation: int = 0  # 0, 90, 180, 270 degrees clockwise
    skew: float = 0.0  # degrees counter-clockwise, as ``Image.rotate`` takes them


def compose(outer: Affine, inner: Affine) -> Affine:
    """The map ``p -> outer(inner(p))``."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (
        a1 * a2 + b1 * d2,
        a1 * b2 + b1 * e2,
        a1 * c2 + b1 * f2 + c1,
        d1 * a2 + e1 * d2,
        d1 * b2 + e1 * e2,
        d1 * c2 + e1 * f2 + f1,
    )


def apply(matrix: Affine, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + b * y + c, d * x + e * y + f


def _quarter_turn(width: int, height: int, rotation: int) -> tuple[tuple[int, int], Affine]:
    """Size after turning clockwise by ``rotation`` and the map upright -> original."""
    if rotation == 0:
        return (width, height), (1, 0, 0, 0, 1, 0)
    if rotation == 90:
        return (height, width), (0, 1, 0, -1, 0, height)
    if rotation == 180:
        return (width, height), (-1, 0, width, 0, -1, height)
    if rotation == 270:
        return (height, width), (0, -1, width, 1, 0, 0)
    raise ValueError(f"rotation must be a multiple of 90, not {rotation}")


def _skew_turn(width: int, height: int, degrees: float) -> tuple[tuple[int, int], Affine]:
    """Size after turning counter-clockwise by ``degrees`` (canvas grown to fit) and the map
    from the turned image back to the unturned one, as ``Image.rotate(expand=True)`` does."""
    if degrees == 0:
        return (width, height), (1, 0, 0, 0, 1, 0)
    angle = -math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = width / 2, height / 2
    corners = [(0, 0), (width, 0), (width, height), (0, height)]
    # forward map (unturned -> turned, before recentring) is the inverse rotation
    xs = [cos * (x - cx) - sin * (y - cy) for x, y in corners]
    ys = [sin * (x - cx) + cos * (y - cy) for x, y in corners]
    new_w = math.ceil(max(xs)) - math.floor(min(xs))
    new_h = math.ceil(max(ys)) - math.floor(min(ys))
    ncx, ncy = new_w / 2, new_h / 2
    # back map: p' -> R(p' - c') + c
    back: Affine = (cos, sin, cx - cos * ncx - sin * ncy, -sin, cos, cy + sin * ncx - cos * ncy)
    return (new_w, new_h), back


def correction_matrix(
    width: int, height: int, correction: Correction
) -> tuple[tuple[int, int], Affine]:
    """Size of the corrected image and the map corrected pixel -> original pixel."""
    (tw, th), turn_back = _quarter_turn(width, height, correction.rotation)
    size, skew_back = _skew_turn(tw, th, correction.skew)
    return size, compose(turn_back, skew_back)


def corrected_image(image: Image.Image, correction: Correction) -> tuple[Image.Image, Affine]:
    """The upright image and the map from its pixels back to ``image``'s pixels."""
    size, matrix = correction_matrix(image.width, image.height, correction)
    if correction.skew == 0:
        method = {
            0: None,
            90: Image.Transpose.ROTATE_270,
            180: Image.Transpose.ROTATE_180,
            270: Image.Transpose.ROTATE_90,
        }[correction.rotation]
        return (image if method is None else image.transpose(method)), matrix
    fill = 255 if image.mode == "L" else (255,) * len(image.getbands())
    # nearest neighbour: a fifth of the cost of bilinear at 300 dpi, and tesseract binarises anyway
    turned = image.transform(
        size, Image.Transform.AFFINE, matrix, resample=Image.Resampling.NEAREST, fillcolor=fill
    )
    return turned, matrix


def box_back(
    matrix: Affine, left: float, top: float, right: float, bottom: float
) -> tuple[float, float, float, float]:
    """The axis-aligned box in the original image that covers a box of the corrected image."""
    points = [
        apply(matrix, x, y) for x, y in ((left, top), (right, top), (right, bottom), (left, bottom))
    ]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def union_boxes(
    boxes: list[tuple[float, float, float, float]],
) -> tuple[float, float, float, float]:
    """The smallest box that covers all ``boxes`` (at least one)."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def scaling(x_scale: float, y_scale: float) -> Affine:
    """The map that multiplies x and y (pixels to points, say)."""
    return (x_scale, 0.0, 0.0, 0.0, y_scale, 0.0)
