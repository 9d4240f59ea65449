"""The notice that stops a renewal, and the last day to give it.

The notice is read in the renewal sentence, the sentences next to it, and the rest of the same
provision ("Term and Termination"); a sentence about non-renewal anywhere else counts too. In
days: exact against the expiry when the notice is in months ("three months" before 31 March is
90 days), business days kept as such. The deadline is the end of the current term minus that
notice, rolled forward through automatic renewals once it has passed.
"""

from __future__ import annotations

import re
from datetime import date

from extraction.contracts.context import ContractContext
from extraction.contracts.quantities import Duration, add_months
from extraction.contracts.sections import Sentence

_NON_RENEWAL_CUE = re.compile(
    r"(?i)non-?\s?renewal|not\s+to\s+(?:renew|extend)|\bnot\s+(?:be\s+)?renewed|"
    r"(?:intent|intention|desire|election|decision|wish)\w*\s+(?:\w+\s+){0,3}?not\s+to|"
    r"elects?\s+not\s+to|(?:prevent|avoid|stop|block)\w*\s+(?:\w+\s+){0,2}?(?:renewal|extension)|terminat\w*|cancel\w*|object\w*|kündig|Nichtverlängerung|"
    r"不(?:再)?续|终止|解除"
)
PRIOR = re.compile(
    r"(?i)^\W{0,3}(?:'s|s')?\s*(?:(?:written|advance|prior|calendar|business|notice|of|such|"
    r"non-?renewal|termination|notification|in\s+writing)\W+){0,3}"
    r"(?:prior|before|in\s+advance|preceding|ahead)\b|"
    r"^[^.;]{0,40}?\bvor\s+(?:Ablauf|dem|Ende|Beginn)|^[^.;]{0,20}?zum\s+(?:Ende|Ablauf)|"
    r"^[^。;]{0,10}?(?:之前|前)"
)
_BEFORE_NOTICE = re.compile(
    r"(?i)(?:notice|notif\w*|at\s+least|not\s+less\s+than|no\s*t?\s+(?:later|less|fewer)\s+than|"
    r"within|"
    r"Frist\s+von|spätestens|mindestens|提前|至少)\W*(?:\w+\W+){0,3}$|"
    r"(?:期满|到期|届满)\s*(?:前|之前)?\s*$"
)


def non_renewal_notice(ctx: ContractContext, renewal: Sentence) -> tuple[Duration, float] | None:
    """The notice period that stops a renewal, read near the renewal sentence first."""
    index = ctx.sentences.index(renewal)
    nearby = [renewal, *ctx.sentences[index + 1 : index + 3]]
    nearby = [s for s in nearby if s.section == renewal.section or s is renewal]
    if index > 0 and ctx.sentences[index - 1].section == renewal.section:
        nearby.append(ctx.sentences[index - 1])
    top = top_section(ctx, renewal.section)
    if top is not None:
        # the same provision ("Term and Termination") may state the notice elsewhere
        nearby += [
            s
            for s in ctx.sentences
            if s not in nearby
            and top_section(ctx, s.section) == top
            and _RENEWAL_OR_EXPIRY.search(ctx.sentence_text(s))
        ]
    best: tuple[float, Duration] | None = None
    candidates = nearby + [
        s
        for s in ctx.sentences
        if s not in nearby
        and re.search(
            r"(?i)non-?\s?renewal|not\s+to\s+(?:renew|extend)|Nichtverlängerung|不(?:再)?续",
            ctx.sentence_text(s),
        )
    ]
    for rank, sentence in enumerate(candidates):
        text = ctx.sentence_text(sentence)
        cue = bool(_NON_RENEWAL_CUE.search(text))
        for duration in ctx.durations(sentence.start, sentence.end):
            after = ctx.text[duration.end : min(sentence.end, duration.end + 70)]
            before = ctx.text[max(sentence.start, duration.start - 60) : duration.start]
            prior = bool(PRIOR.match(after))
            noticed = bool(_BEFORE_NOTICE.search(before)) or bool(
                re.match(r"(?i)\W{0,3}(?:'s|s')?\s*(?:\w+\s+){0,2}(?:written\s+)?notice", after)
            )
            if not prior and not noticed:
                continue
            if (
                re.search(r"(?i)(?:within|after|following|nach)\W*(?:\w+\W+){0,2}$", before)
                and not prior
            ):
                continue
            score = 1.0 + 1.5 * prior + 1.0 * noticed + 1.0 * cue
            score -= 0.3 * (rank >= len(nearby)) + 0.2 * (sentence is not renewal)
            if best is None or score > best[0]:
                best = (score, duration)
    if best is None or best[0] < 2.5:
        return None
    return best[1], min(0.9, 0.4 + 0.1 * best[0])


_RENEWAL_OR_EXPIRY = re.compile(
    r"(?i)renew|expir|end\s+of\s+the\s+(?:\w+\s+)?term|Ablauf|Verlänger|续|期满|届满"
)


def top_section(ctx: ContractContext, index: int | None) -> int | None:
    """The outermost numbered provision holding section `index` ("9" for "9.1(a)")."""
    while index is not None:
        parent = ctx.segmentation.sections[index].parent
        if parent is None or not ctx.segmentation.sections[parent].number:
            return index
        index = parent
    return None


def notice_days(duration: Duration, expiry: date | None) -> int:
    """Days of notice: exact against the expiry for months and years, else on average."""
    if duration.unit == "day":
        return int(duration.amount)
    if duration.unit == "week":
        return int(duration.amount * 7)
    if expiry is not None:
        return duration.days_before(expiry)
    return round(duration.approximate_days())


def renewal_deadline(
    expiry: date, notice: Duration, renewal_months: object, mode: str, today: date
) -> tuple[date, str] | None:
    """The last day to give notice before the current term ends, as of `today`."""
    term_end = expiry
    rolled = 0
    if mode == "automatic" and isinstance(renewal_months, int) and renewal_months > 0:
        while notice.subtract_from(term_end) < today and rolled < 600:
            term_end = add_months(term_end, renewal_months)
            rolled += 1
    deadline = notice.subtract_from(term_end)
    unit = f"{notice.amount:g} {'business ' if notice.business_days else ''}{notice.unit}s"
    note = f"computed: term's last day {term_end.isoformat()} minus {unit} of non-renewal notice"
    if rolled:
        note += f" (after {rolled} renewal{'s' if rolled > 1 else ''} of {renewal_months} months)"
    return deadline, note
