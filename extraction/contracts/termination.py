"""Termination for convenience: the notice a party must give to end the contract without cause.

A sentence grants the right when a party "may terminate" (or the contract "may be terminated")
without a reason ("for convenience", "without cause", "for any reason", "at any time"), or on
notice alone with no breach, insolvency or other event attached. The value is the notice in
days (business days flagged); 0 means the right exists with no minimum notice.
"""

from __future__ import annotations

import re

from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.quantities import Duration
from extraction.contracts.sections import Sentence

_TERMINATE = re.compile(
    r"(?i)terminat|terminab|cancel|rescind|withdraw\w*\s+from|(?<![a-zäöü])(?:kündig|gekündigt)|beend|"
    r"\bend\s+(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)|"
    r"\b(?:discontinue|opt\s+out\s+of)\s+(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)|"
    r"\bresign\s+(?:its|his|her|their)\s+appointment|\bresign\s+as\b|"
    r"解除|终止"
)
_RIGHT = re.compile(
    r"(?i)\b(?:may|can|shall\s+(?:have|be\s+entitled)|has\s+the\s+right|have\s+the\s+right|"
    r"is\s+entitled|are\s+entitled|reserves?\s+the\s+right|entitled|option|right)\b"
    r"(?:(?!\b(?:and|assign|pay|shall|will|have\s+no)\b)[^.;:]){0,100}?\b(?:terminat|cancel|rescind|"
    r"withdraw\w*\s+from|end\s+(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)|"
    r"(?:discontinue|opt\s+out\s+of)\s+(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract)|"
    r"resign\s+(?:(?:its|his|her|their)\s+appointment|as\b))|"
    # "may give the other party 30 days' notice, in which case this Agreement shall terminate"
    r"\b(?:may|can)\s+(?:give|serve|deliver|provide|send)\s+[^.;]{0,80}?notice\b[^.;]{0,80}?terminat|"
    # "shall be terminated (a) by mutual agreement or (b) by either party upon 45 days' notice"
    r"(?:shall|will)\s+(?:\w+\s+)?be\s+(?:\w+\s+)?terminated\b(?=[^.;]{0,200}?\b(?:upon|on|by\s+giving|"
    r"with)\s+[^.;]{0,60}?notice)|"
    r"(?:shall|will)\s+terminate\s+(?:\w+\s+){0,3}?(?:upon|on)\s+(?:[\w'’]+\s+){0,4}?"
    r"(?:receipt|delivery|giving)\s+of\s+[^.;]{0,60}?notice|"
    # "shall terminate ninety (90) days after either party gives notice of termination"
    r"(?:shall|will)\s+(?:automatically\s+)?(?:terminate|end|expire)\s+(?:on\s+the\s+)?[^.;]{1,40}?\b"
    r"(?:days?|months?)\s+(?:after|following|from)\s+[^.;]{0,60}?notice|"
    r"\b(?:may|can)\s+(?:\w+\s+){0,3}?be\s+(?:terminated|cancell?ed)|terminable|cancellable|"
    r"\buntil\s+terminated\s+by\s+(?:either|any|the|one)|"
    r"(?:kann|können|ist\s+berechtigt|sind\s+berechtigt)[^.;]{0,160}(?<![a-zäöü])kündig|"
    r"(?<![a-zäöü])ordentlich\w*\s+Kündigung|"
    r"(?:可以?|有权)[^。;]{0,30}(?:解除|终止)"
)
_CONVENIENCE = re.compile(
    r"(?i)for\s+(?:its|their|any|his|her|the)?\s*(?:own\s+|sole\s+)?convenience|without\s+cause|"
    r"with\s+or\s+without\s+cause|for\s+any\s+(?:or\s+no\s+)?reason|for\s+no\s+reason|"
    # "whether or not the other party is in breach": cause is not required
    r"(?:whether\s+or\s+not|regardless\s+of\s+whether)\s+(?:the\s+other\s+party|either\s+party|a\s+party|"
    r"any\s+party|[A-Z]\w+)\s+(?:is|has\s+been|shall\s+be)\s+in\s+(?:breach|default)|"
    r"without\s+(?:assigning|giving|stating|providing|specifying)\s+(?:any\s+|a\s+)?(?:reasons?|cause)|"
    r"in\s+(?:its|their|his|her)\s+(?:sole|absolute|sole\s+and\s+absolute)\s+discretion|"
    r"at\s+(?:its|their)\s+(?:sole\s+)?(?:discretion|option|election)|at\s+will|"
    # as a grant ("is entitled to unilaterally terminate"), not a description of what a party did
    r"\b(?:to|may|can)\s+unilaterally\s+(?:terminat|cancel|rescind)|unilateral\s+right\s+to\s+terminat|"
    r"ohne\s+Angabe\s+von\s+Gründen|(?<![a-zäöü])ordentlich|jederzeit|无需(?:任何)?理由|无故|随时"
)
_OBJECT = re.compile(
    r"(?i)this\s+(?:\w+\s+){0,2}?(?:agreement|contract|addendum|amendment)|the\s+agreement|"
    r"(?:terminat|cancel)\w*\s+(?:the\s+|its\s+|their\s+|your\s+|[\w']+\s+)?(?:engagement|appointment|"
    r"services|employment|relationship|arrangement|term\b|statement\s+of\s+work|order|rights?\b)|"
    r"(?:engagement|appointment|services|term)\s+may\s+be\s+terminated|withdraw\w*\s+from\s+the\s+|"
    r"terminat\w*\s+(?:it|the\s+same)\b|resign\s+(?:(?:its|his|her|their)\s+appointment|as\b)|本(?:协议|合同)|(?:diesen|den|der|dieser)\s+Vertrag|Vertrag"
)
# Notice that ends the contract at the end of a term is non-renewal, not convenience.
_AT_TERM_END = re.compile(
    r"(?i)(?:prior\s+to|before|at|as\s+of)\s+the\s+(?:end|expiration|expiry)\s+of\s+(?:the\s+|any\s+|"
    r"such\s+|said\s+)?(?:then[\s-]+(?:current|applicable)\s+|initial\s+|renewal\s+|extended\s+)?"
    r"(?:term|period)|on\s+(?:each|any)\s+anniversary|prior\s+to\s+(?:the\s+)?(?:any\s+)?renewal"
)
_STRONG_CONVENIENCE = re.compile(
    r"(?i)convenience|without\s+cause|with\s+or\s+without\s+cause|for\s+any\s+or\s+no\s+reason|"
    r"for\s+no\s+reason|whether\s+or\s+not|regardless\s+of\s+whether|without\s+(?:assigning|giving|stating|"
    r"providing|specifying)|ohne\s+Angabe\s+von\s+Gründen|无需(?:任何)?理由"
)
_CONDITION = re.compile(r"(?i)\bif\b|\bshould\b|\bwhenever\b|\bwenn\b|\bfalls\b|如果|若")
_ANY_TIME = re.compile(r"(?i)at\s+any\s+time|jederzeit|随时")
_CAUSE = re.compile(
    r"(?i)breach|default|insolv|bankrupt|receiver|liquidat|fail(?:s|ed|ure)?\b|violat|"
    r"change\s+(?:of|in)\s+control|force\s+majeure|\bcure|\bif\s+(?:the\s+other|either|any|a)\s+party|"
    r"\bif\s+[A-Z]\w+\s+(?:fails|breaches|becomes|is|shall)|\bin\s+the\s+event\b|"
    r"occurrence|convicted|fraud|misconduct|unable|illegal|unlawful|ceases?\s+to|"
    r"acquired|merger|\bcauses?\b|unfulfilled|underperform|"
    # a consequence of an obligation not met: "B shall sign the form, otherwise A may terminate"
    r"[,;]\s*otherwise\b|\bfailing\s+which\b|"
    # a decision of the fund's board or its shareholders (investment company agreements), not a
    # party's own right on notice
    r"\bby\s+(?:a\s+|the\s+)?vote\s+of\s+(?:a\s+majority\s+of\s+)?(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:board|trustees|directors|shareholders|stockholders|voting\s+securities)\b|"
    # a right only as another document's termination provisions give it
    r"(?:accordance\s+with|under|subject\s+to)\s+(?:the\s+)?termination\s+(?:provisions|rights|terms)|"
    r"wichtigem\s+Grund|außerordentlich|fristlos|Verletzung|Verstoß|Insolvenz|"
    r"违约|违反|破产|未能|严重"
)
_NOT_A_GRANT = re.compile(
    r"(?i)\bupon\s+(?:the\s+)?(?:termination|expiration)|\bafter\s+(?:the\s+)?termination|"
    r"\b(?:may|can|shall|will)\s+not\s+(?:\w+\s+){0,3}?(?:be\s+)?(?:terminat|terminab|cancel)|"
    r"in\s+the\s+event\s+of\s+(?:any\s+)?termination|(?:following|on)\s+termination|"
    r"\bshall\s+not\s+(?:be\s+entitled\s+to\s+|have\s+the\s+right\s+to\s+)?terminat|"
    r"\bmay\s+not\s+terminat|neither\s+party\s+(?:may|shall)|survive|"
    r"effect\s+of\s+termination|no\s+(?:party|right)"
)
_MUTUAL = re.compile(
    r"(?i)by\s+(?:mutual\s+)?(?:written\s+)?agreement|mutual(?:ly)?\s+(?:written\s+)?(?:agree|consent)|"
    r"by\s+both\s+parties|einvernehmlich|协商一致"
)
_ALTERNATIVE = re.compile(
    r"(?i)\bor\s+(?:\(\w{1,4}\)\s+)?(?:(?:by|at\s+any\s+time\s+by)\s+(?:either|any|each|a)\s+party|"
    r"(?:at\s+any\s+time\s+)?(?:upon|on|by\s+giving|with)\s+[^.;]{0,60}?notice)"
)
_IMMEDIATELY_ON_NOTICE = re.compile(
    r"(?i)\bimmediately\s+(?:upon|on|by)\s+(?:the\s+)?(?:[\w'’]+\s+){0,4}?(?:written\s+)?(?:notice|receipt)"
)
# "shall terminate ninety (90) days after either party gives written notice of termination"
_ENDS_BEFORE = re.compile(r"(?i)\b(?:terminate|end|expire)\s+(?:on\s+the\s+)?\W*$")
_AFTER_NOTICE = re.compile(r"(?i)\W{0,3}(?:after|following|from)\s+[^.;]{0,60}?notice")
# "shall end on the sixtieth (60th) day following a written notice"
_ORDINAL_DAY_AFTER_NOTICE = re.compile(
    r"(?i)\b(?:terminate|end|expire)\s+on\s+the\s+(?:[a-z-]+\s+)?\(?(?P<day>\d{1,3})(?:st|nd|rd|th)\)?\s+"
    r"day\s+(?:after|following|from)\s+[^.;]{0,60}?notice"
)
_NOTICE_AFTER = re.compile(
    r"(?i)^\W{0,3}(?:'s|s')?\s*(?:(?:prior|advance|written|calendar|business|of|such|the|"
    r"other|party)\W+){0,4}(?:notice|notification|written|prior|in\s+advance|in\s+writing)|"
    r"^[^.;]{0,15}(?:Kündigungsfrist|Frist|zum|vor)|^[^。;]{0,6}(?:书面)?通知"
)
_NOTICE_BEFORE = re.compile(
    r"(?i)(?:notice|notif\w*|upon|on|with|giving|providing|delivering|by|least|than|"
    r"Frist\s+von|mit\s+einer\s+Frist\s+von|提前)\W*(?:\w+\W+){0,2}$"
)


def extract_termination_for_convenience(ctx: ContractContext) -> dict[str, Finding]:
    """`termination_notice_days` (and `termination_notice_business_days`)."""
    best: tuple[float, Finding, Duration | None] | None = None
    leads: dict[str, bool] = {}
    for sentence in ctx.sentences:
        if not ctx.mentions(_TERMINATE, sentence):
            lead = sentence.lead
            if lead not in leads:
                leads[lead] = bool(_TERMINATE.search(lead))
            if not leads[lead]:
                continue
        text = ctx.sentence_text(sentence)
        scored = _score(ctx, sentence, text)
        if scored is None:
            continue
        score, duration = scored
        value = _days(duration) if duration else 0
        start, end = (duration.start, duration.end) if duration else (sentence.start, sentence.end)
        confidence = min(0.92, 0.45 + 0.1 * score)
        finding = Finding(value, confidence, start, end)
        if best is None or score > best[0]:
            best = (score, finding, duration)
    if best is None:
        return {}
    found = {"termination_notice_days": best[1]}
    if best[2] is not None and best[2].business_days:
        found["termination_notice_business_days"] = Finding(
            True, best[1].confidence, best[1].start, best[1].end
        )
    return found


def _score(
    ctx: ContractContext, sentence: Sentence, text: str
) -> tuple[float, Duration | None] | None:
    own_grant = _RIGHT.search(text)
    lead = "" if own_grant else sentence.lead  # an item that grants the right stands alone
    granted = own_grant or (lead and _RIGHT.search(lead))
    if not granted:
        return None
    grant_end = own_grant.end() if own_grant else len(text)
    mutual = _MUTUAL.search(text[: grant_end + 80])
    if mutual and not _ALTERNATIVE.search(text, mutual.end()):
        return None
    if _NOT_A_GRANT.search(text[: grant_end + 80]) or re.match(
        r"(?i)\W*the\s+parties\s+may\s+terminate", text
    ):
        return None
    if not (_OBJECT.search(text) or (lead and _OBJECT.search(lead))):
        return None
    verb = _TERMINATE.search(text, own_grant.start()) if own_grant else _TERMINATE.search(text)
    anchor = verb.start() if verb else 0
    window = text[max(0, anchor - 80) : anchor + 350]
    convenience = _CONVENIENCE.search(window)
    if convenience and re.match(
        r"(?i)\s*(?:other\s+than|not\s|except)", window[convenience.end() :]
    ):
        convenience = None  # "for any reason other than a breach"
    strong = bool(convenience and _STRONG_CONVENIENCE.search(convenience.group(0)))
    if _AT_TERM_END.search(text) and not convenience:
        return None  # notice to end the contract when its term ends is non-renewal
    # conditions before the grant and in its own clause count; a later proviso does not
    following = text[anchor : anchor + 250]
    proviso = re.search(r"(?i);|\bprovided\b|\bhowever\b|但|但是", following)
    following = following[: proviso.start()] if proviso else following
    without_cues = _CONVENIENCE.sub(" ", text[:anchor] + following)
    cause = _CAUSE.search(without_cues) or (not strong and _CONDITION.search(without_cues))
    own_item = re.match(r"(?i)\W*(?:by\s+(?:either|any|the|each)\s+part|at\s+any\s+time)", text)
    if lead and not (own_item or convenience) and not re.search(r"(?i)notice|通知|Kündigung", text):
        return None  # an item of a list of events, not a right on notice
    if lead and not own_item and not strong and (_CAUSE.search(lead) or _CONDITION.search(lead)):
        cause = cause or _CAUSE.search(lead) or _CONDITION.search(lead)
    if cause and not strong:
        return None
    if text.rstrip().endswith(":") and not strong:
        return None  # introduces a list of events, each read on its own
    duration = _notice_duration(ctx, sentence)
    if (
        not convenience
        and duration is None
        and not _ANY_TIME.search(text)
        and not _IMMEDIATELY_ON_NOTICE.search(text)
    ):
        return None
    score = 1.0 + 2.0 * bool(convenience) + 1.0 * (duration is not None)
    score += 0.5 * bool(_ANY_TIME.search(text)) + 0.5 * ("termination" in ctx.topics(sentence))
    return score, duration


def _notice_duration(ctx: ContractContext, sentence: Sentence) -> Duration | None:
    for duration in ctx.durations(sentence.start, sentence.end):
        after = ctx.text[duration.end : min(sentence.end, duration.end + 50)]
        before = ctx.text[max(sentence.start, duration.start - 40) : duration.start]
        if _ENDS_BEFORE.search(before) and _AFTER_NOTICE.match(after):
            return duration  # "shall terminate ninety (90) days after ... notice"
        if re.search(r"(?i)(?:within|after|following|nach)\W*(?:\w+\W+){0,1}$", before):
            continue
        if _NOTICE_AFTER.match(after) or (
            _NOTICE_BEFORE.search(before)
            and re.search(r"(?i)notice|notif|Frist|通知", before + after)
        ):
            return duration
    text = ctx.sentence_text(sentence)
    ordinal = _ORDINAL_DAY_AFTER_NOTICE.search(text)
    if ordinal:
        start = sentence.start + ordinal.start("day")
        return Duration(
            int(ordinal.group("day")), "day", False, start, start + len(ordinal.group(0))
        )
    return None


def _days(duration: Duration) -> int:
    """Whole days; months and years at their average calendar length (3 months: 91)."""
    if duration.unit == "day":
        return int(duration.amount)
    return round(duration.approximate_days())
