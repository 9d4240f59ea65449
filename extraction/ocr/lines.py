"""Tesseract's words into the document model: lines rebuilt from block/paragraph/line numbers,
boxes mapped from the corrected image back onto the page in points."""

from __future__ import annotations

from itertools import groupby

from extraction.document import Line, Word
from extraction.ocr.engine import OcrWord
from extraction.ocr.geometry import Affine, box_back, compose, union_boxes


def _is_cjk(ch: str) -> bool:
    return (
        "\u3000" <= ch <= "\u303f"
        or "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff00" <= ch <= "\uffef"
    )


def join_words(words: list[str]) -> str:
    """Words joined by spaces, except between CJK characters, which tesseract splits apart."""
    text = ""
    for word in words:
        if text and not (_is_cjk(text[-1]) and _is_cjk(word[0])):
            text += " "
        text += word
    return text


def words_to_lines(words: list[OcrWord], matrix: Affine, to_page: Affine) -> tuple[Line, ...]:
    """Lines of words with boxes in page points; ``matrix`` maps corrected -> original pixels and
    ``to_page`` original pixels -> page points."""
    corrected_to_page = compose(to_page, matrix)
    lines: list[Line] = []
    for _key, group in groupby(words, key=lambda w: (w.block, w.paragraph, w.line)):
        members: list[Word] = []
        for word in group:
            box = box_back(
                corrected_to_page,
                word.left,
                word.top,
                word.left + word.width,
                word.top + word.height,
            )
            members.append(Word(word.text, box, round(max(0.0, word.confidence) / 100, 3)))
        if members:
            boxes = [w.bbox for w in members if w.bbox is not None]
            lines.append(
                Line(join_words([w.text for w in members]), tuple(members), union_boxes(boxes))
            )
    return merge_rows(tuple(lines))


def _centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def page_slope(lines: tuple[Line, ...] | list[Line]) -> float:
    """How far a row drops per point to the right (a photo taken at an angle): the median over
    lines of several words of the line through their first and last word."""
    slopes: list[float] = []
    for line in lines:
        boxed = [w.bbox for w in line.words if w.bbox is not None]
        if len(boxed) < 2:
            continue
        (x1, y1), (x2, y2) = _centre(boxed[0]), _centre(boxed[-1])
        if x2 - x1 >= 60:
            slopes.append((y2 - y1) / (x2 - x1))
    if not slopes:
        return 0.0
    slopes.sort()
    return slopes[len(slopes) // 2]


def merge_rows(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Lines on one row of the page joined left to right, as a text layer has them.

    Tesseract reads a table's label column and its figure columns (or a form's labels and
    values) as separate blocks, so "NPS" and "47 40 46" arrive as two lines. A line joins the
    row to its left when it starts after that row ends and its middle is where the row's middle
    would be at its position, allowing for the page's slope.
    """
    rows = row_groups(lines)
    row_of = {index: number for number, row in enumerate(rows) for index in row}
    merged: list[Line] = []
    emitted: set[int] = set()
    for index, line in enumerate(lines):
        if line.bbox is None:
            merged.append(line)
            continue
        number = row_of[index]
        if number in emitted:
            continue
        emitted.add(number)
        members = [lines[i] for i in rows[number]]
        if len(members) == 1:
            merged.append(line)
            continue
        boxes = [m.bbox for m in members if m.bbox is not None]
        merged.append(
            Line(
                " ".join(m.text for m in members),
                tuple(word for m in members for word in m.words),
                union_boxes(boxes),
            )
        )
    return tuple(merged)


def row_groups(lines: tuple[Line, ...] | list[Line]) -> list[list[int]]:
    """Indexes of the boxed ``lines`` that stand on one row of the page, each row left to
    right (see :func:`merge_rows`)."""
    slope = page_slope(lines)
    order = sorted(
        (index for index, line in enumerate(lines) if line.bbox is not None),
        key=lambda index: lines[index].bbox[0],  # type: ignore[index]
    )
    rows: list[list[int]] = []
    for index in order:
        box = lines[index].bbox
        assert box is not None
        x, y = _centre(box)
        height = box[3] - box[1]
        best: tuple[float, int] | None = None
        for number, row in enumerate(rows):
            last = lines[row[-1]].bbox
            assert last is not None
            if box[0] < last[2] - 1.0:  # overlaps the row horizontally: another row
                continue
            last_x, last_y = _centre(last)
            expected = last_y + slope * (x - last_x)
            tolerance = 0.45 * max(height, last[3] - last[1])
            distance = abs(y - expected)
            if distance <= tolerance and (best is None or distance < best[0]):
                best = (distance, number)
        if best is None:
            rows.append([index])
        else:
            rows[best[1]].append(index)
    return rows
