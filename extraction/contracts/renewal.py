"""Renewal: whether the term renews, for how long, the notice that stops it, and the deadline.

Renewal comes in four shapes, reported as `renewal_mode`: "automatic" (renews for successive
periods unless a party gives notice), "evergreen" (after the initial term it simply continues
until terminated on notice), "option" (a party may renew or extend by notice) and no renewal
(a fixed term, or renewal only by mutual agreement). `auto_renewal` is true for the first three:
each keeps the contract running unless someone acts, which is what a reminder must catch.
The renewal deadline is the last day to give notice of non-renewal before the current term
ends, counted in calendar months or business days as the contract says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.notice import (
    PRIOR,
    non_renewal_notice,
    notice_days,
    renewal_deadline,
    top_section,
)
from extraction.contracts.quantities import Duration
from extraction.contracts.sections import Sentence
from extraction.contracts.term import TermFacts

_RENEWAL_CUE = re.compile(
    r"(?i)renew|extend|extension|successive|year[\s-]+to[\s-]+year|month[\s-]+to[\s-]+month|"
    r"successor\s+(?:franchise|agreement|term|licen[cs]e)|"
    r"evergreen|tacit|thereafter|after\s+that,?\s+(?:it|this|the)\b|indefinitely|roll(?:s|ed|ing)?\s+over|prolong|verlänger|续|顺延|"
    r"(?:after|upon|on|following|at)\s+(?:the\s+)?(?:(?:expir\w*|end|lapse)\s+of\s+(?:the\s+)?)?"
    r"(?:initial|original|primary|first)\s+(?:term|period)|"
    r"(?:further|additional)\s+(?:renewal\s+)?(?:periods?|terms?)\s+of|"
    r"(?:continu|remain)\w*\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+(?:and\s+effect\s+)?)?for\s+an?\s+"
    r"(?:additional|further)\b"
)
# the agreement itself as the subject of its clause ("Thereafter, this Agreement shall ...")
_SUBJECT = (
    r"(?:(?:^|[,;:]|\bthereafter|\bthen|\band|\bthat)\W*(?:\(?\w{1,4}[.)]\s+)?(?:this|the)\s+"
    r"(?:[\w-]+\s+)?(?:agreement|term|contract|licen[cs]e)|\bit)"
)
_AUTOMATIC = re.compile(
    r"(?i)automatic(?:ally)?\s+(?:be\s+)?(?:renew|extend|continu|prolong)|"
    r"(?:renew|extend|prolong)\w*(?:\s+\w+){0,2}\s+automatic|"
    r"(?:shall|will)\s+(?:be\s+)?(?:renew|extend)(?!able)\w*\s+(?:\w+\s+){0,4}?(?:for|on)\s+(?:\w+\s+){0,3}?"
    r"(?:successive|additional|further|consecutive|subsequent|like|similar)|"
    r"(?:renew|extend|continue)(?!able)\w*\s+(?:\w+\s+){0,4}?(?:for|on)\s+(?:a\s+|an\s+)?(?:successive|consecutive)|"
    r"roll(?:s|ed)?\s+over\s+(?:\w+\s+){0,3}?(?:for|on|into)\b|self-?renew|"
    # "shall renew for one (1) year periods", "shall be renewed every year"
    rf"{_SUBJECT}\s+(?:shall|will)\s+(?:be\s+)?(?:renew(?:ed)?|extended)\s+"
    r"(?:for|by)\s+(?:(?:an?|one|another|additional|further)\s+)*(?:[\w-]+\s+)?(?:\(\d+\)\s+)?"
    r"[\w-]*(?:year|month)|"
    rf"{_SUBJECT}\s+(?:shall|will)\s+(?:be\s+)?renew(?:ed)?\s+(?:(?:every|each)\s+year|annually|yearly)|"
    # "for two years and thereafter for successive one-year terms"
    r"thereafter\s+for\s+(?:an?\s+)?(?:successive|consecutive|subsequent)\s+(?:[\w()-]+\s+){0,3}?"
    r"(?:periods?|terms?|years?|months?)\b|"
    r"(?:year|month)[\s-]+to[\s-]+(?:year|month)|"
    r"(?:renew|extend|continu)\w*[^.;]{0,40}\bon\s+an?\s+(?:annual|yearly|monthly)\s+basis|"
    r"renewed\s+tacitly|tacit(?:ly)?\s+renew|evergreen|automatic\s+(?:\w+\s+){0,2}?renewal|"
    r"verlängert\s+sich|stillschweigend\s+verlängert|automatisch(?:e|en)?\s+(?:um|Verlängerung)|"
    r"自动(?:续|延)|顺延"
)
_UNLESS_NOTICE = re.compile(
    r"(?i)\bunless\b[^.]{0,60}?\b(?:party|parties|either|[A-Z][a-z]+\s+(?:gives|provides|notifies|"
    r"delivers|elects|serves))\b[^.]{0,120}?\b(?:notice|notif\w*|elects?|terminat\w*|object\w*|"
    r"in\s+writing)|"
    r"sofern\s+(?:sie\s+)?nicht|wenn\s+(?:er\s+)?nicht|es\s+sei\s+denn|除非"
)
_EVERGREEN = re.compile(
    r"(?i)(?:thereafter|after\s+(?:the\s+)?(?:initial\s+term|that|such)|indefinitely\s+after|"
    r"(?:after|upon|on|following|at)\s+(?:the\s+)?(?:expir\w*|end|lapse)\s+of\s+(?:the\s+)?"
    r"(?:initial|original|primary|first)\s+(?:term|period))"
    r"[^.]{0,80}?(?:continu|remain)\w*|"
    r"(?:continu|remain)\w*\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+)?(?:\w+\s+){0,3}?"
    r"(?:thereafter|indefinitely|after\s+(?:the\s+)?initial\s+term)|"
    r"indefinitely\s+(?:after|thereafter)"
)
_UNTIL_TERMINATED = re.compile(
    r"(?i)until\s+(?:\w+\s+){0,4}?terminat|terminat\w*\s+by\s+(?:either|any|the|one)\s+|"
    # "shall continue in force unless terminated ..." (not the preface "unless earlier terminated")
    r"\b(?:continu|remain)\w*\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+(?:and\s+effect\s+)?)?"
    r"unless\s+(?:and\s+until\s+)?terminated\b|"
    r"(?:unless|until)\s+(?:and\s+until\s+)?(?:either|a|one|any)\s+party\s+(?:terminates|ends|cancels|"
    r"gives|serves|provides|delivers)|"
    r"bis\s+(?:zur|sie)\s+(?:\w+\s+){0,3}?Kündigung|直至.{0,10}(?:终止|解除)"
)
# Evergreen only after a first fixed period; a contract that simply runs until terminated
# (or a clause that survives for five years) is not renewing.
_INITIAL_PERIOD = re.compile(
    r"(?i)(?:initial|first|primary)\s+(?:term|period)|until\s+(?:the\s+end|the\s+expiration)\s+of|"
    r"\d+\w{0,2}\)?\s*(?:\w+\s+)?(?:years?|months?)\b"
)
_STRONG_OPTION = re.compile(
    r"(?i)(?:options?|rights?)\b[^.;]{0,120}?\bto\s+(?:renew|extend)\b|"
    r"\b(?:options?|rights?)\s+(?:of|for)\s+(?:renewing|extending|renewal|extension)\b|"
    # "renewable ... at the option of the Licensee"
    r"\brenewable\b[^.;]{0,80}?\bat\s+(?:the\s+)?(?:sole\s+)?(?:option|election|discretion|request)\b|"
    # a franchise renewed as a new grant: "the right to obtain a successor franchise"
    r"(?:right\b[^.;]{0,60}?\bto|\bmay|entitled\s+to)\s+(?:obtain|acquire|be\s+granted|enter\s+into)\s+(?:an?\s+)?"
    r"(?:successor|renewal|additional)\s+(?:franchise|agreement|term|licen[cs]e)"
)
_CONTINUES_FOR_PERIODS = re.compile(
    r"(?i)(?:continu|remain)\w*\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+(?:and\s+effect\s+)?)?"
    r"(?:on\s+the\s+same\s+terms(?:\s+and\s+conditions)?\s+)?for\s+"
    r"(?:\w+\s+)?(?:further|additional|successive|subsequent|consecutive)\s+(?:[\w()-]+\s+){0,3}?"
    r"(?:periods?|terms?|years?|months?)\b|"
    r"roll(?:s|ed)?\s+over"
)
_BY_MUTUAL = re.compile(r"(?i)\b(?:upon|by|with|subject\s+to|on)\s+(?:the\s+)?mutual")
_MAY_RENEW = re.compile(r"(?i)\b(?:may|can)\s+(?:be\s+)?(?:renew|extend)")
# a renewal that happens when a party asks for it: an option, however "shall be extended" reads
_ON_REQUEST = re.compile(
    r"(?i)\b(?:upon|on|by)\s+(?:the\s+)?(?:[A-Z]\w+(?:'s|s')\s+|(?:its|their|his|her)\s+)?"
    r"(?:written\s+)?(?:request|election|notice\s+of\s+(?:its|their)\s+(?:election|intention)\s+to\s+"
    r"(?:renew|extend))\b|"
    r"\b(?:upon|on)\s+(?:the\s+)?[A-Z]\w+(?:'s|s')\s+(?:written\s+)?notice\b|"
    r"\bat\s+the\s+(?:sole\s+)?(?:option|election|request)\s+of\b|\bif\s+\w+\s+so\s+(?:elects|requests)"
)
_EXPLICITLY_AUTOMATIC = re.compile(
    r"(?i)automatic|auto-renew|self-?renew|tacit|evergreen|stillschweigend|自动"
)
_SURVIVAL = re.compile(r"(?i)surviv|fortgelten|继续有效")
_OPTION = re.compile(
    r"(?i)(?:options?|rights?|entitled)\s+to\s+(?:further\s+|unilaterally\s+)?(?:renew|extend)\b|"
    r"(?:may|can)\s*,?\s*(?:[\w,]+\s+){0,4}?(?:renew|extend)\s+(?:this|the|such|its)\s+(?:\w+\s+)?"
    r"(?:agreement|term|contract|franchise|license|licence|appointment|subscription|lease)|"
    r"(?:may|can)\s+be\s+(?:renewed|extended)\s+(?:[^\s.;]+\s+){0,16}?(?:by\s+(?!mutual|the\s+parties|"
    r"(?:written\s+|an?\s+)?(?:agreement|amendment|consent)|both)|at\s+the\s+(?:sole\s+)?(?:option|election|request|discretion)|"
    r"upon\s+(?:the\s+)?(?:written\s+)?(?:request|notice|election)\s+(?:of|by|from)\b|"
    r"upon\s+[A-Z]\w+(?:'s|s')\s+(?:written\s+)?(?:request|notice|election))|"
    r"elect(?:s|ion)?\s+to\s+(?:renew|extend)|(?:renewal|extension)\s+option|"
    r"exercise[sd]?\s+(?:its|their|the)\s+(?:\w+\s+)?(?:right|option)|"
    r"\brenewable\s+(?:for|at|upon|on)\b|berechtigt[^.]{0,60}verlängern|有权(?:续|延)"
)
_MUTUAL = re.compile(
    r"(?i)mutual(?:ly)?\s+(?:written\s+)?(?:agree|consent|acceptable|understanding)|by\s+(?:the\s+)?mutual|"
    r"\bmay\s+agree\b|common\s+agreement|by\s+both\s+parties|upon\s+mutual|"
    r"(?:renewed|extended)\s+(?:\w+\s+){0,2}?by\s+the\s+parties|"
    r"(?:the\s+)?parties\s+(?:may\s+|shall\s+)?(?:mutually\s+)?agree|upon\s+(?:the\s+)?agreement\s+of|"
    r"if\s+(?:both|the)\s+parties\s+(?:so\s+)?agree|(?:renewed|extended)\s+by\s+(?:written\s+)?"
    r"agreement|negotiat|einvernehmlich|协商一致|双方同意"
)
_NO_RENEWAL = re.compile(
    r"(?i)(?:shall|will|do|does)\s+not\s+(?:be\s+)?(?:automatically\s+)?(?:renew|extend)|no\s+renewal|"
    r"not\s+(?:be\s+)?subject\s+to\s+(?:automatic\s+)?renewal|keine\s+(?:automatische\s+)?Verlängerung|"
    r"不(?:自动)?续"
)
_RENEWAL_LENGTH_BEFORE = re.compile(
    r"(?i)(?:successive|additional|further|consecutive|subsequent|renewal|extension|extended|"
    r"renewed|renew|extend|prolong\w*|um\s+(?:jeweils\s+)?|jeweils|weitere|续(?:期|约|签)?|延长|顺延)"
    r"\W*(?:\w+\W+){0,3}$"
)
_LENGTH_BEFORE = re.compile(
    r"(?i)(?:periods?\s+of|terms?\s+of|\bfor|basis\s+of|\bof)\W*(?:\w+\W+){0,2}$"
)
_SAME_LENGTH = re.compile(
    r"(?i)same\s+(?:duration|length|period)|equal\s+(?:in\s+(?:duration|length)\s+)?to\s+the\s+"
    r"(?:initial|previous|original|then)|like\s+(?:period|term)|gleichen\s+(?:Zeitraum|Dauer)|同等期限"
)


# "If Customer elects to extend ..., the Price shall be", "Following receipt of the election to
# renew, Licensor shall ...": a renewal as the condition of something else
_SUBORDINATE = re.compile(
    r"(?i)^\W*(?:\(?\w{1,4}[.)]\s+)?(?:in\s+the\s+event|if|following|upon|after|once|when)\b[^,;]{0,120}?"
    r"(?:renew|extend)\w*[^,;]{0,80},"
)
_REFERENCE = re.compile(
    r"(?i)(?:renew|extend)\w*[^.;]{0,60}?\bas\s+(?:provided|set\s+(?:out|forth)|described|specified)"
    r"\s+(?:in|herein|below|above|under)"
)


_ABOUT_AGREEMENT = re.compile(
    r"(?i:this\s+(?:\w+\s+)?agreement|the\s+agreement|initial\s+term|renewal\s+term|"
    r"this\s+(?:contract|license|franchise)|term\s+of\s+(?:this\s+|the\s+)?agreement|"
    r"term\s+(?:hereof|hereunder)|licen[cs]es?\s+granted\s+(?:hereunder|herein|under\s+this))|"
    r"the\s+Term\b|THE\s+TERM\b|本(?:协议|合同)|"
    r"dieser\s+Vertrag|der\s+Vertrag"
)


# Renewals of other instruments: a lease, a loan, an insurance policy.
_OTHER_INSTRUMENT = re.compile(
    r"(?i)\b(?:lease|sublease|loan|mortgage|insurance\s+polic(?:y|ies)|credit\s+facility)\b"
)
_THIS_INSTRUMENT = re.compile(
    r"(?i:this\s+(?:[\w-]+\s+){0,2}?(?:agreement|contract|lease|sublease))|the\s+Agreement\b|"
    r"THE\s+AGREEMENT\b"
)


# "It shall automatically renew ..." continues the sentence before it.
_CONTINUES_PREVIOUS = re.compile(
    r"(?i)\W*(?:it|thereafter|after\s+that|upon\s+(?:its\s+)?expir\w*|such\s+term)\b"
)


def _previous_is_about_agreement(ctx: ContractContext, sentence: Sentence) -> bool:
    previous = ctx.sentence_at(sentence.start - 2)
    return previous is not None and bool(_ABOUT_AGREEMENT.search(ctx.sentence_text(previous)))


@dataclass(frozen=True)
class _Renewal:
    mode: str
    score: float
    sentence: Sentence


def read_renewal(ctx: ContractContext, facts: TermFacts, today: date) -> dict[str, Finding]:
    """`auto_renewal`, `renewal_mode`, `renewal_term_months`, `non_renewal_notice_days` (and
    `non_renewal_notice_business_days`) and the field `renewal_deadline`."""
    renewal = _best_renewal(ctx, facts)
    findings: dict[str, Finding] = {}
    if renewal is None:
        return findings
    sentence = renewal.sentence
    confidence = min(0.93, 0.5 + 0.1 * renewal.score)
    renews = renewal.mode in ("automatic", "evergreen", "option")
    findings["auto_renewal"] = Finding(renews, confidence, sentence.start, sentence.end)
    findings["renewal_mode"] = Finding(renewal.mode, confidence, sentence.start, sentence.end)
    if not renews:
        return findings
    length = _renewal_length(ctx, sentence, facts)
    index = ctx.sentences.index(sentence)
    for neighbour in ctx.sentences[index + 1 : index + 3]:
        if length is not None or neighbour.section != sentence.section:
            break
        if _RENEWAL_CUE.search(ctx.sentence_text(neighbour)):
            length = _renewal_length(ctx, neighbour, facts)
    if length is None:
        length = _length_elsewhere_in_provision(ctx, sentence, facts)
    if length is None:
        length = _length_from_definition(ctx)
    if length is not None:
        findings["renewal_term_months"] = length
    notice = non_renewal_notice(ctx, sentence)
    if notice is not None:
        duration, notice_confidence = notice
        days = notice_days(duration, facts.expiry)
        findings["non_renewal_notice_days"] = Finding(
            days, notice_confidence, duration.start, duration.end
        )
        if duration.business_days:
            findings["non_renewal_notice_business_days"] = Finding(
                True, notice_confidence, duration.start, duration.end
            )
        if facts.expiry is not None:
            months = length.value if length is not None else None
            # a computed expiry is the anniversary; the term's last full day is the day before
            last_day = facts.expiry - timedelta(days=1) if facts.expiry_computed else facts.expiry
            deadline = renewal_deadline(last_day, duration, months, renewal.mode, today)
            if deadline is not None:
                findings["renewal_deadline"] = Finding(
                    deadline[0].isoformat(),
                    notice_confidence * 0.9,
                    duration.start,
                    duration.end,
                    deadline[1],
                )
    return findings


def _best_renewal(ctx: ContractContext, facts: TermFacts) -> _Renewal | None:
    best: _Renewal | None = None
    for sentence in ctx.sentences:
        if not ctx.mentions(_RENEWAL_CUE, sentence):
            continue
        text = ctx.sentence_text(sentence)
        topics = ctx.topics(sentence)
        about_term = (
            "term" in topics
            or "renewal" in topics
            or _ABOUT_AGREEMENT.search(text)
            or (_CONTINUES_PREVIOUS.match(text) and _previous_is_about_agreement(ctx, sentence))
        )
        words = len(text.split()) + len(re.findall(r"[\u4e00-\u9fff]", text)) // 2
        if len(text) > 2500 or words < 6 or not about_term:
            continue
        if _OTHER_INSTRUMENT.search(text) and not _THIS_INSTRUMENT.search(text):
            continue  # "the term (with renewal options) of the lease must match ..."
        mode, score = _classify(text, _initial_period_before(ctx, sentence, text))
        if mode is None:
            continue
        score += 0.5 * ("term" in topics or "renewal" in topics)
        if _ABOUT_AGREEMENT.search(text):
            score += 0.5
        if _SUBORDINATE.search(text) or _REFERENCE.search(text):
            score -= 0.75
        elif mode != "none" and _renewal_length(ctx, sentence, facts) is not None:
            score += 0.5  # states how long: the renewal itself
        if best is None or score > best.score:
            best = _Renewal(mode, score, sentence)
    if best is not None:
        return best
    if facts.initial_term is not None or facts.expiry is not None:
        # a fixed term and no word of renewal
        span = facts.initial_term or facts.effective_finding
        term_sentence = ctx.sentence_at(span.start) if span is not None else None
        if term_sentence is not None:
            return _Renewal("none", 1.0, term_sentence)
    return None


def _length_elsewhere_in_provision(
    ctx: ContractContext, renewal: Sentence, facts: TermFacts
) -> Finding | None:
    """The renewal's length from another sentence of the same provision that renews ("The
    Customer has the right to renew." ... "If it does, the term is extended by one year.")."""
    top = top_section(ctx, renewal.section)
    if top is None:
        return None
    for sentence in ctx.sentences:
        if sentence is renewal or top_section(ctx, sentence.section) != top:
            continue
        text = ctx.sentence_text(sentence)
        if not _RENEWAL_CUE.search(text) or _classify(text)[0] not in ("automatic", "option"):
            continue
        length = _renewal_length(ctx, sentence, facts)
        if length is not None:
            return Finding(length.value, length.confidence * 0.9, length.start, length.end)
    return None


def _initial_period_before(ctx: ContractContext, sentence: Sentence, text: str) -> bool:
    """A sentence that goes on from the one before ("Thereafter it continues until ...") whose
    predecessor states the first fixed period."""
    if not _CONTINUES_PREVIOUS.match(text):
        return False
    previous = ctx.sentence_at(sentence.start - 2)
    return previous is not None and bool(_INITIAL_PERIOD.search(ctx.sentence_text(previous)))


# '"Renewal Term" means each successive period of one (1) year ...'
_RENEWAL_DEFINITION = re.compile(
    r"(?i)Renewal\s+(?:Term|Period)s?[\"”']?\s*(?:\)\s*)?(?:shall\s+)?(?:means?|is|are)\b"
)


def _length_from_definition(ctx: ContractContext) -> Finding | None:
    """The renewal's length from the definition of "Renewal Term", when the contract has one."""
    if not _RENEWAL_DEFINITION.search(ctx.text):
        return None
    for sentence in ctx.sentences:
        if not _RENEWAL_DEFINITION.search(ctx.sentence_text(sentence)):
            continue
        for duration in ctx.durations(sentence.start, sentence.end):
            before = ctx.text[max(sentence.start, duration.start - 30) : duration.start]
            if duration.months is None or re.search(r"(?i)initial\s+(?:term|period)\W*$", before):
                continue
            return Finding(_number(duration.months), 0.7, duration.start, duration.end)
    return None


def _classify(text: str, initial_before: bool = False) -> tuple[str | None, float]:
    """The renewal shape a sentence states, and how clearly (`initial_before`: the sentence
    before states the first fixed period)."""
    if _NO_RENEWAL.search(text):
        return "none", 2.0
    automatic = _AUTOMATIC.search(text)
    renews = re.search(
        r"(?i)renew|extend|prolong|verlänger|续|顺延", text
    ) or _CONTINUES_FOR_PERIODS.search(text)
    if _STRONG_OPTION.search(text) and not _EXPLICITLY_AUTOMATIC.search(text):
        return "option", 2.5
    if automatic or (renews and _UNLESS_NOTICE.search(text) and not _OPTION.search(text)):
        explicit = _EXPLICITLY_AUTOMATIC.search(text)
        if _MUTUAL.search(text) and (
            not automatic or (not explicit and (_MAY_RENEW.search(text) or _BY_MUTUAL.search(text)))
        ):
            return "none", 1.5  # "may be extended for successive periods upon mutual consent"
        if not explicit and not _UNLESS_NOTICE.search(text) and _ON_REQUEST.search(text):
            return "option", 2.5  # "shall be extended ... upon Distributor's written notice"
        return "automatic", 3.0 if automatic else 2.0
    if (
        _EVERGREEN.search(text)
        and _UNTIL_TERMINATED.search(text)
        and (initial_before or _INITIAL_PERIOD.search(text))
        and not _SURVIVAL.search(text)
    ):
        return "evergreen", 2.0
    if _STRONG_OPTION.search(text) or (_OPTION.search(text) and not _MUTUAL.search(text)):
        return "option", 2.0
    if renews and _MUTUAL.search(text):
        return "none", 1.5
    return None, 0.0


def _renewal_length(ctx: ContractContext, sentence: Sentence, facts: TermFacts) -> Finding | None:
    text = ctx.text
    best: tuple[float, Duration] | None = None
    for duration in ctx.durations(sentence.start, sentence.end):
        if duration.months is None and not (
            duration.unit == "day" and duration.amount >= 28 and not duration.business_days
        ):
            continue
        after = text[duration.end : min(sentence.end, duration.end + 60)]
        before = text[max(sentence.start, duration.start - 50) : duration.start]
        if PRIOR.match(after) or re.match(
            r"(?i)\W{0,3}(?:'s|s')?\s*(?:(?!by\b|each\b|upon\b|on\b)\w+\s+){0,2}notice", after
        ):
            continue
        if re.search(
            r"(?i)initial\s+term\s+of\W*$|(?:first|initial)\W*$|(?:within|after|following)\W*$",
            before,
        ):
            continue
        score = 1.0
        if _RENEWAL_LENGTH_BEFORE.search(before):
            score += 2.0
        elif _LENGTH_BEFORE.search(before):
            score += 1.0
        if re.match(r"(?i)\W*(?:each|periods?|terms?|renewal|basis|jeweils|为)", after):
            score += 1.0
        if re.search(r"(?i)initial", before[-30:] + after[:30]):
            score -= 2.0
        if best is None or score > best[0]:
            best = (score, duration)
    if best is not None and best[0] >= 2.0:
        duration = best[1]
        months = duration.months if duration.months is not None else round(duration.amount / 30.44)
        return Finding(_number(months), min(0.9, 0.5 + 0.1 * best[0]), duration.start, duration.end)
    sentence_text = ctx.sentence_text(sentence)
    period = re.search(r"(?i)month[\s-]+to[\s-]+month|monthly|monatlich|按月", sentence_text)
    if period:
        start = sentence.start + period.start()
        return Finding(1, 0.75, start, start + len(period.group(0)))
    period = re.search(
        r"(?i)year[\s-]+to[\s-]+year|\bannual(?:ly)?\b|\byearly\b|\beach\s+year\b|every\s+year|"
        r"\b(?:another|one\s+more|a\s+further|an\s+additional)\s+year\b|"
        r"\b(?:each|every)\s+(?:additional|further)\s+year\b|"
        r"jährlich|jeweils\s+ein\s+(?:weiteres\s+)?Jahr|逐年|每年",
        sentence_text,
    )
    if period:
        start = sentence.start + period.start()
        return Finding(12, 0.75, start, start + len(period.group(0)))
    same = _SAME_LENGTH.search(sentence_text)
    if same and facts.initial_term is not None and facts.initial_term.months is not None:
        start = sentence.start + same.start()
        return Finding(_number(facts.initial_term.months), 0.7, start, start + len(same.group(0)))
    return None


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else round(value, 2)
