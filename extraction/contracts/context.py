"""What every clause reader shares: the text, its sections and sentences, and findings.

A :class:`Finding` is a value with the span of text it was read from; the orchestrator turns it
into a :class:`FieldValue` with page, evidence text and box.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from extraction.contracts.dates import DateMention, find_dates
from extraction.contracts.quantities import Duration, find_durations
from extraction.contracts.sections import Segmentation, Sentence
from extraction.contracts.text import ContractText, detect_language
from extraction.document import TextDocument
from extraction.types import FieldValue, Value

# Longest evidence of a finding that shows a whole span (a table of response times).
WHOLE_SPAN_LIMIT = 1200


@dataclass(frozen=True)
class Finding:
    """A value read from the contract, with the span that shows it and how sure we are."""

    value: Value
    confidence: float
    start: int
    end: int
    note: str = ""  # how a computed value was derived; prefixed to the evidence
    # the evidence is the whole span (a table of response times), not the sentence around it
    whole: bool = False


@cache
def topic_patterns() -> dict[str, re.Pattern[str]]:
    """Section topics and the heading words that name them (data/topics.json)."""
    raw = json.loads(
        resources.files("extraction.contracts.data").joinpath("topics.json").read_text()
    )
    return {
        topic: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        for topic, patterns in raw["topics"].items()
    }


class ContractContext:
    """One contract, read once, queried by every clause reader."""

    def __init__(self, document: TextDocument, language: str | None = None) -> None:
        self.contract = ContractText(document)
        self.text = self.contract.text
        self.language = language if language in ("en", "de", "zh") else detect_language(self.text)
        self.segmentation = Segmentation(self.contract)
        self.sentences = self.segmentation.sentences
        self._topics: dict[tuple[str, ...], frozenset[str]] = {}
        # results shared between readers (the term sentences...), keyed by the reader's name
        self.memo: dict[str, object] = {}
        self._match_starts: dict[re.Pattern[str], list[int]] = {}

    def sentence_text(self, sentence: Sentence) -> str:
        """The (normalised) text of a sentence."""
        return self.text[sentence.start : sentence.end]

    def topics(self, sentence: Sentence) -> frozenset[str]:
        """Topics named by the headings around a sentence ("term", "governing_law"...)."""
        key = sentence.headings
        if key not in self._topics:
            joined = " / ".join(key)
            self._topics[key] = frozenset(
                topic for topic, pattern in topic_patterns().items() if pattern.search(joined)
            )
        return self._topics[key]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset`."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def mentions(self, pattern: re.Pattern[str], sentence: Sentence) -> bool:
        """Whether `pattern` matches within a sentence: one pass over the whole text per pattern,
        so that a cheap test of every sentence does not run the pattern once per sentence."""
        starts = self._match_starts.get(pattern)
        if starts is None:
            starts = [match.start() for match in pattern.finditer(self.text)]
            self._match_starts[pattern] = starts
        index = bisect.bisect_left(starts, sentence.start)
        return index < len(starts) and starts[index] < sentence.end

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[Sentence, re.Match[str]]]:
        """Sentences where `pattern` matches, with the first match in each."""
        for sentence in self.sentences:
            match = pattern.search(self.text, sentence.start, sentence.end)
            if match:
                yield sentence, match

    def durations(self, start: int, end: int) -> list[Duration]:
        """Durations between two offsets, with offsets into the whole text."""
        found = find_durations(self.text[start:end], self.language)
        return [
            Duration(d.amount, d.unit, d.business_days, d.start + start, d.end + start)
            for d in found
        ]

    def dates(self, start: int, end: int) -> list[DateMention]:
        """Dates between two offsets."""
        index = bisect.bisect_left(self._date_starts, start)
        found = []
        for mention in self.all_dates[index:]:
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(mention)
        return found

    @cached_property
    def all_dates(self) -> list[DateMention]:
        """Every date in the contract, in order."""
        return find_dates(self.text, self.language)

    @cached_property
    def _date_starts(self) -> list[int]:
        return [m.start for m in self.all_dates]

    def field(self, finding: Finding, sentence_bounds: bool = True) -> FieldValue:
        """A finding as a FieldValue: page, evidence (the sentence, cut around the value), box."""
        start, end = finding.start, finding.end
        if finding.whole:
            evidence = self.contract.evidence(start, end, limit=WHOLE_SPAN_LIMIT)
        else:
            if sentence_bounds:
                start, end = self._sentence_window(start, end)
            evidence = self.contract.evidence(start, end)
        text = f"{finding.note} — {evidence.text}" if finding.note else evidence.text
        return FieldValue(
            finding.value, round(finding.confidence, 3), evidence.page, text, evidence.bbox
        )

    def _sentence_window(self, start: int, end: int, limit: int = 380) -> tuple[int, int]:
        """The sentence around a span, cut to about `limit` characters centred on it."""
        sentence = self.sentence_at(start)
        lo, hi = (sentence.start, max(sentence.end, end)) if sentence else (start, end)
        if hi - lo > limit:
            middle = (start + end) // 2
            lo = max(lo, min(start, middle - limit // 2))
            hi = min(hi, max(end, lo + limit))
            while lo > 0 and lo < start and not self.text[lo - 1].isspace():
                lo += 1
        return lo, hi
