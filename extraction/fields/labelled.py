"""Values introduced by a label: on the same line after it, or alone on the line below."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from extraction.document import Line, TextDocument
from extraction.roles import date_labels
from extraction.text import LabelSet, compile_labels, fold, is_cjk, load_data
from extraction.types import BBox

# Labels so common that they need a clear value shape to count.
GENERIC_LABELS = frozenset(
    {
        "no",
        "number",
        "nr",
        "n°",
        "nº",
        "ref",
        "编号",
        "numero",
        "nummer",
        "name",
        "nom",
        "nombre",
        "名称",
        "company",
        "entreprise",
        "empresa",
        "firma",
        "organisation",
        "organization",
        "activities",
        "activites",
        "actividades",
        "activite",
        "actividad",
        "umfang",
        "范围",
    }
)
_SEPARATORS = " :：-–.|#=\t"
# Lower-case words after a label up to a colon, or up to a cell glued on with a capital.
_LABEL_TAIL = re.compile(
    r"(?:\s+[a-zß-ÿ][\w'’.()/-]*)(?:\s+[^\W\d_][\w'’.()/-]*){0,2}?\s*[:：]"
    r"|\s+[A-Z0-9]\s*[:：]"  # "INSURER A :", "Party 1:"
    r"|(?:\s+[^\W\d_][\w'’.()/-]*){0,2}?\s+[^\W\d_][a-zß-ÿ'’.-]*?[a-zß-ÿ](?=[A-ZÀ-Ý](?:[a-zß-ÿ]{2}|[A-Z]+-))"
)
_CELL_BREAK = re.compile(r"\s{3,}|\s\|\s|\t")


@dataclass(frozen=True)
class LabelledValue:
    """Text introduced by a label of kind ``kind``, with where it sits."""

    kind: str
    label: str
    value: str
    page: int
    line: int
    start: int
    end: int
    label_start: int
    below: bool
    generic: bool


@cache
def field_labels() -> LabelSet:
    data: dict[str, dict[str, list[str]]] = load_data("field_labels.json")
    return compile_labels(
        {
            kind: [p for ps in langs.values() for p in ps]
            for kind, langs in data.items()
            if not kind.startswith("_")
        }
    )


def _value_span(text: str, folded: str, start: int, labels: LabelSet) -> tuple[int, int]:
    """From ``start``, skip separators and stop at the next label or a wide gap."""
    continued = _LABEL_TAIL.match(text, start)
    if continued:
        # The label goes on in words we do not list ("Geltungsbereich des Zertifikats: ...").
        start = continued.end()
    while start < len(text) and text[start] in _SEPARATORS:
        start += 1
    end = len(text)
    gap = _CELL_BREAK.search(text, start)
    if gap:
        end = gap.start()
    for other in (field_labels(), date_labels()):
        for match in other.find(folded, start + 1, end, original=text):
            # Only a label with its own colon starts the next field ("X Ltd Certificate No.: 1").
            glued_cjk = is_cjk(folded[match.start()]) and is_cjk(folded[match.start() - 1])
            if (folded[match.start() - 1] in " \t|;," or glued_cjk) and _COLON_AFTER.match(
                folded, match.end()
            ):
                end = min(end, match.start())
                break
    return start, end


def labelled_values(document: TextDocument, kinds: frozenset[str]) -> Iterator[LabelledValue]:
    """Every labelled value of the given kinds, in reading order."""
    labels = field_labels()
    for page in document.pages:
        lines = page.lines
        for index, line in enumerate(lines):
            folded = fold(line.text)
            consumed = -1
            for match in labels.find(folded, original=line.text):
                if match.start() < consumed:
                    continue  # a label word inside the previous value ("Aseguradora del Sur")
                kind = labels.kind(match)
                if kind not in kinds:
                    continue
                # A label is at a line or cell start, or follows punctuation.
                if not _starts_cell(folded, match.start()) and not _COLON_AFTER.match(
                    folded, match.end()
                ):
                    continue
                value_from = _cell_after(line, match.end())
                start, end = _value_span(line.text, folded, value_from, labels)
                value = line.text[start:end].strip(" :：-|,;")
                below = False
                page_number, line_number = page.number, index
                multiword = len(match.group(0).split()) > 1 or _is_cjk_label(match.group(0))
                if not value and (multiword or folded[match.end() :].strip() in {":", "："}):
                    below = True
                    for next_index in range(index + 1, min(index + 3, len(lines))):
                        candidate = lines[next_index].text
                        if candidate.strip():
                            cfolded = fold(candidate)
                            if labels.find(cfolded) and labels.find(cfolded)[0].start() < 2:
                                break
                            start, end = _value_span(candidate, cfolded, 0, labels)
                            value = candidate[start:end].strip(" :：-|,;")
                            line_number = next_index
                            break
                if not value:
                    continue
                if not below:
                    consumed = end
                squashed = match.group(0).replace(" ", "")
                yield LabelledValue(
                    kind=kind,
                    label=match.group(0),
                    value=value,
                    page=page_number,
                    line=line_number,
                    start=start if below else match.start(),
                    end=end,
                    label_start=match.start(),
                    below=below,
                    generic=squashed in GENERIC_LABELS or match.group(0) in GENERIC_LABELS,
                )


# A colon (or "No. 123": an abbreviation's dot before a number) closes a label.
_COLON_AFTER = re.compile(r"\s*(?:\(.{0,12}\))?\s*(?:[.]?\s*[:：#]|\.\s+(?=\S*\d))")


def _cell_after(line: Line, label_end: int) -> int:
    """Where the value cell starts when word boxes show a wide gap after the label's words
    ("Geltungsbereich des Zertifikats |  Lagerung und Transport"); else the label's end."""
    placed: list[tuple[int, int, BBox]] = []
    cursor = 0
    for word in line.words:
        offset = line.text.find(word.text, cursor)
        if offset < 0 or word.bbox is None:
            return label_end
        cursor = offset + len(word.text)
        placed.append((offset, cursor, word.bbox))
    for (start, end, box), (next_start, _, next_box) in pairwise(placed):
        if end < label_end or next_start > label_end + 40 or ":" in line.text[label_end:next_start]:
            continue
        char_width = (box[2] - box[0]) / max(1, end - start)
        if next_box[0] - box[2] > 2.5 * char_width:
            return next_start
    return label_end


def _is_cjk_label(label: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in label)


def _starts_cell(folded: str, position: int) -> bool:
    """A label begins its line or cell: line start, after punctuation or a wide gap."""
    before = folded[:position]
    if not before.strip():
        return True
    return before.rstrip()[-1] in "|:;)],-" or bool(re.search(r"\s{2,}$", before))
