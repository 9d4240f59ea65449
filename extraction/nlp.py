"""spaCy pipelines over the same rules: dates with roles and amounts as span groups.

``build_pipeline("de")`` returns ``spacy.blank("de")`` with two components registered under
versioned names, so that other tools (the reviewers' text view, notebooks, training data
exports) see exactly what the extractors see:

* ``vendor_portal_dates`` (rules ``vendor_portal.dates.v1``) fills ``doc.spans["dates"]``;
  each span's label is its role (issue, expiry, effective, period_start, audit, print, ...)
  and ``span._.iso_date`` its value.
* ``vendor_portal_amounts`` (rules ``vendor_portal.amounts.v1``) fills ``doc.spans["amounts"]``;
  ``span._.amount`` is the value in full units (万/亿 multiplied out), the label ``percent``
  or ``amount``.

The extraction pipeline itself calls the rules directly: they need the page and line layout
that a spaCy ``Doc`` does not keep, and importing spaCy would add a second to every start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from extraction.document import TextDocument
from extraction.numbers import find_amounts
from extraction.roles import label_dates

DATES_COMPONENT = "vendor_portal_dates"
AMOUNTS_COMPONENT = "vendor_portal_amounts"
# Versioned rule sets in spaCy's registry; the components' configs name them, so a pipeline
# saved with ``vendor_portal.dates.v1`` keeps those rules when a v2 appears.
DATE_RULES = "vendor_portal.dates.v1"
AMOUNT_RULES = "vendor_portal.amounts.v1"
_SPACY_LANGUAGES = {"en": "en", "de": "de", "fr": "fr", "es": "es", "zh": "zh"}

DateRules = Callable[[str, str], list[tuple[int, int, str, str]]]
AmountRules = Callable[[str], list[tuple[int, int, str, float]]]


def _line_offsets(text: str) -> list[int]:
    offsets, position = [], 0
    for line in text.split("\n"):
        offsets.append(position)
        position += len(line) + 1
    return offsets


def date_rules_v1(text: str, doc_type: str) -> list[tuple[int, int, str, str]]:
    """(start, end, role, ISO date) of every date in ``text``."""
    offsets = _line_offsets(text)
    roled, _, _ = label_dates(TextDocument.from_text(text), doc_type)
    return [
        (
            offsets[r.mention.line] + r.mention.start,
            offsets[r.mention.line] + r.mention.end,
            r.role,
            r.mention.value.isoformat(),
        )
        for r in roled
    ]


def amount_rules_v1(text: str) -> list[tuple[int, int, str, float]]:
    """(start, end, "amount" or "percent", value in full units) of every number in ``text``."""
    return [
        (a.start, a.end, "percent" if a.percent else "amount", a.value) for a in find_amounts(text)
    ]


@cache
def _register() -> None:
    """Register the rule sets, the components and the span extensions once per process."""
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.util import registry

    for name in ("iso_date", "amount"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    registry.misc.register(DATE_RULES, func=lambda: date_rules_v1)
    registry.misc.register(AMOUNT_RULES, func=lambda: amount_rules_v1)

    @Language.factory(
        DATES_COMPONENT,
        default_config={"doc_type": "other", "rules": {"@misc": DATE_RULES}},
    )
    def make_dates(nlp: Language, name: str, doc_type: str, rules: DateRules) -> Any:
        def dates(doc: Doc) -> Doc:
            spans = []
            for start, end, role, iso in rules(doc.text, doc_type):
                span = doc.char_span(start, end, label=role, alignment_mode="expand")
                if span is not None:
                    span._.iso_date = iso
                    spans.append(span)
            doc.spans["dates"] = spans
            return doc

        return dates

    @Language.factory(AMOUNTS_COMPONENT, default_config={"rules": {"@misc": AMOUNT_RULES}})
    def make_amounts(nlp: Language, name: str, rules: AmountRules) -> Any:
        def amounts(doc: Doc) -> Doc:
            spans = []
            for start, end, label, value in rules(doc.text):
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None:
                    span._.amount = value
                    spans.append(span)
            doc.spans["amounts"] = spans
            return doc

        return amounts


def build_pipeline(language: str, doc_type: str = "other") -> Any:
    """A blank spaCy pipeline for ``language`` with the date and amount components."""
    import spacy

    _register()
    code = _SPACY_LANGUAGES.get(language, "xx")
    nlp = spacy.blank(code)
    nlp.add_pipe(DATES_COMPONENT, config={"doc_type": doc_type})
    nlp.add_pipe(AMOUNTS_COMPONENT)
    return nlp
