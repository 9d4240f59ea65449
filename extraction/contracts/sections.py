"""Segmenting a contract into its numbered sections and sentences.

Legal drafting numbers its provisions ("1.", "1.1", "(a)", "(iv)", "Article 5", "Section 12",
"§ 3", "Artikel 4", "第十二条", "三、") and often titles them ("12. Governing Law."). A marker
opens a section; a section ends where the next marker of its own kind or of a kind above it
starts. Every sentence knows the headings of the sections around it, so an extractor can read a
value in the section it belongs to ("ninety (90) days" under "Term and Renewal" rather than under
"Payment").
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from extraction.contracts.markers import (
    Marker,
    decimal_depth,
    find_markers,
    heading_after,
    is_heading,
)
from extraction.contracts.text import ContractText


@dataclass(frozen=True)
class Section:
    """A numbered or titled provision: where it starts, where its body starts, where it ends."""

    number: str  # as written: "12.3", "(a)", "Article V", "§ 3", "第十二条"; "" for a bare heading
    heading: str  # "Governing Law", or "" when the section is untitled
    level: int  # 0 for the outermost kind of marker in this contract
    start: int  # offset of the marker
    body_start: int  # offset after marker and heading
    end: int
    parent: int | None


@dataclass(frozen=True)
class Sentence:
    """A sentence (or list item) with the headings of the provisions around it."""

    start: int
    end: int
    section: int | None  # innermost section containing the sentence
    headings: tuple[str, ...]  # headings of the enclosing sections, outermost first
    lead: str  # the introduction of a list this sentence is an item of ("... as follows:")


class Segmentation:
    """Sections and sentences of a contract text."""

    def __init__(self, contract: ContractText) -> None:
        self.contract = contract
        self.sections = _build_sections(contract.text)
        self._section_starts = [s.body_start for s in self.sections]
        self.sentences = _build_sentences(contract.text, self)

    def innermost(self, offset: int) -> int | None:
        """Index of the innermost section whose body contains `offset`."""
        index = bisect.bisect_right(self._section_starts, offset) - 1
        while index >= 0:
            section = self.sections[index]
            if section.body_start <= offset < section.end:
                return index
            index = section.parent if section.parent is not None else -1
        return None

    def heading_path(self, index: int | None) -> tuple[str, ...]:
        """Headings of a section and the sections around it, outermost first."""
        path: list[str] = []
        while index is not None:
            section = self.sections[index]
            if section.heading:
                path.append(section.heading)
            index = section.parent
        return tuple(reversed(path))


# How deep each kind of marker sits in legal drafting: a marker closes every open section at its
# own depth or deeper. Fixed depths keep "A." under "2.01" even when "A." also served above "1.".
_DEPTH = {
    "heading": 0.0,
    "zh-chapter": 0.0,
    "article": 1.0,
    "zh-article": 1.0,
    "paragraph": 1.0,
    "section": 1.0,
    "zh-enum": 1.2,
    "upper-roman": 1.5,
    "zh-paren": 1.6,
    "decimal": 2.0,  # plus 0.1 per level: 1. < 1.1 < 1.1.1
    "upper-alpha": 3.0,
    "paren-alpha": 4.0,
    "alpha": 4.0,
    "paren-roman": 5.0,
    "paren-digit": 6.0,
}


def _depth(marker: Marker, last_letter: str) -> float:
    if marker.kind == "decimal":
        return 2.0 + 0.1 * (decimal_depth(marker.number) - 1)
    if marker.kind in ("paren-alpha", "paren-roman"):
        letters = marker.number.strip("()")
        follows = len(letters) == 1 and bool(last_letter) and ord(letters) == ord(last_letter) + 1
        if re.fullmatch(r"[ivxl]+", letters) and not follows:
            return _DEPTH[
                "paren-roman"
            ]  # "(i)" under "(b)"; but "(i)" right after "(h)" is a letter
        return _DEPTH["paren-alpha"]
    return _DEPTH[marker.kind]


def _build_sections(text: str) -> list[Section]:
    drafts: list[tuple[Marker, str, int, int | None]] = []
    stack: list[tuple[float, int]] = []  # open sections: (depth, draft index)
    body_end = 0
    last_letter = (
        ""  # the latest "(a)"-style letter, to tell "(i)" the letter from "(i)" the numeral
    )
    for marker in find_markers(text):
        if marker.start < body_end:
            continue  # the line was taken as the previous marker's heading
        depth = _depth(marker, last_letter)
        if depth == _DEPTH["paren-alpha"] and marker.number.startswith("("):
            last_letter = marker.number.strip("()")[-1:]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if marker.kind == "heading":
            heading, body_start = marker.number, marker.after
            marker = Marker("heading", "", marker.start, marker.after)
        else:
            heading, body_start = heading_after(text, marker.after)
        body_end = body_start
        drafts.append((marker, heading, body_start, parent))
        stack.append((depth, len(drafts) - 1))
    sections: list[Section] = []
    for index, (marker, heading, body_start, parent) in enumerate(drafts):
        end = len(text)
        for later in range(index + 1, len(drafts)):
            if not _is_descendant(drafts, later, index):
                end = drafts[later][0].start
                break
        level = 0
        ancestor = parent
        while ancestor is not None:
            level += 1
            ancestor = drafts[ancestor][3]
        sections.append(
            Section(marker.number, heading, level, marker.start, body_start, end, parent)
        )
    return sections


def _is_descendant(
    drafts: list[tuple[Marker, str, int, int | None]], index: int, ancestor: int
) -> bool:
    parent = drafts[index][3]
    while parent is not None:
        if parent == ancestor:
            return True
        parent = drafts[parent][3]
    return False


# ----------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "inc",
    "ltd",
    "co",
    "corp",
    "no",
    "nos",
    "sec",
    "secs",
    "art",
    "arts",
    "para",
    "paras",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "u.s",
    "u.k",
    "u.s.a",
    "approx",
    "p",
    "pp",
    "s.a",
    "n.v",
    "b.v",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ziff",
    "abs",
    "nr",
    "bzw",
    "z.b",
    "ggf",
    "gem",
    "inkl",
    "d.h",
    "vgl",
    "ca",
    "bgb",
    "hgb",
}
_SENTENCE_END = re.compile(r"[.!?](?:[\"')\]]*)(?=\s+[(\"'\[]?[A-Z0-9\u4e00-\u9fff])|[。!?](?=.)")
# one or more blank lines: several (a page break in EDGAR text) still join a sentence they split
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
_GERMAN_MONTH_AFTER = re.compile(
    r"\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
)


def _build_sentences(text: str, segmentation: Segmentation) -> list[Sentence]:
    cuts = {0, len(text)}
    for provision in segmentation.sections:
        cuts.add(provision.start)
        cuts.add(provision.body_start)
    for match in _PARAGRAPH_BREAK.finditer(text):
        if _ends_paragraph(text, match.start()):
            cuts.add(match.start())
    for match in _SENTENCE_END.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        cuts.add(match.end())
    ordered = sorted(cuts)
    sentences: list[Sentence] = []
    leads: dict[int | None, str] = {}
    for start, end in itertools.pairwise(ordered):
        while start < end and text[start].isspace():
            start += 1
        stripped_end = end
        while stripped_end > start and text[stripped_end - 1].isspace():
            stripped_end -= 1
        if stripped_end - start < 2 or not re.search(r"[^\W\d_]", text[start:stripped_end]):
            continue  # nothing but a provision's number
        section = segmentation.innermost(start)
        parent = segmentation.sections[section].parent if section is not None else None
        sentence = Sentence(
            start,
            stripped_end,
            section,
            segmentation.heading_path(section),
            leads.get(parent, "") if section is not None else "",
        )
        sentences.append(sentence)
        body = text[start:stripped_end]
        if body.endswith((":", "：")) or re.search(
            r"(?:following|as follows|folgende[nr]?)\W*$", body
        ):
            leads[section] = body
    return sentences


def _ends_paragraph(text: str, position: int) -> bool:
    """Whether a blank line really ends a paragraph: after a full stop or a title, but not in
    the middle of a sentence that a scan's layout split ("ohne\n\nAbzug zahlbar.")."""
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:position].rstrip()
    if not line or line.endswith((".", ":", ";", "!", "?", "。", ")", '"', "'", "；", "：")):
        return True
    return len(line) <= 80 and (is_heading(line) or line.isupper())


def _is_abbreviation(text: str, period: int) -> bool:
    if text[period] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[max(0, period - 12) : period])
    if word is None:
        return False
    token = word.group(1).lower()
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return True
    # "31. März 2027": a German date, not a sentence end
    return token.isdigit() and bool(_GERMAN_MONTH_AFTER.match(text, period + 1))
