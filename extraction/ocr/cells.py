"""A second look at the figures of table rows that tesseract read badly.

On phone photos and scans tesseract misreads or drops small figures in table cells: "13" comes
back as "a3", "11" as "LE", a cell or a row's every figure is missing. Page layout analysis is
what fails there, not the character model: the figures of one row, cut out and read as a
single line with only digits and number signs allowed, come back right. So after the page is
read, each table row (a label, then figures) that holds a figure that is not a clean number,
or fewer figures than the other rows of its table, is cropped from its label to the right edge
of the text, cleared of speckles and read again that way. The re-read replaces the row's
figures only when it is all clean numbers and adds or mends at least one (below).

Cost: a crop is one line of a few inches (10-15 ms of CPU to read); at most
:data:`MAX_REREADS` per page; a page whose table rows all read cleanly costs nothing more.

The re-read mends the row cell by cell, matched by position: a figure the page read cleanly
stands; a re-read that contradicts one with confidence makes the row stay as the page read it;
a misread or dropped cell takes the re-read figure when that is read with confidence. Tesseract
gives some whitelisted reads no confidence at all though they are right; those are read once
more without the whitelist and kept when both reads agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from PIL import Image, ImageFilter

from extraction.document import Line, Word
from extraction.errors import ExtractionError
from extraction.ocr.engine import OcrEngine, OcrWord
from extraction.ocr.lines import row_groups

# Characters a figure of a table cell is written with.
FIGURE_CHARACTERS = "0123456789.,%-+"
MAX_REREADS = 24
# Most words a table label whose figures were all dropped can have.
MAX_LABEL_WORDS = 4
# Mean confidence (0..100) a re-read needs before it replaces what the page read.
MIN_REREAD_CONFIDENCE = 60.0
# ... and each of its figures.
MIN_WORD_CONFIDENCE = 50.0
# A re-read this sure of a figure that differs from one the page read cleanly means one of the
# two reads is wrong: the row is left as the page read it.
SURE_CONFIDENCE = 75.0
# A crop lower than this many pixels is enlarged (tesseract reads digits best 30+ px high).
MIN_CROP_HEIGHT = 60

_CLEAN = re.compile(r"[-+]?\d+(?:[.,]\d+)*\s?%?")
_HAS_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def is_figure(text: str) -> bool:
    """A clean number as a table cell holds it: "13", "-4", "95,1", "99.8%"."""
    return _CLEAN.fullmatch(text) is not None


def _is_sign(text: str) -> bool:
    return text == "%"  # "95,1 %" is read as two words


@dataclass(frozen=True)
class _Row:
    label: list[int]  # indexes into the page's words
    cells: list[int]
    suspicious: bool  # a cell that is not a clean figure
    figures: int  # cells that are clean figures


@dataclass
class CellRereads:
    """What the second look did on one page (for tests and timing)."""

    attempted: int = 0
    replaced: int = 0


def _split(words: list[OcrWord], row: list[int]) -> _Row | None:
    """A row as label words then cells, or None when it is not a label followed by figures."""
    first = next(
        (
            n
            for n, i in enumerate(row)
            if n > 0 and (is_figure(words[i].text) or _HAS_DIGIT.search(words[i].text))
        ),
        None,
    )
    if first is None:
        return None
    label, cells = row[:first], row[first:]
    if not any(_LETTER.search(words[i].text) for i in label):
        return None
    odd = [words[i].text for i in cells if not is_figure(words[i].text)]
    odd = [text for text in odd if not _is_sign(text)]
    if any(len(text) > 4 for text in odd):
        return None  # words, not a misread figure: prose with a number in it
    return _Row(label, cells, bool(odd), sum(1 for i in cells if is_figure(words[i].text)))


def _rows(words: list[OcrWord]) -> list[list[int]]:
    """Word indexes of each row of the page, left to right, rows top to bottom."""
    keys: list[tuple[int, int, int]] = []
    members: list[list[int]] = []
    for index, word in enumerate(words):
        key = (word.block, word.paragraph, word.line)
        if not keys or keys[-1] != key:
            keys.append(key)
            members.append([])
        members[-1].append(index)
    lines = []
    for group in members:
        boxes = [_box(words[i]) for i in group]
        lines.append(
            Line(
                " ".join(words[i].text for i in group),
                tuple(Word(words[i].text, _box(words[i]), 1.0) for i in group),
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                ),
            )
        )
    rows = [[i for line in group for i in members[line]] for group in row_groups(lines)]
    rows = [sorted(row, key=lambda i: words[i].left) for row in rows]
    return sorted(rows, key=lambda row: min(words[i].top for i in row))


def _box(word: OcrWord) -> tuple[float, float, float, float]:
    return (word.left, word.top, word.left + word.width, word.top + word.height)


def _label_only(words: list[OcrWord], row: list[int]) -> _Row | None:
    """A short row of words without figures: a table label whose figures were all dropped."""
    texts = [words[i].text for i in row]
    if not 0 < len(row) <= MAX_LABEL_WORDS or any(_HAS_DIGIT.search(t) for t in texts):
        return None
    if not any(_LETTER.search(t) for t in texts):
        return None
    return _Row(row, [], False, 0)


def _tables(words: list[OcrWord], rows: list[list[int]]) -> list[list[_Row]]:
    """Runs of consecutive rows that are a label followed by figures, three rows at least.

    A short row of words with no figures at all belongs to the run when its label starts where
    the others' do and it ends before their figures: OCR dropped every figure of that row.
    """
    tables: list[list[_Row]] = []
    run: list[_Row] = []
    for row in [*rows, []]:
        split = (_split(words, row) or _label_only(words, row)) if row else None
        if split is not None:
            run.append(split)
            continue
        table = _aligned(words, run)
        if len(table) >= 3:
            tables.append(table)
        run = []
    return tables


def _aligned(words: list[OcrWord], run: list[_Row]) -> list[_Row]:
    """The rows of ``run`` that are figure rows, and the label-only rows that line up with them."""
    full = [row for row in run if row.cells]
    if not full:
        return []
    figures_start = min(words[row.cells[0]].left for row in full)
    starts = sorted(words[row.label[0]].left for row in full)
    label_start = starts[len(starts) // 2]
    height = sorted(words[row.label[0]].height for row in full)[len(full) // 2]
    return [
        row
        for row in run
        if row.cells
        or (
            abs(words[row.label[0]].left - label_start) <= 1.5 * height
            and max(words[i].left + words[i].width for i in row.label) < figures_start
        )
    ]


def _columns(words: list[OcrWord], table: list[_Row]) -> int:
    """How many figure columns ``table`` has: the distinct places its figures stand at (when
    no row was read whole, the rows together still show every column)."""
    cells = [words[i] for row in table for i in row.cells if is_figure(words[i].text)]
    if not cells:
        return 0
    height = sorted(w.height for w in cells)[len(cells) // 2]
    centres = sorted(w.left + w.width / 2 for w in cells)
    return 1 + sum(1 for a, b in pairwise(centres) if b - a > 2 * height)


def reread_cells(
    engine: OcrEngine, image: Image.Image, words: list[OcrWord], language: str, dpi: int
) -> tuple[list[OcrWord], CellRereads]:
    """``words`` with the figures of badly read table rows read again from ``image`` (the
    image the words' boxes are in)."""
    stats = CellRereads()
    if not words:
        return words, stats
    rows = _rows(words)
    right_edge = max(w.left + w.width for w in words)
    replacements: dict[int, list[OcrWord]] = {}  # last label word's index -> figures
    removed: set[int] = set()
    for table in _tables(words, rows):
        expected = max(max(row.figures for row in table), _columns(words, table))
        tried: set[int] = set()
        # a row read whole again shows how many columns there are: rows that looked complete
        # beside the short ones are then looked at too
        while stats.attempted < MAX_REREADS:
            grown = False
            for number, row in enumerate(table):
                if number in tried or (not row.suspicious and row.figures >= expected):
                    continue
                if stats.attempted >= MAX_REREADS:
                    break
                tried.add(number)
                stats.attempted += 1
                found = _reread(engine, image, words, row, right_edge, language, dpi)
                if found is None:
                    continue
                stats.replaced += 1
                removed.update(row.cells)
                replacements[row.label[-1]] = found
                figures = sum(1 for w in found if is_figure(w.text))
                grown = grown or figures > expected
                expected = max(expected, figures)
            if not grown:
                break
    if not replacements:
        return words, stats
    out: list[OcrWord] = []
    for index, word in enumerate(words):
        if index not in removed:
            out.append(word)
        out.extend(replacements.get(index, ()))
    return out, stats


def _reread(
    engine: OcrEngine,
    image: Image.Image,
    words: list[OcrWord],
    row: _Row,
    right_edge: int,
    language: str,
    dpi: int,
) -> list[OcrWord] | None:
    members = [words[i] for i in row.label + row.cells]
    height = sorted(w.height for w in members)[len(members) // 2]
    label_end = max(words[i].left + words[i].width for i in row.label)
    pad = max(2, height // 3)
    left = label_end + pad
    top = max(0, min(w.top for w in members) - pad)
    bottom = min(image.height, max(w.top + w.height for w in members) + pad)
    right = min(image.width, right_edge + pad)
    if right - left < height or bottom <= top:
        return None
    # a scanner's speckles across the blank stretches of a row are read as signs otherwise
    crop = image.crop((left, top, right, bottom)).filter(ImageFilter.MedianFilter(3))
    scale = 1
    if crop.height < MIN_CROP_HEIGHT:
        scale = 2
        crop = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.BICUBIC)
    try:
        read = _read_figures(engine, crop, language, dpi * scale)
    except ExtractionError:
        return None  # the page as first read stands
    if read is None:
        return None
    anchor = words[row.label[-1]]
    placed = [
        replace(
            w,
            left=left + w.left // scale,
            top=top + w.top // scale,
            width=max(1, w.width // scale),
            height=max(1, w.height // scale),
        )
        for w in read
    ]
    merged = _merge([words[i] for i in row.cells], placed)
    if merged is None:
        return None
    return [
        replace(w, block=anchor.block, paragraph=anchor.paragraph, line=anchor.line) for w in merged
    ]


def _read_figures(
    engine: OcrEngine, crop: Image.Image, language: str, dpi: int
) -> list[OcrWord] | None:
    """The figures of a row's crop, or None when what was read is not figures."""
    read = [w for w in engine.read_line(crop, language, dpi, FIGURE_CHARACTERS) if w.text.strip()]
    if not read or not all(is_figure(w.text) or _is_sign(w.text) for w in read):
        return None
    if min(w.confidence for w in read) < MIN_WORD_CONFIDENCE:
        # Tesseract gives some whitelisted reads no confidence (0) although they are right; a
        # second read without the whitelist that agrees on every figure vouches for them.
        plain = engine.read_line(crop, language, dpi, "")
        figures = [w for w in read if not _is_sign(w.text)]
        vouching = [w for w in plain if _HAS_DIGIT.search(w.text)]  # not specks read as letters
        if all(is_figure(w.text) for w in vouching) and _values(vouching) == _values(figures):
            return [
                replace(w, confidence=max(w.confidence, other.confidence))
                for w, other in zip(figures, vouching, strict=True)
            ]
    return read


def _value(text: str) -> str:
    """A figure's digits: "92.2%" and "92,2" (two reads of one cell) are the same."""
    return text.rstrip("% ").replace(",", ".")


def _values(words: list[OcrWord]) -> list[str]:
    return [_value(w.text) for w in words]


def _overlaps(a: OcrWord, b: OcrWord) -> bool:
    shared = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    return shared > 0.5 * min(a.width, b.width)


def _merge(cells: list[OcrWord], read: list[OcrWord]) -> list[OcrWord] | None:
    """The row's cells mended by a re-read, cell by cell (matched by position).

    A figure the page read cleanly stands. Where the re-read says otherwise with confidence, one
    of the two reads is wrong, so nothing is taken; where the re-read is unsure of it, the
    page's figure stays. A cell the page misread or dropped takes the re-read figure when that is
    read with confidence. None unless at least one cell is added or mended.
    """
    out = [c for c in cells if is_figure(c.text) or _is_sign(c.text)]
    taken: list[OcrWord] = []
    for index, word in enumerate(read):
        if _is_sign(word.text):
            if index and read[index - 1] in taken:
                out.append(word)  # "99,5 %" read as two words
            continue
        over = [c for c in cells if _overlaps(c, word)]
        clean = [c for c in over if is_figure(c.text)]
        if clean:
            same = any(_value(c.text) == _value(word.text) for c in clean)
            if not same and word.confidence >= SURE_CONFIDENCE:
                return None
            continue
        if word.confidence < MIN_WORD_CONFIDENCE:
            continue
        taken.append(word)
        out.append(word)
    if not taken or sum(w.confidence for w in taken) / len(taken) < MIN_REREAD_CONFIDENCE:
        return None
    return sorted(out, key=lambda w: w.left)
