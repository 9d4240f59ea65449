"""Balance-sheet rules on top of the figures a statement's rows give: a section's total on an
unlabelled line below its items, total liabilities derived from the totals when the statement
states none (HGB's Passiva list provisions and liabilities apart, with no sum), and the check
that assets equal liabilities plus equity."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from extraction.document import Line
from extraction.numbers import find_amounts
from extraction.text import LabelSet, fold
from extraction.types import FieldValue

if TYPE_CHECKING:
    from extraction.fields.financials import Columns

# A heading of the statement's outline ("B. Rückstellungen", "C. Verbindlichkeiten").
_OUTLINE_HEADING = re.compile(r"^\s*[a-h]\.\s")
# Words a line of figures may carry besides its numbers ("EUR", "TEUR", "€").
_UNIT_WORDS = re.compile(r"^(?:eur|teur|usd|chf|gbp|cny|rmb|元|万元)?$")
# Labelled totals that end a section (an item such as "III. Jahresüberschuss" does not).
TOTALS = frozenset(
    (
        "total_assets",
        "total_liabilities",
        "current_assets",
        "current_liabilities",
        "total_equity",
        "total_liabilities_and_equity",
        "non_current_totals",
    )
)
# "Total liabilities and equity": equal to total assets, so a second witness of them.
OTHER_SIDE = "total_liabilities_and_equity"
# Confidence of a value that does not fit the balance sheet's other totals.
MISMATCH = 0.6
DERIVED = 0.7


def section_total(
    lines: Sequence[Line],
    index: int,
    columns: Columns | None,
    labels: LabelSet,
    numbering: re.Pattern[str],
) -> int | None:
    """The line after heading ``index`` that holds only figures (the section's total), before
    the next heading of the outline or the next balance-sheet total; None when there is none."""
    for below in range(index + 1, min(len(lines), index + 30)):
        text = lines[below].text
        folded = fold(text)
        start = numbering.match(folded)
        labelled = labels.pattern.match(folded, start.end() if start else 0)
        if _OUTLINE_HEADING.match(folded) or (labelled and labels.kind(labelled) in TOTALS):
            return None
        letters = re.sub(r"[\d\W_]", "", folded)
        if not _UNIT_WORDS.match(letters):
            continue
        amounts = [a for a in find_amounts(text) if not a.percent]
        if amounts and (columns is None or len(amounts) >= columns.count):
            return below
    return None


def _tolerance(scales: Mapping[str, float], *kinds: str) -> float:
    """Rounding each shown figure to its unit can leave the sum off by up to one unit each."""
    return max(1.0, *(scales.get(k, 1.0) for k in kinds)) * len(kinds)


def _lowered(value: FieldValue) -> FieldValue:
    return replace(value, confidence=round(value.confidence * MISMATCH, 3))


def assets_from_other_side(
    found: Mapping[str, FieldValue], scales: Mapping[str, float]
) -> dict[str, FieldValue]:
    """Total assets read from the other side of the balance sheet ("total liabilities and
    equity", which must equal it) when the assets row gave nothing, or gave a figure that the
    other side and the liabilities plus equity both contradict (OCR damaged that row)."""
    other = found.get(OTHER_SIDE)
    if other is None or not isinstance(other.value, int | float) or isinstance(other.value, bool):
        return {}
    side = float(other.value)
    assets = found.get("total_assets")
    confidence = round(min(DERIVED, other.confidence), 3)
    if assets is None:
        return {"total_assets": replace(other, confidence=confidence)}
    numbers = {
        k: float(v.value)
        for k in ("total_assets", "total_liabilities", "total_equity")
        if (v := found.get(k)) is not None
        and isinstance(v.value, int | float)
        and not isinstance(v.value, bool)
    }
    if len(numbers) < 3:
        return {}
    tolerance = _tolerance(scales, "total_assets", "total_liabilities", "total_equity")
    parts = numbers["total_liabilities"] + numbers["total_equity"]
    if abs(numbers["total_assets"] - side) > tolerance and abs(parts - side) <= tolerance:
        return {"total_assets": replace(other, confidence=confidence)}
    return {}


def check_balance(
    found: Mapping[str, FieldValue], scales: Mapping[str, float]
) -> dict[str, FieldValue]:
    """Values to replace or add in ``found``: total liabilities as total assets minus equity when
    only those are stated; lower confidence for totals that do not add up (beyond rounding) and
    for a current total larger than its whole."""
    out: dict[str, FieldValue] = {}
    numbers = {
        k: float(v.value)
        for k, v in found.items()
        if isinstance(v.value, int | float) and not isinstance(v.value, bool)
    }
    assets, liabilities, equity = (
        numbers.get(k) for k in ("total_assets", "total_liabilities", "total_equity")
    )
    if liabilities is None and assets is not None and equity is not None:
        value = round(assets - equity, 2)
        source = found["total_equity"]
        out["total_liabilities"] = FieldValue(
            value=int(value) if value.is_integer() else value,
            confidence=round(min(DERIVED, source.confidence, found["total_assets"].confidence), 3),
            page=source.page,
            evidence=" ".join(f"{found['total_assets'].evidence} − {source.evidence}".split()),
        )
    elif None not in (assets, liabilities, equity):
        kinds = ("total_assets", "total_liabilities", "total_equity")
        gap = abs(assets - liabilities - equity)  # type: ignore[operator]
        if gap > _tolerance(scales, *kinds):
            out.update({k: _lowered(found[k]) for k in kinds})
    for part, whole in (
        ("current_assets", "total_assets"),
        ("current_liabilities", "total_liabilities"),
    ):
        total = numbers.get(whole)
        derived = out[whole].value if whole in out else None
        if total is None and isinstance(derived, int | float):
            total = float(derived)
        if (
            part in numbers
            and total is not None
            and numbers[part] > total + _tolerance(scales, part, whole)
        ):
            out[part] = _lowered(found[part])
    return out
