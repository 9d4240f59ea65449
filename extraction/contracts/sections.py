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

from extraction.contracts.text import ContractText


@dataclass(frozen=True)
class Section:
    number: str  # as written: "12.3", "(a)", "Article V", "§ 3", "第十二条"; "" for a bare heading
    heading: str  # "Governing Law", or "" when the section is untitled
    level: int  # 0 for the outermost kind of marker in this contract
    start: int  # offset of the marker
    body_start: int  # offset after marker and heading
    end: int
    parent: int | None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    section: int | None  # innermost section containing the sentence
    headings: tuple[str, ...]  # headings of the enclosing sections, outermost first
    lead: str  # the introduction of a list this sentence is an item of ("... as follows:")


# Kinds of markers, each with the pattern matched at the start of a (virtual) line.
_ROMAN = r"[IVXL]{1,6}"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("zh-chapter", re.compile(r"第\s*[一二三四五六七八九十百\d]+\s*章")),
    ("zh-article", re.compile(r"第\s*[一二三四五六七八九十百零〇\d]+\s*条")),
    ("zh-enum", re.compile(r"[一二三四五六七八九十]{1,3}\s*[,、.]")),
    ("zh-paren", re.compile(r"\(\s*[一二三四五六七八九十]{1,3}\s*\)")),
    (
        "article",
        re.compile(
            rf"(?i:article|artikel|art\.|chapter|part)\s+(?:\d{{1,3}}[A-Za-z]?|{_ROMAN})\b\.?"
        ),
    ),
    # OCR often reads "§" as "8", "$" or "&": accepted before a number and a title
    (
        "paragraph",
        re.compile(r"(?:§|[8$&S](?=\s\d{1,3}\s+[A-ZÄÖÜ][a-zäöüß]))\s*\d{1,3}[a-z]?\b\.?"),
    ),
    ("section", re.compile(r"(?i:section|clause|ziffer|abschnitt)\s+\d{1,3}(?:\.\d{1,3})*\b\.?")),
    ("decimal", re.compile(r"\d{1,3}(?:\.\d{1,3}){0,4}(?:\.(?!\d)|\)|(?=\s))")),
    ("paren-alpha", re.compile(r"\((?:[a-z]|[a-z]{2})\)")),
    ("paren-roman", re.compile(r"\((?:[ivx]{1,5})\)")),
    ("paren-digit", re.compile(r"\(\d{1,2}\)")),
    ("alpha", re.compile(r"[a-z]\)")),
    ("upper-alpha", re.compile(r"[A-Z]\.(?=\s)")),
    ("upper-roman", re.compile(rf"{_ROMAN}\.(?=\s)")),
]
_ANY_MARKER = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _MARKERS))
_ARTICLE_KINDS = ("zh-chapter", "zh-article", "article", "paragraph", "section")
# Where a marker may stand: a line start, or after a sentence end and a run of spaces (EDGAR
# text often runs several numbered paragraphs into one line).
_VIRTUAL_LINE_START = re.compile(r"(?:^|(?<=\n))[ \t]*|(?<=[.:;])[ \t]{2,}|(?<=。|;)")
# A single space after a sentence may also start a provision, if it is titled ("... as follows:
# 1. Services. The ...") or is a list item ("... as follows: (a) ...").
_INLINE_START = re.compile(r"(?<=[.:;]) (?=\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z\"]|\([a-z]\)\s)")
_HEADING_END = re.compile(
    r"\.(?=\s)|:|\n|[ \t]{3,}|(?<=[\u4e00-\u9fff])\s|"
    r"\s(?=\d{1,3}\.\d{1,3}\.?\s|\([a-z1-9]\)\s)"  # the next provision's number
)
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "und",
    "der",
    "die",
    "das",
    "des",
    "von",
    "zur",
    "zum",
    "bei",
    "für",
    "mit",
    "im",
    "than",
    "not",
    "into",
    "upon",
    "under",
    "per",
    "between",
    "other",
}


def _is_heading(text: str) -> bool:
    """Short and titled: "Governing Law", "TERM AND TERMINATION", "Laufzeit", "争议解决"."""
    text = text.strip().strip('"').strip()
    if not text or len(text) > 90:
        return False
    if re.search(r"[\u4e00-\u9fff]", text):
        return len(text) <= 24 and not re.search(r"[。,;]", text)
    words = re.findall(r"[A-Za-zÄÖÜäöüß][\w'’-]*", text)
    if not words or len(words) > 12:
        return False
    if text.endswith((",", ";")) or not words[0][0].isupper():
        return False
    if words[-1].lower() in ("and", "or", "und", "oder", "the", "of"):
        return False
    capitalised = [w for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS]
    return len(capitalised) == len(words) or (len(words) <= 3 and words[0][0].isupper())


@dataclass(frozen=True)
class _Marker:
    kind: str
    number: str
    start: int
    after: int  # offset just after the marker


def _find_markers(text: str) -> list[_Marker]:
    markers: list[_Marker] = []
    seen: set[int] = set()
    anchors = [(a.end(), a, False) for a in _VIRTUAL_LINE_START.finditer(text)]
    anchors += [(a.end(), a, True) for a in _INLINE_START.finditer(text)]
    anchors.sort(key=lambda item: item[0])
    for position, anchor, inline in anchors:
        if position in seen or position >= len(text):
            continue
        matched = False
        for kind, pattern in _MARKERS if _ANY_MARKER.match(text, position) else ():
            match = pattern.match(text, position)
            if not match:
                continue
            following = text[match.end() : match.end() + 3]
            if not _plausible(kind, match.group(0), following, anchor.group(0)):
                continue
            if inline and kind == "decimal" and not _heading_after(text, match.end())[0]:
                continue
            seen.add(position)
            number = re.sub(r"\s+", " ", match.group(0)).strip().rstrip(".")
            markers.append(_Marker(kind, number, position, match.end()))
            matched = True
            break
        if not matched and (
            position == 0 or text[anchor.start() - 1 : anchor.start()] in ("", "\n")
        ):
            title = _standalone_heading(text, position)
            if title:
                seen.add(position)
                markers.append(_Marker("heading", title, position, position + len(title)))
    return markers


def _standalone_heading(text: str, position: int) -> str:
    """A line that is only a title in capitals ("TERM AND TERMINATION", "WITNESSETH")."""
    line_end = text.find("\n", position)
    line = text[position : len(text) if line_end < 0 else line_end]
    stripped = line.rstrip()
    if not stripped or len(stripped) > 60 or stripped.endswith((".", ",", ";")):
        return ""
    letters = re.sub(r"[^A-Za-zÄÖÜäöüß]", "", stripped)
    if len(letters) < 4 or not letters.isupper() or not _is_heading(stripped):
        return ""
    return stripped


def _plausible(kind: str, marker: str, following: str, lead: str) -> bool:
    """Whether a marker-looking token really opens a provision."""
    if kind.startswith("zh-"):
        return True
    spaced = following.startswith((" ", "\t", "\n"))
    tight_ok = kind in ("paren-alpha", "paren-roman") or (
        kind == "decimal" and following[:1].isupper()
    )
    if not spaced and not tight_ok:
        return False
    rest = following.lstrip()
    if not rest:
        # a bare "4" alone on its line is a page number; "4." or "ARTICLE 4" opens a section
        return kind in _ARTICLE_KINDS or (kind == "decimal" and marker.endswith((".", ")")))
    if kind == "decimal":
        # "30 days" wrapped onto a new line is not a section; "1.   TERM" and "12.1 The" are.
        if not marker.endswith((".", ")")) and "." not in marker:
            return rest[0].isupper() or rest[0] in "\"('"
        return rest[0].isupper() or rest[0] in "\"('[" or "\u4e00" <= rest[0] <= "\u9fff"
    if kind in ("upper-alpha", "upper-roman"):
        return rest[0].isupper() or rest[0] in "\"'"
    return True


def _decimal_depth(number: str) -> int:
    return len([part for part in re.split(r"[.)]", number) if part])


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
        path: list[str] = []
        while index is not None:
            section = self.sections[index]
            if section.heading:
                path.append(section.heading)
            index = section.parent
        return tuple(reversed(path))

    def section_text(self, index: int) -> str:
        section = self.sections[index]
        return self.contract.text[section.start : section.end]


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


def _depth(marker: _Marker, last_letter: str) -> float:
    if marker.kind == "decimal":
        return 2.0 + 0.1 * (_decimal_depth(marker.number) - 1)
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
    drafts: list[tuple[_Marker, str, int, int | None]] = []
    stack: list[tuple[float, int]] = []  # open sections: (depth, draft index)
    body_end = 0
    last_letter = (
        ""  # the latest "(a)"-style letter, to tell "(i)" the letter from "(i)" the numeral
    )
    for marker in _find_markers(text):
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
            marker = _Marker("heading", "", marker.start, marker.after)
        else:
            heading, body_start = _heading_after(text, marker.after)
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
    drafts: list[tuple[_Marker, str, int, int | None]], index: int, ancestor: int
) -> bool:
    parent = drafts[index][3]
    while parent is not None:
        if parent == ancestor:
            return True
        parent = drafts[parent][3]
    return False


def _heading_after(text: str, position: int) -> tuple[str, int]:
    """The title after a marker ("Governing Law." / "TERM" / a title on the next line) and
    where the body starts."""
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    window = text[position : min(line_end, position + 120)]
    stripped = window.lstrip(" \t")
    offset = position + len(window) - len(stripped)
    if not stripped.strip():
        # "ARTICLE 5" alone on its line: the title may stand on the next line
        next_start = line_end + 1
        next_end = text.find("\n", next_start)
        next_end = len(text) if next_end < 0 else next_end
        following = text[next_start:next_end]
        if following.strip() and _is_heading(following) and len(following.strip()) <= 80:
            return following.strip().strip('"').strip(" .:"), next_end
        return "", position
    end_match = _HEADING_END.search(stripped)
    candidate = stripped[: end_match.start()] if end_match else stripped
    if end_match is None and len(window) >= 120:
        return "", position
    if _is_heading(candidate):
        body = offset + len(candidate) + (end_match.end() - end_match.start() if end_match else 0)
        return candidate.strip().strip('"').strip(), body
    return "", position


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
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
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
    return len(line) <= 80 and (_is_heading(line) or line.isupper())


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
