"""The contract's term: effective date, initial term and expiry.

The effective date is the one the contract calls its Effective Date, else the day its term
commences, else the date of the agreement in its opening words. The expiry is the date the term
is stated to end on; failing that it is computed from the effective date and the initial term
("five (5) years from the Effective Date" ends on the fifth anniversary), and its evidence says
so. A contract that runs until terminated has no expiry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.dates import ORDINAL_WORDS, DateMention
from extraction.contracts.quantities import Duration
from extraction.contracts.sections import Sentence


@dataclass(frozen=True)
class TermFacts:
    """What the term readers found, handed on to the renewal reader."""

    effective: date | None
    effective_finding: Finding | None
    expiry: date | None
    initial_term: Duration | None
    initial_term_anchored: bool  # counted from the effective date (so expiry can be computed)
    perpetual: bool
    expiry_computed: bool = False  # the anniversary of the effective date, not a stated date


_EFFECTIVE_DEFINED = re.compile(
    r"(?i)[\s,(]*(?:(?:the|this|hereinafter|referred|to|as|called|defined|being|such|date|"
    r"of|agreement)\s+){0,7}[\"']?\s*(?:Effective|Commencement|Start)\s+Date"
    r"|[\s,(]*(?:nachfolgend\s+)?[\"„]?Inkrafttreten|[\s,(]*(?:以下简称)?[\"“]?生效日"
)
_EFFECTIVE_FROM = re.compile(
    r"(?i)effective\s+(?:as\s+of|on|from|commencing|beginning)\s*$|"
    r"\b(?:have|has|take|takes|with)\s+effect\s+(?:as\s+of|on|from)\s*$|"
    r"\bcomes?\s+into\s+(?:force|effect)\s+(?:as\s+of|on|from)\s*$|"
    r"(?:tritt|treten)\s+(?:am|mit\s+Wirkung\s+(?:zum|vom))\s*$|mit\s+Wirkung\s+(?:zum|ab|vom)\s*$|"
    r"wirksam\s+(?:ab|zum|mit)\s*$|gilt\s+ab\s*$|自\s*$"
)
_EFFECTIVE_DEFINITION = re.compile(
    r"(?i)(?:Effective|Commencement)\s+Date[\"']?\s*(?:\)\s*)?(?:[:\-]|(?:shall\s+)?(?:means?|be|is)"
    r"\b[^.;]{0,80})?\s*$|生效日(?:期)?\s*(?:为|是|:)\s*$|Inkrafttreten\w*\s+(?:ist|am)\s*$"
)
# A signature block's date: "Date: 1/27/2020", "4/24/2018 ... Date"
_DATE_LABEL_BEFORE = re.compile(r"(?i)(?:\bdated?|日期|Datum)\s*[:.]?\s*(?:this\s+)?$")
_DATE_LABEL_AFTER = re.compile(r"(?i)\s*(?:\S+\s+){0,2}?(?:dated?|日期|Datum)\b")
_IN_FORCE = re.compile(r"(?i)effect|into\s+force|Kraft|wirksam|gilt|生效|起")
# "Effective Date means the date of this Agreement": the agreement's own date is the answer
_EFFECTIVE_IS_AGREEMENT_DATE = re.compile(
    r"(?i)Effective\s+Date[\"'”]?\)?\s*(?:shall\s+)?means?\s+the\s+date\s+(?:of\s+this\s+Agreement|hereof|"
    r"(?:first\s+)?(?:written|set\s+(?:forth|out))\s+above)|"
    r"\bthe\s+date\s+(?:first\s+(?:written|set\s+(?:forth|out))\s+above|hereof)\s*\(\s*(?:the\s+)?[\"“]?"
    r"Effective\s+Date"
)
_DATED = re.compile(r"(?i)\b(?:is|be|are)\s+dated\s+(?:as\s+of\s+)?(?:the\s+)?$")
_PREAMBLE_STRONG = re.compile(
    r"(?i)\b(?:dated|entered\s+into|made|executed|signed|concluded|as\s+of|day\s+of|effective)\b"
    r"[^.;]{0,40}$|\bvom\s*$|geschlossen\s+am\s*$|于\s*$"
)
_EFFECTIVE_AS_OF = re.compile(
    r"(?i)\beffective\s+(?:as\s+of|on|from|upon|commencing|beginning|this|the)\b|"
    r"\b(?:made\s+)?effective\b|wirksam\s+(?:ab|zum|mit)|tritt\s+(?:am|mit)|gilt\s+ab|"
    r"自.{0,20}起生效|生效"
)
_COMMENCE = re.compile(
    r"(?i)\b(?:commenc\w*|begin\w*|began|start\w*|beginn\w*|läuft\s+ab|ab\s+dem|自|从)\b|自|从"
)
_PREAMBLE = re.compile(
    r"(?i)\b(?:dated|entered\s+into|made|executed|as\s+of|day\s+of|this\s+agreement|"
    r"agreement)\b|vom|geschlossen|签订|签署|订立"
)
_TERM_CUE = re.compile(
    r"(?i)\bterm\b|\bcommenc|\bexpir|\bcontinue|\bremain\s+in|\bin\s+(?:full\s+)?(?:force|effect)|"
    r"\bvalid\b|\bperiod\b|\bduration\b|Laufzeit|läuft|endet|gilt|Vertragsdauer|期限|有效期|届满|"
    r"至|止"
)
_END_BEFORE_DATE = re.compile(
    r"(?i)(?:\b(?:Expiration|Termination|Expiry|End)\s+Date\s*[:\-]?\s*|"
    r"\b(?:until|ending\s+on|expire\s+on)\s+the\s+(?:earlier|later|earliest|latest|first)\s+(?:to\s+occur\s+)?of"
    r"[:\s]*(?:\(\w{1,4}\)|\w\))?|\buntil|\bthrough|\bthru|\bexpir\w*(?:\s+on)?|\bterminat\w*(?:\s+on)?|\bend(?:s|ing)?"
    r"(?:\s+on|\s+as\s+of)?|\bconclud\w*(?:\s+on)?|\bup\s+to(?:\s+and\s+including)?|\bto|"
    r"\bbis(?:\s+zum)?|\bendet\s+am|\bzum|至|止)\s*(?:the\s+)?(?:close\s+of\s+business\s+on\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?$"
)
_PERPETUAL = re.compile(
    r"(?i)\bin\s+perpetuity\b|\bperpetual(?:ly)?\b|\bindefinite(?:ly)?\b|"
    r"\buntil\s+(?:it\s+is\s+|this\s+agreement\s+is\s+)?terminated\b|unless\s+and\s+until\s+terminated|"
    r"unbefristet|auf\s+unbestimmte\s+Zeit|无固定期限|长期有效"
)
_INITIAL_TERM_CUE = re.compile(
    r"(?i)(?:(?:initial\s+)?(?:term|period|duration)(?:\s+of\s+(?:this|the)\s+[\w ]{1,30}?)?\s+"
    r"(?:shall\s+be|is|will\s+be|of)(?:\s+for)?|\bfor|valid\s+for|"
    r"(?:end|expire|terminate)s?(?:\s+(?:after|upon|on))?|"
    r"(?:continue|remain)\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+|in\s+force\s+)?for|"
    r"expire\w*\s+(?:on\s+)?(?:the\s+(?:later|earlier)\s+of\s+)?(?:\(\w{1,3}\)\s*)?|"
    r"Laufzeit\s+(?:von|beträgt)|für\s+(?:die\s+Dauer\s+von)?|期限为|有效期为|有效期)"
    r"(?:\s+(?:a|an|the)(?:\s+(?:term|period)\s+of(?:\s+(?:a|an))?)?)?\W*$"
)
_ANNIVERSARY = re.compile(
    r"(?i)(?:until|on|through|to|expir\w*(?:\s+on)?|end\w*(?:\s+on)?|terminat\w*(?:\s+on)?)\s+"
    r"(?:the\s+(?:later|earlier)\s+of\s*:?\s*(?:\(\w{1,3}\)\s*)?)?"
    r"(?:the\s+(?:day\s+(?:prior|before)\s+(?:to\s+)?the\s+)?)?(?P<ordinal>[a-z]+(?:-[a-z]+)?|\d{1,2}(?:st|nd|rd|th))"
    r"(?:\s*\(\d{1,2}(?:st|nd|rd|th)?\))?\s+anniversary\s+of\s+(?:the\s+)?"
    r"(?:effective\s+date|commencement\s+date|date\s+(?:hereof|of\s+this\s+agreement)|execution)"
)
_WEAK_TERM_CUE = re.compile(r"(?i)for\b|valid|continue|remain|period|duration")
_AGREEMENT_RUNS = re.compile(
    r"(?i)\b(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)\s+(?:shall|will|is\s+to)\s+"
    r"(?:\w+\s+){0,3}?(?:continue|remain|(?:be|become)\s+(?:valid|effective|in\s+(?:full\s+)?(?:force|effect)))"
)
_AFTER_INITIAL = re.compile(
    r"(?i)^\W*(?:\(\s*[\"']?initial|(?:from|after)\s+(?:and\s+including\s+)?(?:the\s+)?"
    r"(?:effective|commencement|date|execution)|therefrom|"
    r"commencing|beginning|starting|after\s+the\s+effective|following\s+the\s+effective|"
    r"(?:term|period)|ab\s+|ab\s+dem|from\s+the\s+date|thereafter\b)"
)
_NOT_TERM_AFTER = re.compile(
    r"(?i)^\s*thereafter|^[^.;]{0,25}?\b(?:prior|before|in\s+advance|notice|after\s+(?:receipt|termination|"
    r"expiration|the\s+end)|following\s+(?:termination|expiration)|vor\s+Ablauf|Kündigung|"
    r"之前|前)"
)


def read_term(ctx: ContractContext) -> tuple[dict[str, Finding], TermFacts]:
    """`effective_date`, `initial_term_months` and `expiry_date` (stated or computed)."""
    findings: dict[str, Finding] = {}
    effective = _effective_date(ctx)
    if effective is not None:
        findings["effective_date"] = effective[1]
    initial = _initial_term(ctx)
    perpetual = _is_perpetual(ctx)
    if initial is not None and initial[0].months is not None:
        months = initial[0].months
        value: int | float = int(months) if months == int(months) else round(months, 2)
        findings["initial_term_months"] = Finding(
            value, initial[1], initial[0].start, initial[0].end
        )
    expiry_date: date | None = None
    expiry_computed = False
    stated = _stated_expiry(ctx, effective[0] if effective else None)
    if stated is not None:
        expiry_date = stated[0]
        findings["expiry_date"] = stated[1]
    elif effective is not None and initial is not None and initial[2]:
        duration = initial[0]
        anniversary = duration.add_to(effective[0])
        amount = f"{duration.amount:g} {duration.unit}{'s' if duration.amount != 1 else ''}"
        note = f"computed: effective date {effective[0].isoformat()} + initial term of {amount}"
        # The term has run its length on the anniversary ("expires on the fifth anniversary");
        # the renewal deadline is counted from the day before, so that it is never late.
        expiry_date = anniversary
        expiry_computed = True
        findings["expiry_date"] = Finding(
            expiry_date.isoformat(),
            min(effective[1].confidence, initial[1]) * 0.9,
            duration.start,
            duration.end,
            note,
        )
    facts = TermFacts(
        effective[0] if effective else None,
        effective[1] if effective else None,
        expiry_date,
        initial[0] if initial else None,
        bool(initial and initial[2]),
        perpetual and expiry_date is None,
        expiry_computed,
    )
    return findings, facts


# ----------------------------------------------------------------------------- effective date


def _effective_date(ctx: ContractContext) -> tuple[date, Finding] | None:
    best: tuple[float, DateMention] | None = None
    opening_end = _opening_end(ctx)
    witness = re.search(r"(?i)IN\s+WITNESS\s+WHEREOF|签字|签署页|Unterschrift", ctx.text)
    signatures = witness.start() if witness else int(len(ctx.text) * 0.85)
    agreement_date = bool(_EFFECTIVE_IS_AGREEMENT_DATE.search(ctx.text))
    for sentence in ctx.sentences:
        mentions = ctx.dates(sentence.start, sentence.end)
        if not mentions:
            continue
        text = ctx.text
        for mention in mentions:
            before = text[max(sentence.start, mention.start - 60) : mention.start]
            after = text[mention.end : min(sentence.end, mention.end + 60)]
            score = 0.0
            if agreement_date and (
                (mention.start < opening_end and _PREAMBLE_STRONG.search(before))
                or _DATED.search(before)
            ):
                score = 4.6  # the date of the agreement, which the Effective Date is defined as
            elif _EFFECTIVE_DEFINED.match(after.lstrip(" ,(")) or _EFFECTIVE_DEFINITION.search(
                before
            ):
                score = 5.0
            elif _EFFECTIVE_FROM.search(before) and _IN_FORCE.search(before[-40:] + after[:40]):
                score = 4.5
            elif re.search(
                r"(?i)\beffective\b(?!\s+date)[^.;]{0,25}$|wirksam[^.;]{0,15}$|起生效",
                before + after[:8],
            ):
                score = 4.0
            elif _COMMENCE.search(before[-40:]) and _TERM_CUE.search(ctx.sentence_text(sentence)):
                score = 3.5
            elif mention.start < opening_end and _PREAMBLE_STRONG.search(before):
                score = 3.2
            elif mention.start < opening_end and _PREAMBLE.search(before + after):
                score = 2.5
            elif mention.start >= signatures and (
                _DATE_LABEL_BEFORE.search(before) or _DATE_LABEL_AFTER.match(after)
            ):
                # signed "as of the date below": the last signature date counts
                score = 2.0 + mention.value.toordinal() * 1e-7
            elif mention.start < max(opening_end, 1500):
                score = 1.0
            if score and (best is None or score > best[0]):
                best = (score, mention)
    if best is None:
        return None
    score, mention = best
    finding = Finding(
        mention.value.isoformat(), min(0.95, 0.45 + 0.1 * score), mention.start, mention.end
    )
    return mention.value, finding


def _opening_end(ctx: ContractContext) -> int:
    """Where the opening words end: the recitals or the first numbered provision."""
    limit = min(len(ctx.text), 3000)
    recitals = re.search(
        r"(?i)\bWHEREAS\b|\bRECITALS\b|\bBACKGROUND\b|鉴于|Präambel|Vorbemerkung", ctx.text[:limit]
    )
    end = recitals.start() + 1 if recitals else limit
    for section in ctx.segmentation.sections:
        if section.number and section.start > 200:
            end = min(end, max(section.start, 600))
            break
    return end


# ----------------------------------------------------------------------------- initial term


_TERM_SUBJECT = re.compile(
    r"(?i)\b(?:term|duration)\b[^.;]{0,80}\b(?:commenc|begin|start|end|expir|until|through|continu|"
    r"remain)|\b(?:for\s+a|initial)\s+(?:term|period)\s+of\b|\bterm\s+of\s+this\s+\w+\s+(?:is|shall)|"
    r"\b(?:shall|will)\s+(?:terminate|expire|end)\s+(?:on|upon|at|after)\b|"
    r"\b(?:Expiration|Termination|Expiry|End)\s+Date\s*[:\-]|\b(?:commenc|begin|start)\w*[^.;]{0,60}\b(?:and\s+)?(?:end|expir|terminat)\w*\s+(?:on\s+)?"
)


_WHEREAS = re.compile(r"(?i)\W*whereas\b")
# A cheap test first: the long patterns below only run on sentences with one of these words.
_TERM_WORD = re.compile(
    r"(?i)term|duration|expir|commenc|effective|terminat|until|Date|Laufzeit|Vertrag|期限|有效期|协议|合同"
)
_TERM_STATEMENT = re.compile(
    r"(?i)\bterm\s+of\s+this|\bthis\s+agreement\s+(?:shall|will)\s+(?:commence|continue|"
    r"remain|be\s+effective|expire|terminate|be\s+valid)|\binitial\s+term\b|the\s+\"?term\"?|"
    r"Laufzeit|Vertrag\s+(?:beginnt|endet|läuft)|本(?:协议|合同)(?:的)?(?:有效)?期限|有效期"
)


def _term_sentences(ctx: ContractContext) -> list[Sentence]:
    cached = ctx.memo.get("term_sentences")
    if isinstance(cached, list):
        return cached
    chosen = []
    for sentence in ctx.sentences:
        topics = ctx.topics(sentence)
        text = ctx.sentence_text(sentence)
        if _WHEREAS.match(text):
            continue  # recitals tell history, not the term
        if "term" in topics or (
            _TERM_WORD.search(text) and (_TERM_SUBJECT.search(text) or _TERM_STATEMENT.search(text))
        ):
            chosen.append(sentence)
    ctx.memo["term_sentences"] = chosen
    return chosen


_OTHER_ANCHOR = re.compile(
    r"(?i)^\W*(?:after|from|following|of)\s+(?!(?:and\s+including\s+)?(?:the\s+)?(?:effective|commencement|date\s+(?:hereof|"
    r"of\s+(?:this|its|execution)|first|on\s+which\s+this)|execution|signing|start|beginning|"
    r"date\s+this|\W))"
)


_TERM_VERB = re.compile(
    r"(?i)continu|remain|in\s+(?:full\s+)?(?:force|effect)|expir|terminat|commenc|\bterm\b|\bvalid\b|"
    r"duration|\bend\b|Laufzeit|läuft|endet|有效|期限"
)
_OTHER_DEFINITION = re.compile(
    r"(?i)[\"“](?!(?:initial\s+)?term\b)[^\"”]{1,40}[\"”]\s+(?:shall\s+)?mean"
)


def _initial_term(ctx: ContractContext) -> tuple[Duration, float, bool] | None:
    """The initial term, its confidence, and whether it runs from the effective date."""
    best: tuple[float, Duration, bool] | None = None
    for sentence in _term_sentences(ctx):
        text = ctx.text
        sentence_text = ctx.sentence_text(sentence)
        if not _TERM_VERB.search(sentence_text) or _OTHER_DEFINITION.search(sentence_text):
            continue
        for match in _ANNIVERSARY.finditer(text, sentence.start, sentence.end):
            years = _ordinal_value(match.group("ordinal"))
            if years and (best is None or best[0] < 3.0):
                best = (
                    3.0,
                    Duration(float(years), "year", False, match.start(), match.end()),
                    True,
                )
        for duration in ctx.durations(sentence.start, sentence.end):
            if duration.unit not in ("month", "year") and duration.amount < 90:
                continue
            before = text[max(sentence.start, duration.start - 50) : duration.start]
            after = text[duration.end : min(sentence.end, duration.end + 60)]
            if _NOT_TERM_AFTER.match(after):
                continue
            if re.search(
                r"(?i)(?:renew\w*|extend\w*|extension|successive|additional|further|renewal|"
                r"verlänger\w*|续\w*|顺延)[^.;]{0,30}$",
                before,
            ):
                continue
            score = 0.0
            if re.search(r"(?i)initial\s+term|Erstlaufzeit|初始期限", before + after[:30]):
                score += 2.0
            cue = _INITIAL_TERM_CUE.search(before)
            if cue:
                # "this Agreement ... shall continue in effect for a period of three years"
                weak = bool(_WEAK_TERM_CUE.match(cue.group(0))) and not _AGREEMENT_RUNS.search(
                    ctx.sentence_text(sentence)
                )
                score += 1.0 if weak else 2.0
            if _AFTER_INITIAL.match(after):
                score += 1.5
            if "term" in ctx.topics(sentence):
                score += 0.5
            if re.search(
                r"(?i)during\s+the\s+term|after\s+(?:the\s+)?(?:termination|expiration)|surviv",
                before,
            ):
                continue
            if score >= 2.0 and (best is None or score > best[0]):
                best = (score, duration, not _OTHER_ANCHOR.match(after))
    if best is None:
        return None
    return best[1], min(0.9, 0.45 + 0.1 * best[0]), best[2]


def _ordinal_value(word: str) -> int | None:
    digits = re.match(r"\d+", word)
    return int(digits.group(0)) if digits else ORDINAL_WORDS.get(word.lower())


def _is_perpetual(ctx: ContractContext) -> bool:
    return any(_PERPETUAL.search(ctx.sentence_text(s)) for s in _term_sentences(ctx))


# ----------------------------------------------------------------------------- expiry


def _stated_expiry(ctx: ContractContext, effective: date | None) -> tuple[date, Finding] | None:
    best: tuple[float, DateMention] | None = None
    for sentence in _term_sentences(ctx):
        text = ctx.sentence_text(sentence)
        if not _TERM_CUE.search(text):
            continue
        for mention in ctx.dates(sentence.start, sentence.end):
            if effective is not None and mention.value <= effective:
                continue
            before = ctx.text[max(sentence.start, mention.start - 40) : mention.start]
            if not _END_BEFORE_DATE.search(before):
                continue
            score = 2.0 + ("term" in ctx.topics(sentence))
            if re.search(r"(?i)expir|terminat|end|conclud|endet|届满|终止", before):
                score += 1.0
            if re.search(r"(?i)\b(?:notice|prior\s+to|on\s+or\s+before|by\s+written)\b", before):
                score -= 2.0
            if best is None or score > best[0]:
                best = (score, mention)
    if best is None or best[0] < 2.0:
        return None
    score, mention = best
    finding = Finding(
        mention.value.isoformat(), min(0.93, 0.5 + 0.1 * score), mention.start, mention.end
    )
    return mention.value, finding
