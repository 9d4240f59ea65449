"""Document number, standard and scope."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from extraction.document import TextDocument
from extraction.fields.evidence import field_value
from extraction.fields.labelled import LabelledValue, field_labels, labelled_values
from extraction.roles import date_labels
from extraction.text import fold, is_cjk, load_data
from extraction.types import FieldValue

_IDENTIFIER = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9/\-.:_#]*(?:\s[A-Za-z0-9/\-.]+){0,3}")
# Words in a label that say which number the type is known by.
_PREFERRED_NUMBER: dict[str, tuple[str, ...]] = {
    "certification": ("certif", "zertifikat", "证书", "registration", "regist"),
    "insurance_certificate": ("polic", "poliza", "versicherungs", "保单", "保险单", "contrat"),
    "business_licence": (
        "信用代码",
        "regist",
        "licen",
        "company",
        "siren",
        "handelsregister",
        "registr",
        "注册",
        "immatricul",
        "inscrip",
        "uen",
        "crn",
        "gewerbe",
        "cif",
    ),
    "audit_report": ("report", "bericht", "rapport", "informe", "报告"),
    "self_report": ("report", "bericht", "rapport", "informe", "报告", "ref"),
}
_STANDARD = re.compile(
    r"(?<![A-Za-z])(?P<body>(?:DIN\s+)?(?:EN\s+)?ISO(?:\s*/\s*IEC)?|IEC|IATF|AS|OHSAS|FSSC|GB/T)"
    r"\s*(?P<number>\d{3,5})(?:-(?P<part>\d{1,2}))?(?:\s*[:：]\s*(?P<year>\d{4}))?"
)
_SOC = re.compile(
    r"(?<![A-Za-z])SOC\s*(?P<n>[123])\s*(?:®)?\s*(?:[,\-]?\s*(?:Type|Typ|Tipo|de tipo|类型|第)\s*"
    r"(?P<type>II|Il|lI|ll|11|\|\||I\||\|I|I|2|1|二|一)(?![A-Za-z0-9]))?"
)
_ATTESTATION = re.compile(r"(?<![A-Za-z])(ISAE|SSAE)\s*(\d{2,4})")
# OCR reads "II" as "Il", "ll", "11" or "||".
_ROMAN = {"1": "I", "2": "II", "I": "I", "II": "II", "一": "I", "二": "II"}
_ROMAN.update({"Il": "II", "lI": "II", "ll": "II", "11": "II", "||": "II", "I|": "II", "|I": "II"})


# Letters OCR reads for a digit; where the shape says a digit belongs, they are that digit.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})
_AMONG_DIGITS = re.compile(r"(?<=\d)[OoDIl|]+(?=\d)")
_SEGMENT = re.compile(r"[^\s\-/.:]+")


def _digit_segment(match: re.Match[str]) -> str:
    """A segment of digits with a few lookalikes ("2O2O", "1l5") is all digits."""
    segment = match.group(0)
    digits = sum(ch.isdigit() for ch in segment)
    lookalikes = sum(ch in "OoIl|" for ch in segment)
    if digits >= 2 and digits >= lookalikes and digits + lookalikes == len(segment):
        return segment.translate(_DIGIT_LOOKALIKES)
    return _AMONG_DIGITS.sub(lambda m: m.group(0).translate(_DIGIT_LOOKALIKES), segment)


def _dollar(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    beside_s = (end < len(text) and text[end] == "S") or (start > 0 and text[start - 1] == "S")
    return "" if beside_s else "S"


def repair_identifier(text: str) -> str:
    """An identifier with the characters OCR confuses put back by the shape around them.

    Letters that look like digits are digits between two digits or in a segment of digits
    ("2O2O-1l5" -> "2020-115"); a dollar sign, never part of a number, is the letter S it was
    read from ("905$S16578" -> "905S16578"). Letters next to letters are left alone: a prefix
    such as "PI" or "BHV" cannot be told from its look.
    """
    return re.sub(r"\$", _dollar, _SEGMENT.sub(_digit_segment, text))


def _number_value(value: LabelledValue) -> str | None:
    match = _IDENTIFIER.match(repair_identifier(value.value.strip()))
    if not match:
        return None
    text = match.group(0).strip(" .:-")
    # Stop where a word without digits follows the identifier ("No. 12345 Issued ...").
    parts = text.split(" ")
    kept = [parts[0]]
    for part in parts[1:]:
        if any(c.isdigit() for c in part) or (part.isupper() and len(part) <= 4):
            kept.append(part)
        else:
            break
    text = " ".join(kept).strip(" .:-")
    if not any(c.isdigit() for c in text) or len(text) < 3 or len(text) > 40:
        return None
    return text


def extract_document_number(document: TextDocument, doc_type: str) -> FieldValue | None:
    """The certificate, policy, registration or report number."""
    preferred = _PREFERRED_NUMBER.get(doc_type, ())
    best: tuple[float, int, LabelledValue, str] | None = None
    for order, value in enumerate(labelled_values(document, frozenset({"document_number"}))):
        number = _number_value(value)
        if number is None:
            continue
        score = 0.6 if value.generic else 0.88
        if any(word in fold(value.label) for word in preferred):
            score += 0.08
        if value.below:
            score -= 0.05
        if best is None or score > best[0]:
            best = (score, order, value, number)
    if best is None:
        return None
    score, _, value, number = best
    line = document.pages[value.page - 1].lines[value.line].text
    start = line.find(number)
    return field_value(
        document,
        number,
        score,
        value.page,
        value.line,
        min(value.label_start, max(start, 0)) if not value.below else max(start, 0),
        (start + len(number)) if start >= 0 else value.end,
    )


def _canonical_standard(match: re.Match[str]) -> str:
    body = re.sub(r"\s+", " ", match.group("body")).replace(" / ", "/").replace(" /", "/")
    body = re.sub(r"\s*/\s*", "/", body)
    text = f"{body} {match.group('number')}"
    if match.group("part"):
        text += f"-{match.group('part')}"
    if match.group("year"):
        text += f":{match.group('year')}"
    return text


def _standards(text: str) -> list[tuple[str, int, int, int]]:
    """(canonical name, priority, start, end) of every standard named in ``text``."""
    found = []
    for match in _SOC.finditer(text):
        kind = _ROMAN.get(match.group("type") or "", "")
        name = f"SOC {match.group('n')}" + (f" Type {kind}" if kind else "")
        found.append((name, 3 if kind else 2, match.start(), match.end()))
    for match in _STANDARD.finditer(text):
        body = match.group("body").upper()
        priority = 3 if "ISO" in body or body in {"IATF", "FSSC", "AS"} else 1
        found.append((_canonical_standard(match), priority, match.start(), match.end()))
    for match in _ATTESTATION.finditer(text):
        found.append((f"{match.group(1)} {match.group(2)}", 1, match.start(), match.end()))
    return found


def extract_standard(document: TextDocument, doc_type: str) -> FieldValue | None:
    """The standard certified or reported against, in canonical form ("ISO/IEC 27001:2022")."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int, int, int, int]] = {}
    for page in document.pages:
        for line_index, line in enumerate(page.lines):
            for name, priority, start, end in _standards(line.text):
                counts[name] += 1
                first.setdefault(name, (priority, page.number, line_index, start, end))
    if not counts:
        return None

    def rank(name: str) -> tuple[int, int, int, int]:
        priority, page_number, index, _, _ = first[name]
        if doc_type == "audit_report" and name.startswith("SOC"):
            priority += 2
        # A versioned name beats the bare one ("ISO 9001:2015" over "ISO 9001").
        return (
            priority,
            int(":" in name or "Type" in name),
            counts[name],
            -page_number * 1000 - index,
        )

    best = max(counts, key=rank)
    priority, page_number, line_number, start, end = first[best]
    bare = best.split(":")[0]
    variants = {n for n in counts if n.split(":")[0] == bare}
    confidence = 0.93 if len(variants) == 1 or ":" in best else 0.8
    rivals = {n for n in counts if first[n][0] >= priority and n.split(":")[0] != bare}
    if rivals:
        confidence *= 0.85
    return field_value(document, best, confidence, page_number, line_number, start, end)


def extract_scope(document: TextDocument) -> FieldValue | None:
    """The scope text after its label, joined over continuation lines."""
    for value in labelled_values(document, frozenset({"scope"})):
        if value.generic and len(value.value) < 8:
            continue
        lines = document.pages[value.page - 1].lines
        parts = [value.value.strip()]
        last = value.line
        for index in range(value.line + 1, min(value.line + 5, len(lines))):
            text = lines[index].text.strip()
            folded = fold(text)
            if not text or _starts_with_label(folded) or len(text) < 3 or _ends_scope(folded):
                break
            if parts[-1].endswith((".", "。")) and not text[:1].islower():
                break
            parts.append(text)
            last = index
        scope = _join(parts)
        if len(scope) < 4:
            continue
        confidence = 0.85 if not value.generic else 0.7
        fv = field_value(
            document,
            scope,
            confidence,
            value.page,
            value.line,
            value.start if not value.below else 0,
        )
        if last != value.line:
            fv = FieldValue(scope, fv.confidence, fv.page, scope, fv.bbox)
        return fv
    return None


@cache
def _scope_stop_words() -> frozenset[str]:
    data = load_data("scope_stop.json")
    return frozenset(fold(word) for word in data["words"])


def _ends_scope(folded: str) -> bool:
    """A line that carries the statement's verb is no longer part of the scope."""
    stop = _scope_stop_words()
    if any(word in stop for word in re.findall(r"[^\W\d_]+", folded)):
        return True
    return any(word in folded for word in stop if is_cjk(word[0]))


def _starts_with_label(folded: str) -> bool:
    for labels in (field_labels(), date_labels()):
        found = labels.find(folded, 0, min(len(folded), 40))
        if found and found[0].start() <= 1:
            return True
    return False


def _join(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        if text.endswith("-") and part[:1].islower():
            text = text[:-1] + part
        elif text and (text[-1] >= "\u3400" or part[:1] >= "\u3400"):
            text += part
        else:
            text += " " + part
    return re.sub(r"\s+", " ", text).strip(" ;,")
