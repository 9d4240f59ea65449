"""The numbers and titles that open a contract's provisions, found where lines (or runs of
spaces after a sentence) begin: "1.", "1.1", "(a)", "(iv)", "A.", "Article V", "Section 12", "§ 3",
"第十二条", "三、", and a title after them or alone on its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def is_heading(text: str) -> bool:
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
class Marker:
    """A provision's number where it stands; for a title alone on its line, number is the title."""

    kind: str
    number: str
    start: int
    after: int  # offset just after the marker


def find_markers(text: str) -> list[Marker]:
    """Every provision number (and every title alone on its line) in `text`, in order."""
    markers: list[Marker] = []
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
            if inline and kind == "decimal" and not heading_after(text, match.end())[0]:
                continue
            seen.add(position)
            number = re.sub(r"\s+", " ", match.group(0)).strip().rstrip(".")
            markers.append(Marker(kind, number, position, match.end()))
            matched = True
            break
        if not matched and (
            position == 0 or text[anchor.start() - 1 : anchor.start()] in ("", "\n")
        ):
            title = _standalone_heading(text, position)
            if title:
                seen.add(position)
                markers.append(Marker("heading", title, position, position + len(title)))
    return markers


def _standalone_heading(text: str, position: int) -> str:
    """A line that is only a title in capitals ("TERM AND TERMINATION", "WITNESSETH")."""
    line_end = text.find("\n", position)
    line = text[position : len(text) if line_end < 0 else line_end]
    stripped = line.rstrip()
    if not stripped or len(stripped) > 60 or stripped.endswith((".", ",", ";")):
        return ""
    letters = re.sub(r"[^A-Za-zÄÖÜäöüß]", "", stripped)
    if len(letters) < 4 or not letters.isupper() or not is_heading(stripped):
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


def decimal_depth(number: str) -> int:
    """How many parts a decimal number has: "12" -> 1, "12.3.1" -> 3."""
    return len([part for part in re.split(r"[.)]", number) if part])


def heading_after(text: str, position: int) -> tuple[str, int]:
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
        if following.strip() and is_heading(following) and len(following.strip()) <= 80:
            return following.strip().strip('"').strip(" .:"), next_end
        return "", position
    end_match = _HEADING_END.search(stripped)
    candidate = stripped[: end_match.start()] if end_match else stripped
    if end_match is None and len(window) >= 120:
        return "", position
    if is_heading(candidate):
        body = offset + len(candidate) + (end_match.end() - end_match.start() if end_match else 0)
        return candidate.strip().strip('"').strip(), body
    return "", position
