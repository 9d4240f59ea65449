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
    return tuple(lines)
