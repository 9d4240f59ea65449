"""Holder and issuer names: from labels, certification statements, letterheads and signatures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extraction.document import TextDocument
from extraction.fields.evidence import field_value
from extraction.fields.labelled import LabelledValue, field_labels, labelled_values
from extraction.text import fold, is_cjk, label_regex, load_data
from extraction.types import FieldValue

_MAX_NAME = 110
_LETTERHEAD_LINES = 3
_SIGNATURE_LINES = 14
ISSUER_FROM_LETTERHEAD = frozenset({"certification", "insurance_certificate", "business_licence"})


@dataclass(frozen=True)
class NameCandidate:
    name: str
    confidence: float
    page: int
    line: int
    start: int
    end: int


@cache
def _organisation_pattern() -> re.Pattern[str]:
    """Legal forms and organisation words anywhere in a line."""
    data = load_data("organisations.json")
    latin = [fold(f) for f in data["legal_forms"] + data["organisation_words"]]
    latin_alternatives = sorted((re.escape(f) for f in latin), key=len, reverse=True)
    cjk = sorted((re.escape(f) for f in data["cjk_forms"]), key=len, reverse=True)
    return re.compile(
        r"(?<![a-z])(?:" + "|".join(latin_alternatives) + r")(?![a-z])|" + "|".join(cjk)
    )


@cache
def _name_end_pattern() -> re.Pattern[str]:
    """A legal form that ends a name ("... GmbH", "... S.L.U.", "...有限公司")."""
    data = load_data("organisations.json")
    latin = sorted((re.escape(fold(f)) for f in data["legal_forms"]), key=len, reverse=True)
    cjk = sorted((re.escape(f) for f in data["cjk_strict_forms"]), key=len, reverse=True)
    return re.compile(r"(?:(?<![a-z])(?:" + "|".join(latin) + r")\.?|" + "|".join(cjk) + r")\s*$")


@cache
def _statement_pattern() -> re.Pattern[str]:
    data = load_data("organisations.json")
    phrases = sorted(data["certify_statements"], key=len, reverse=True)
    return re.compile("|".join(label_regex(p) for p in phrases))


@cache
def _prefix_pattern() -> re.Pattern[str]:
    data = load_data("organisations.json")
    phrases = sorted(data["holder_prefixes"], key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(label_regex(p) for p in phrases) + r")\s*[:,]?\s*")


def looks_like_organisation(text: str, strict: bool = False) -> bool:
    """A short text that carries a legal form ("GmbH", "Ltd", "有限公司") or an organisation
    word; ``strict``: a name that ends with its legal form, nothing after it."""
    stripped = text.strip()
    if not 3 <= len(stripped) <= _MAX_NAME or len(stripped.split()) > (8 if strict else 12):
        return False
    if strict:
        return bool(_name_end_pattern().search(fold(stripped)))
    return bool(_organisation_pattern().search(fold(stripped)))


def clean_name(text: str) -> str:
    """Trim a name: surrounding punctuation, quotes, a trailing "has ..." clause."""
    name = re.sub(r"^\s*/s/\s*", "", text).strip(" \t:：,;\"'“”«»-|·")
    if any(is_cjk(char) for char in name):
        # OCR spaces out Chinese names: "中审众环会计师事务所 (特殊普通合伙 )".
        name = re.sub(r"(?<=[\u3400-\u9fff（(）)])\s+|\s+(?=[\u3400-\u9fff（(）)])", "", name)
    name = re.split(
        r"\s+(?:has|have|hat|a été|a mis|ha|ha sido|located|with registered|registered office)\s",
        name,
        maxsplit=1,
    )[0]
    name = re.split(r"\s{3,}|\s\|\s", name, maxsplit=1)[0]
    last_word = name.rsplit(" ", 1)[-1]
    # "S.L.U." and "Inc." keep their dot; a sentence's full stop goes.
    if (
        name.endswith(".")
        and last_word.count(".") < 2
        and not _organisation_pattern().fullmatch(fold(last_word))
    ):
        name = name[:-1]
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        name = name.strip("()（）")
    return name.strip(" \t:：,;\"'“”«»-|")


def _from_label(document: TextDocument, value: LabelledValue, base: float) -> NameCandidate | None:
    name = clean_name(value.value)
    if not name or len(name) > _MAX_NAME or not name[0].isalpha():
        return None
    line_text = document.pages[value.page - 1].lines[value.line].text
    after_label = line_text[value.label_start + len(value.label) :]
    # "Aseguradora del Pacífico S.A." is a name that starts with a label word, not a label.
    if not value.below and re.match(r"\s[a-z]", after_label) and looks_like_organisation(line_text):
        return None
    confidence = base * (0.8 if value.generic else 1.0)
    if looks_like_organisation(name):
        confidence = min(0.97, confidence + 0.05)
    elif value.generic:
        confidence *= 0.8
    line = document.pages[value.page - 1].lines[value.line].text
    start = line.find(name)
    start = start if start >= 0 else value.start
    return NameCandidate(name, confidence, value.page, value.line, start, start + len(name))


def _issuer_before(text: str, page: int, line: int) -> NameCandidate | None:
    """ "Die Zertifizierungsstelle der X GmbH bescheinigt": the name after the last
    lower-case word before the statement, when it is an organisation's name."""
    words = text.strip().rstrip(",").split()
    tail: list[str] = []
    for word in reversed(words):
        if word[:1].islower() and not _organisation_pattern().fullmatch(fold(word)):
            break
        tail.insert(0, word)
    name = clean_name(" ".join(tail))
    if not looks_like_organisation(name, strict=True):
        return None
    start = text.find(name)
    return NameCandidate(name, 0.8, page, line, start, start + len(name))


def _from_statement(document: TextDocument) -> tuple[NameCandidate | None, NameCandidate | None]:
    """(holder, issuer) from "X hereby certifies that Y" / "兹证明 Y": the holder after the
    statement (same line or the next ones), the issuer before it."""
    pattern = _statement_pattern()
    for page in document.pages[:2]:
        for index, line in enumerate(page.lines):
            folded = fold(line.text)
            match = pattern.search(folded)
            if not match:
                continue
            issuer = _issuer_before(line.text[: match.start()], page.number, index)
            end = match.end()
            while (more := pattern.match(folded, end)) or (
                (more := pattern.match(folded, end + 1)) and line.text[end] in " ,，:："
            ):
                end = more.end()
            candidates = [(index, end, line.text[end:])]
            candidates += [
                (i, 0, page.lines[i].text)
                for i in range(index + 1, min(index + 4, len(page.lines)))
            ]
            for line_index, offset, text in candidates:
                prefix = _prefix_pattern().match(fold(text))
                skip = prefix.end() if prefix else 0
                name = clean_name(text[skip:])
                if len(name) >= 3 and re.search(r"[^\W\d_]", name):
                    if len(name) > _MAX_NAME or (
                        len(name.split()) > 10 and not looks_like_organisation(name)
                    ):
                        break
                    start = offset + skip + text[skip:].find(name)
                    confidence = 0.9 if looks_like_organisation(name) else 0.78
                    holder = NameCandidate(
                        name, confidence, page.number, line_index, start, start + len(name)
                    )
                    return holder, issuer
            return None, issuer
    return None, None


def _repeated_lines(document: TextDocument) -> frozenset[str]:
    """Lines that recur on several pages (running headers and footers), page numbers aside."""
    if len(document.pages) < 2:
        return frozenset()
    seen: dict[str, int] = {}
    for page in document.pages:
        for text in {_without_page_number(line.text) for line in page.lines}:
            seen[text] = seen.get(text, 0) + 1
    return frozenset(text for text, count in seen.items() if count > 1)


def _without_page_number(text: str) -> str:
    return re.sub(r"[\d/ ]+$", "", text.strip())


def _starts_with_label(text: str) -> bool:
    found = field_labels().find(fold(text), 0, min(len(text), 60), original=text)
    return bool(found) and found[0].start() == 0


def _organisation_lines(
    document: TextDocument, page_index: int, first: bool, count: int, skip_repeated: bool = True
) -> list[NameCandidate]:
    """Lines that are an organisation's name, among the first or last ``count`` of a page."""
    if not document.pages:
        return []
    repeated = _repeated_lines(document) if skip_repeated else frozenset()
    page = document.pages[page_index]
    lines = [(i, line) for i, line in enumerate(page.lines) if line.text.strip()]
    chosen = lines[:count] if first else lines[-count:]
    out = []
    for index, line in chosen:
        if _without_page_number(line.text) in repeated or _starts_with_label(line.text):
            continue
        text = clean_name(line.text)
        if looks_like_organisation(text, strict=True) and not re.search(r"\d{3,}|[:：]", text):
            start = max(0, line.text.find(text))
            out.append(NameCandidate(text, 0.6, page.number, index, start, start + len(text)))
    return out


@cache
def _mention_pattern() -> re.Pattern[str]:
    data = load_data("organisations.json")
    latin = sorted((re.escape(f) for f in data["legal_forms"]), key=len, reverse=True)
    cjk = sorted((re.escape(f) for f in data["cjk_forms"]), key=len, reverse=True)
    word = r"[A-ZÀ-Ý0-9][\w&'.\-]*"
    return re.compile(
        rf"(?:{word},?\s+(?:(?:&|and|und|et|y|de|del|la|von|der|of)\s+)?){{1,6}}"
        rf"(?i:{'|'.join(latin)})(?!\w)\.?"
        rf"|[\u4e00-\u9fff（）()]{{2,30}}?(?:{'|'.join(cjk)})"
    )


def _organisation_mentions(document: TextDocument, lines: int) -> list[NameCandidate]:
    """Organisation names inside the first lines of page 1 ("Report on Acme Ltd's System").

    A capitalised word before the name may belong to the sentence ("System de Acme SA"): of the
    name and its shorter tails, the one the document repeats most wins.
    """
    out: list[NameCandidate] = []
    if not document.pages:
        return out
    whole = re.sub(r"\s+", " ", fold(document.text))
    page = document.pages[0]
    for index, line in enumerate(page.lines[:lines]):
        for match in _mention_pattern().finditer(line.text):
            name = re.sub(r"^(?:关于|对于|对|由|向|与)", "", clean_name(match.group(0)))
            if len(name) < 4:
                continue
            best = name
            words = name.split(" ")
            for drop in range(1, len(words) - 1):
                tail = " ".join(words[drop:])
                if not tail[:1].isupper():
                    continue
                if whole.count(fold(tail)) > whole.count(fold(best)):
                    best = tail
            start = line.text.find(best)
            out.append(NameCandidate(best, 0.55, page.number, index, start, start + len(best)))
    return out


def _best(candidates: list[NameCandidate]) -> NameCandidate | None:
    return max(candidates, key=lambda c: c.confidence) if candidates else None


def _squashed(name: str) -> str:
    return re.sub(r"\W", "", fold(name))


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W", "", fold(a)) == re.sub(r"\W", "", fold(b))


def extract_parties(document: TextDocument, doc_type: str) -> dict[str, FieldValue]:
    """``holder_name`` and ``issuer_name`` with evidence."""
    values = list(labelled_values(document, frozenset({"holder_name", "issuer_name"})))
    if doc_type == "insurance_certificate":
        # On an insurance certificate the "certificate holder" receives it; the insured holds it.
        values = [v for v in values if "holder" not in fold(v.label) or "policy" in fold(v.label)]
    holders = [c for v in values if v.kind == "holder_name" if (c := _from_label(document, v, 0.9))]
    issuers = [
        c for v in values if v.kind == "issuer_name" if (c := _from_label(document, v, 0.88))
    ]
    stated_holder, stated_issuer = _from_statement(document)
    if stated_holder:
        holders.append(stated_holder)
    if stated_issuer:
        issuers.append(stated_issuer)
    holder: NameCandidate | None = _best(holders)
    issuer: NameCandidate | None = _best(issuers)

    def differs(candidate: NameCandidate, other: NameCandidate | None) -> bool:
        if other is None:
            return True
        mine, theirs = _squashed(candidate.name), _squashed(other.name)
        return mine not in theirs and theirs not in mine

    if issuer is None and doc_type in ISSUER_FROM_LETTERHEAD | {"audit_report"}:
        letterhead = _organisation_lines(document, 0, True, _LETTERHEAD_LINES)
        issuer = next((c for c in letterhead if differs(c, holder)), None)
    if issuer is None and doc_type == "audit_report":
        signed = [
            c
            for index in range(len(document.pages))
            for c in _organisation_lines(document, index, False, _SIGNATURE_LINES)
            if differs(c, holder)
        ]
        issuer = signed[-1] if signed else None
    if holder is None:
        lines = _organisation_lines(document, 0, True, 12, skip_repeated=False)
        lines += _organisation_mentions(document, 14)
        holder = next((c for c in lines if differs(c, issuer)), None)
    out: dict[str, FieldValue] = {}
    for name, chosen in (("holder_name", holder), ("issuer_name", issuer)):
        if chosen is not None:
            out[name] = field_value(
                document,
                chosen.name,
                chosen.confidence,
                chosen.page,
                chosen.line,
                chosen.start,
                chosen.end,
            )
    return out
