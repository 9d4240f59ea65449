"""Committed incident response and resolution times, in hours.

`sla_response_hours` is how soon the supplier must respond to an incident ("respond to Priority 1
incidents within thirty (30) minutes": 0.5, "Reaktionszeit von 4 Stunden": 4, "在接到通知后四(4)
小时内响应": 4); `sla_resolution_hours` how soon it must be resolved, when the contract says.
Minutes are converted; days count 24 hours each ("one business day": 24), and when the time is
counted in business hours or days `sla_response_business_hours` / `sla_resolution_business_hours`
is `true` and the evidence says so.

A time only counts next to a response (or resolution) word *and* with an incident/support cue in
its sentence or the headings above it ("incident", "priority", "Störung", "故障", "support"...),
so notice periods, invoice queries, cure periods and delivery lead times are not read. When the
contract gives a time per severity ("Priority 1: 1 hour; Priority 2: 4 hours", or a table), the
most severe level's time is reported and the evidence is the whole table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.quantities import (
    DE_NUMBER_WORDS,
    EN_NUMBER_WORDS,
    ZH_NUMBER_CHARS,
    parse_number,
)
from extraction.contracts.sections import Sentence

# Small numbers in French and Spanish words (the figure in brackets usually follows them).
_ROMANCE_NUMBERS = {
    "un": 1,
    "une": 1,
    "uno": 1,
    "una": 1,
    "deux": 2,
    "dos": 2,
    "trois": 3,
    "tres": 3,
    "quatre": 4,
    "cuatro": 4,
    "cinq": 5,
    "cinco": 5,
    "six": 6,
    "seis": 6,
    "huit": 8,
    "ocho": 8,
    "douze": 12,
    "doce": 12,
    "vingt-quatre": 24,
    "veinticuatro": 24,
    "quarante-huit": 48,
    "trente": 30,
    "treinta": 30,
}
_ROMANCE_WORDS = "|".join(sorted(_ROMANCE_NUMBERS, key=len, reverse=True))
_FIGURE = r"\d{1,3}(?:[.,]\d{1,2})?"
_LATIN_TIME = re.compile(
    rf"(?<![\w.:/])(?:(?P<words>{EN_NUMBER_WORDS}|{DE_NUMBER_WORDS}|{_ROMANCE_WORDS}|an?|one)"
    r"(?![\w-])\s*)?"
    rf"(?:\(\s*(?P<paren>{_FIGURE})\s*\)|(?<![\w(:/.,])(?P<digits>{_FIGURE})(?![\d:/]))?"
    r"\s*(?:-\s*)?(?P<qual>business|working|clock|calendar|normal|Werk|Arbeits|Geschäfts|Bank)?"
    r"\s*(?:-\s*)?"
    r"(?P<unit>hours?|hrs?\.?|h(?![\w\u00c0-\u024f])|Stunden?|Std\.?|heures?|horas?|"
    r"minutes?|mins?\.?|Minuten?|minutos?|"
    r"days?|tage?n?|jours?|d[ií]as?)(?!\w)"
    r"(?:'s|s'|')?"
    r"(?P<qual2>\s+(?:ouvr[ée]s?|ouvrables?|h[áa]biles?|laborables?))?",
    re.IGNORECASE,
)
_NEXT_BUSINESS_DAY = re.compile(
    r"(?i)\bnext\s+(?P<qual>business|working)\s+day\b|nächsten\s+(?P<qual_de>Werk|Arbeits|"
    r"Geschäfts)tag|次一?个?(?P<qual_zh>工作)日"
)
_ZH_TIME = re.compile(
    rf"(?P<words>[{ZH_NUMBER_CHARS}]+)?\s*(?:\(\s*(?P<paren>\d+(?:\.\d+)?)\s*\)|"
    r"(?P<digits>\d+(?:\.\d+)?))?\s*(?:个)?\s*(?P<qual>工作|营业)?\s*(?P<unit>小时|分钟|日|天)"
)


# Every unit `find_times` reads, in lower case: sentences without one are not looked at.
_UNIT_HINT_TEXT = (
    r"hour|hrs|\dh|\d h\b|minut|stund|std\.|heure|hora|day|tag|jour|d[ií]a|小时|分钟|日|天"
)
_UNIT_HINT = re.compile(_UNIT_HINT_TEXT)
_UNIT_HINT_ANY_CASE = re.compile(_UNIT_HINT_TEXT, re.IGNORECASE)


@dataclass(frozen=True)
class TimeSpan:
    """A stated time in hours, where it is, and whether it counts business time only."""

    hours: float
    business: bool
    unit: str  # "hour", "minute" or "day": as written
    start: int
    end: int


def find_times(text: str) -> list[TimeSpan]:
    """Every time in hours, minutes or days in `text` ("four (4) hours", "30 Minuten", "2小时")."""
    found: list[TimeSpan] = []
    last_end = -10
    for match in _LATIN_TIME.finditer(text):
        unit_word = match.group("unit").lower()
        amount = _amount(match)
        if amount is None or amount <= 0:
            continue
        if match.group("words") in ("a", "an") and match.start() - last_end <= 1:
            continue  # "24 hours a day": a rate, not a second time
        last_end = match.end()
        if unit_word.startswith("min"):
            unit, hours = "minute", amount / 60
        elif unit_word.startswith(("d", "tag", "jour")):
            unit, hours = "day", amount * 24
        else:
            unit, hours = "hour", amount
        qualifier = (match.group("qual") or match.group("qual2") or "").strip().lower()
        business = qualifier not in ("", "clock", "calendar", "normal")
        found.append(TimeSpan(hours, business, unit, match.start(), match.end()))
    for match in _NEXT_BUSINESS_DAY.finditer(text):
        found.append(TimeSpan(24.0, True, "day", match.start(), match.end()))
    for match in _ZH_TIME.finditer(text):
        figure = match.group("paren") or match.group("digits")
        words = match.group("words")
        amount = float(figure) if figure else parse_number(words) if words else None
        if amount is None or amount <= 0:
            continue
        unit_char = match.group("unit")
        before = text[max(0, match.start() - 3) : match.start()]
        if unit_char in "日天" and re.search(r"月\s*$", before):
            continue  # the day of a date: 3月30日
        unit = {"小时": "hour", "分钟": "minute"}.get(unit_char, "day")
        hours = amount / 60 if unit == "minute" else amount * 24 if unit == "day" else amount
        found.append(TimeSpan(hours, bool(match.group("qual")), unit, match.start(), match.end()))
    found.sort(key=lambda t: t.start)
    return found


def _amount(match: re.Match[str]) -> float | None:
    for group in ("paren", "digits"):
        figure = match.group(group)
        if figure:
            return float(figure.replace(",", "."))
    words = (match.group("words") or "").lower()
    if not words:
        return None
    if words in ("a", "an", "one"):
        return 1.0
    if words in _ROMANCE_NUMBERS:
        return float(_ROMANCE_NUMBERS[words])
    return parse_number(words)


# ----------------------------------------------------------------------------- cues

_RESPONSE = re.compile(
    r"(?i)\brespon(?:d|se|ding|ds)|\backnowledg|\breact(?:ion)?\b|\bcall[- ]?back|\bon-?site\b|"
    r"reagier|reaktion|rückmeld|rückruf|antwort|"
    r"响应|回应|答复|回复|到场|到达现场|"
    r"répon|réponse|prise\s+en\s+charge|interven|respuesta|responder|atenci[óo]n|atender"
)
_RESOLUTION = re.compile(
    r"(?i)\bresol(?:ve|ved|ution|ving)|\brestor|\bfix(?:es|ing)?\b|work-?around|\brepair|"
    r"\brectif|behebung|beheb|wiederherstell|beseitig|entstörung|lösung|"
    r"解决|修复|恢复|排除|"
    r"r[ée]solution|r[ée]soudre|r[ée]tabli|correction|resoluci[óo]n|resolver|restablec|"
    r"reparaci[óo]n|soluci[óo]n"
)
_INCIDENT = re.compile(
    r"(?i)\bincident|\boutage|\bfault|\bdefect|\berrors?\b|\bmalfunction|"
    r"\bproblem|\bticket|\bsupport\b|\bhelp\s*desk|\bservice\s+desk|\bservice\s+requests?|"
    r"\btrouble|\bpriorit|\bseverity|\bsev\s*\d|\bP[1-4]\b|\bcritical|\bemergenc|\bdowntime|"
    r"\bbugs?\b|\bbreakdown|\bservice\s+interruption|\bservice\s+levels?|\bSLA\b|\bcomplaints?\b|"
    r"beschwerde|投诉|réclamation|reclamaci[óo]n|"
    r"störung|ausfall|fehler|mängel|priorität|notfall|incident|supportanfrage|"
    r"故障|事件|事故|优先级|紧急|问题|服务请求|报修|报障|技术支持|宕机|中断|"
    r"panne|anomalie|dysfonctionnement|incidencia|incidente|aver[íi]a|fallo|falla|prioridad"
)
# Words that make a time something else: invoices, notices, cure periods, orders and deliveries.
_OTHER = re.compile(
    r"(?i)invoic|\bbill(?:ing|s)?\b|payment|\bpay\b|\bcure\b|\bcured\b|\bremed(?:y|ied)|"
    r"material\s+breach|dispute|\bclaims?\b|purchase\s+orders?|(?<!in\s)\border(?:s|ed)?\b|"
    r"\bdeliver(?:y|ies)\b|lead\s+time|\bship(?:ping|ment)?\b|"
    r"\bquot(?:e|ation)|\bnotice\s+of\s+termination|\bterminat|audit|\boffer|\bapprov|"
    r"\bconsent|\bproposal|angebot|zustimmung|genehmig|报价|审批|批准|"
    r"rechnung|zahlung|kündig|bestellung|liefer|nachbesser|mahnung|"
    r"发票|付款|支付|订单|交货|发货|解除|违约|"
    r"facture|paiement|commande|livraison|factura|pago|pedido|entrega"
)
# A time followed by these is an availability window or advance notice, not a response time.
_NOT_A_LIMIT_AFTER = re.compile(
    r"(?i)^[ \t',]{0,3}(?:a|per|each|every|pro|par|al|por)\s+(?:day|week|month|Tag|Woche|jour|"
    r"semaine|d[ií]a|semana)\b|^\s*[/x×]\s*7|^[ \t',]{0,3}(?:a\s+day|daily|täglich)\b|"
    r"^[ \t',]{0,3}(?:prior\b|in\s+advance|before\b|(?:advance\s+)?notice\b|vorher\b|im\s+Voraus|"
    r"vor\s|Vorankündigung|Vorlauf)"
)
_NOT_A_LIMIT_BEFORE = re.compile(r"(?i)(?:提前|at\s+least|mindestens|every|alle|每)\s*$")

# Severity levels, ranked 1 (most severe) to 4.
_LEVEL_NUMBER = re.compile(
    r"(?i)(?:\b(?:priorit(?:y|ät|é)|prio|prioridad|severity|sévérité|severidad|sev|"
    r"category|kategorie|catégorie|categoría|stufe)(?:\s+level)?\s*[-:#]?\s*|\bP-?)"
    r"(?P<n>[1-5]|one|two|three|four|eins|zwei|drei|vier|I{1,3}|IV|[A-D])(?![\w.])"
)
_LEVEL_ZH = re.compile(
    r"(?P<n>[一二三四1-4])\s*级|P(?P<p>[1-4])|(?:优先级|级别)\s*[:：]?\s*(?P<w>[高中低])|"
    r"(?P<w2>[高中低])优先级"
)
_LEVEL_WORDS = [
    (
        1,
        re.compile(
            r"(?i)\b(?:critical|urgent|emergency|blocker|kritisch\w*|dringend\w*|notfall\w*|"
            r"critique|urgente|cr[íi]tic[oa]|bloquant)\b|紧急|特急|重大|严重"
        ),
    ),
    (
        2,
        re.compile(
            r"(?i)\b(?:high|major|severe|hoch\w*|schwer\w*|haute|majeure|alta|grave)\b|较大"
        ),
    ),
    (3, re.compile(r"(?i)\b(?:medium|moderate|mittel\w*|moyenne|media)\b|一般")),
    (4, re.compile(r"(?i)\b(?:low|minor|niedrig\w*|gering\w*|basse|mineure|baja)\b|轻微")),
]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "a": 1, "b": 2, "c": 3, "d": 4}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "eins": 1, "zwei": 2, "drei": 3}
_NUMBER_WORDS.update({"vier": 4, "一": 1, "二": 2, "三": 3, "四": 4})

_ONSITE = re.compile(r"(?i)\bon[- ]?site|vor\s+Ort|到场|到达现场|sur\s+site|in\s+situ")
_SUBMIT = re.compile(r"(?i)\bsubmi(?:t|ts|tted)\b|einreich|提交|remettre|presentar")
_CLAUSE_BREAK = re.compile(r"[;\n。；]|\.\s")
_MAX_HOURS = {"response": 120.0, "resolution": 720.0}


@dataclass(frozen=True)
class _Candidate:
    kind: str  # "response" or "resolution"
    time: TimeSpan  # offsets into the whole text
    level: int | None
    sentence: Sentence
    explicit: bool  # the response/resolution word is next to the time
    onsite: bool  # a time to be on site ("on site within 2 hours", "到场"), second to a response
    span_start: int  # where the statement starts (its sentence, or the title naming its level)


def _level(label: str) -> int | None:
    """The severity named in the words before a time ("Priority 1", "critical", "一级")."""
    found = list(_LEVEL_NUMBER.finditer(label))
    if found:
        raw = found[-1].group("n").lower()
        if raw.isdigit():
            return int(raw)
        return _ROMAN.get(raw) or _NUMBER_WORDS.get(raw)
    found_zh = list(_LEVEL_ZH.finditer(label))
    if found_zh:
        match = found_zh[-1]
        word = match.group("w") or match.group("w2")
        if word:
            return {"高": 2, "中": 3, "低": 4}[word]
        raw = match.group("n") or match.group("p")
        return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    for rank, pattern in _LEVEL_WORDS:
        if pattern.search(label):
            return rank
    return None


def _clause_start(text: str, lo: int, position: int) -> int:
    """Start of the clause (line, `;`-part, sentence) that `position` is in, not before `lo`."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, lo, position)]
    return breaks[-1] if breaks else lo


def _kind_near(before: str, after: str) -> tuple[str | None, bool]:
    """Response or resolution, from the words right after a time ("4 Stunden Reaktionszeit",
    "4小时内响应") or else the nearest before it ("respond ... within 30 minutes")."""
    head = re.split(r"[,;.。，；\n]|\b(?:and|und|et|or|oder|ou)\b|[并和及或]", after[:16])[0]
    for kind, pattern in (("response", _RESPONSE), ("resolution", _RESOLUTION)):
        if pattern.search(head):
            return kind, True
    best: tuple[int, str] | None = None
    for kind, pattern in (("response", _RESPONSE), ("resolution", _RESOLUTION)):
        for match in pattern.finditer(before):
            if best is None or match.start() > best[0]:
                best = (match.start(), kind)
    return (best[1], True) if best is not None else (None, False)


def _header_order(text: str, line_start: int, lo: int) -> list[str]:
    """The order of response/resolution columns in the nearest header line above a table row."""
    position = line_start
    for _ in range(8):
        if position <= lo:
            break
        previous = text.rfind("\n", lo, position - 1) + 1
        line = text[previous : position - 1]
        position = previous
        if find_times(line):
            continue
        marks = sorted(
            [(m.start(), "response") for m in _RESPONSE.finditer(line)]
            + [(m.start(), "resolution") for m in _RESOLUTION.finditer(line)]
        )
        if marks:
            order: list[str] = []
            for _, kind in marks:
                if not order or order[-1] != kind:
                    order.append(kind)
            return order
    return []


def _candidates(ctx: ContractContext, sentence: Sentence) -> list[_Candidate]:
    text = ctx.text
    body = ctx.sentence_text(sentence)
    context = " / ".join((*sentence.headings, sentence.lead))
    if not (_RESPONSE.search(body) or _RESOLUTION.search(body) or _RESPONSE.search(context)):
        return []
    topical = bool(ctx.topics(sentence) & {"service_levels", "support"})
    if not (topical or _INCIDENT.search(body) or _INCIDENT.search(sentence.lead)):
        return []
    found: list[_Candidate] = []
    previous_end = sentence.start
    previous_kind: str | None = None
    for local in find_times(body):
        start, end = sentence.start + local.start, sentence.start + local.end
        time = TimeSpan(local.hours, local.business, local.unit, start, end)
        clause = _clause_start(text, sentence.start, start)
        segment_start = max(previous_end, clause)
        before = text[segment_start:start]
        after = text[end : min(sentence.end, end + 40)]
        previous_end = end
        if _NOT_A_LIMIT_AFTER.search(after) or _NOT_A_LIMIT_BEFORE.search(before):
            continue
        if _OTHER.search(text[clause:start]) or _OTHER.search(after[:30]):
            continue
        if _SUBMIT.search(before):
            continue  # a report to submit, not a response
        kind, explicit = _kind_near(before, after)
        if kind is None:
            line_start = text.rfind("\n", 0, start) + 1
            if line_start > sentence.start and clause == line_start:
                order = _header_order(text, line_start, max(0, sentence.start - 2000))
                row_times = [
                    t for t in find_times(text[line_start:start]) if t.end <= start - line_start
                ]
                index = len(row_times)
                kind = order[index] if index < len(order) else None
            if kind is None:
                kind = previous_kind
        if kind is None and _RESPONSE.search(context) and not _RESOLUTION.search(body):
            kind = "response"
        if kind is None or local.hours > _MAX_HOURS[kind]:
            continue
        if local.unit == "day" and not local.business and local.hours > 5 * 24:
            continue
        previous_kind = kind
        level = _level(before) or _level(text[clause:start])
        span_start = sentence.start
        if level is None and sentence.headings and clause == sentence.start:
            # "2.1 Priority 1 incidents: response within 2 hours": the level is the title
            level = _level(sentence.headings[-1])
            title = text.rfind(sentence.headings[-1], max(0, sentence.start - 300), start)
            span_start = title if level is not None and title >= 0 else span_start
        onsite = bool(_ONSITE.search(text[max(segment_start, start - 30) : end + 8]))
        found.append(_Candidate(kind, time, level, sentence, explicit, onsite, span_start))
    return found


def _clusters(candidates: list[_Candidate], text: str) -> list[list[_Candidate]]:
    """Candidates close together (one sentence, a list, a table) form one statement."""
    groups: list[list[_Candidate]] = []
    for candidate in candidates:
        if groups:
            last = groups[-1][-1]
            gap = text[last.sentence.end : candidate.sentence.start]
            if (
                candidate.sentence == last.sentence
                or (len(gap) < 200 and not re.search(r"\n\s*\n\s*\n", gap))
                or (candidate.sentence.headings == last.sentence.headings and len(gap) < 1500)
            ):
                groups[-1].append(candidate)
                continue
        groups.append([candidate])
    return groups


def _score(ctx: ContractContext, group: list[_Candidate]) -> float:
    topics = set().union(*(ctx.topics(c.sentence) for c in group))
    return (
        1.0
        + ("service_levels" in topics or "support" in topics)
        + 0.5 * any(c.level is not None for c in group)
        + 0.25 * any(c.level == 1 for c in group)
        + 0.5 * any(c.explicit for c in group)
        + 0.25 * any(_INCIDENT.search(ctx.sentence_text(c.sentence)) for c in group)
    )


def _most_severe(items: list[_Candidate]) -> _Candidate:
    return min(items, key=lambda c: (c.level if c.level is not None else 9, c.onsite, c.time.hours))


def _describe(item: _Candidate, items: list[_Candidate]) -> str:
    parts = []
    if item.level is not None and len({c.level for c in items}) > 1:
        parts.append(f"most severe level ({_level_name(item.level)}) of {len(items)} times stated")
    if item.time.unit == "minute":
        parts.append(f"{round(item.time.hours * 60)} minutes = {item.time.hours:g} hours")
    if item.time.unit == "day":
        days = item.time.hours / 24
        kind = "business" if item.time.business else "calendar"
        plural = "s" if days != 1 else ""
        parts.append(f"{days:g} {kind} day{plural} counted as {item.time.hours:g} hours")
    if item.time.business:
        parts.append("business time")
    return "; ".join(parts)


def _level_name(level: int) -> str:
    return f"priority {level}"


def _sentences_with_units(ctx: ContractContext) -> list[Sentence]:
    """The sentences naming a unit of time: a quick pass before the slower cue patterns."""
    lower = ctx.text.lower()
    if len(lower) != len(ctx.text):  # lower-casing moved offsets (rare letters): match as is
        hits = _UNIT_HINT_ANY_CASE.finditer(ctx.text)
    else:
        hits = _UNIT_HINT.finditer(lower)
    found: dict[int, Sentence] = {}
    for hit in hits:
        sentence = ctx.sentence_at(hit.start())
        if sentence is not None:
            found.setdefault(sentence.start, sentence)
    return list(found.values())


def extract_response_times(ctx: ContractContext) -> dict[str, Finding]:
    """`sla_response_hours` and `sla_resolution_hours` (with their `_business_hours` flags)."""
    candidates = [c for s in _sentences_with_units(ctx) for c in _candidates(ctx, s)]
    if not candidates:
        return {}
    groups = _clusters(candidates, ctx.text)
    found: dict[str, Finding] = {}
    for kind in ("response", "resolution"):
        scored = [
            (_score(ctx, group), -index, group)
            for index, group in enumerate(groups)
            if any(c.kind == kind for c in group)
        ]
        if not scored:
            continue
        score, _, group = max(scored, key=lambda item: item[:2])
        items = [c for c in group if c.kind == kind]
        chosen = _most_severe(items)
        start = min(c.span_start for c in group)
        end = max(c.sentence.end for c in group)
        confidence = min(0.9, 0.45 + 0.1 * score)
        whole = len(group) > 1 or start < chosen.sentence.start
        key = f"sla_{kind}_hours"
        note = _describe(chosen, items)
        span = (start, end) if whole else (chosen.time.start, chosen.time.end)
        found[key] = Finding(round(chosen.time.hours, 2), confidence, *span, note, whole)
        if chosen.time.business:
            found[f"sla_{kind}_business_hours"] = Finding(True, confidence, *span, note, whole)
    return found
