"""Governing law and dispute forum.

The governing-law sentence says which law governs or construes the agreement ("governed by the
laws of the State of New York", "unterliegt deutschem Recht", "适用中华人民共和国法律"); the
jurisdiction named closest after "laws of" (or just before "law") is the answer, normalised.
The forum is the arbitral institution and seat, or the courts, that disputes go to.
"""

from __future__ import annotations

import re

from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.jurisdictions import JurisdictionMention, find_jurisdictions
from extraction.contracts.sections import Sentence

_LAW_WORD = re.compile(r"(?i)\blaws?\b|legislation|regulations|\bRecht|Rechts\b|法律|法")
_GOVERN_CUE = re.compile(
    r"(?i)\bgovern(?:ed|s|ing)?\b|\bconstru(?:ed|e|ction)\b|\binterpret(?:ed|ation)?\b|"
    r"\benforced\b|\bappl(?:y|ies|icable)\b|\bsubject\s+to\s+the\s+laws?\b|accordance\s+with\s+the\s+laws|"
    r"unterlieg|unterfällt|\bgilt\b|\bgelten\b|Anwendung|anwendbar|maßgeblich|"
    r"适用|管辖|受.{0,20}法律|依据.{0,20}法律|按照.{0,20}法律"
)
_STRONG_CUE = re.compile(
    r"(?i)\bgoverned\b|\bgoverning\s+law\b|\bshall\s+govern\b|\bconstrued\b|unterlieg|"
    r"\b(?:interpreted|enforced)\b[^.;]{0,30}\b(?:in\s+accordance\s+with|under)\b|"
    r"in\s+accordance\s+with\s+the\s+laws\s+of|"
    r"Recht\s+der|Recht\s+des|deutschem\s+Recht|适用.{0,15}法律|受.{0,20}法律.{0,6}管辖"
)
# "organised under the laws of Delaware" describes a party, not the contract.
_INCORPORATION = re.compile(
    r"(?i)(?:organi[sz]ed|incorporated|existing|formed|registered)\s+(?:and\s+existing\s+)?"
    r"(?:under|pursuant\s+to)\s+the\s+laws?\s+of"
)
_LAW_OF = re.compile(
    r"(?i)(?:laws?|legislation)\s+(?:in\s+force\s+in\s+|of\s+|applicable\s+in\s+)(?:the\s+)?|"
    r"Recht\s+(?:der|des)\s+|适用\s*|依据\s*|按照\s*"
)


def extract_governing_law(ctx: ContractContext) -> dict[str, Finding]:
    """`governing_law`: the normalised jurisdiction whose law governs the contract."""
    best: tuple[float, Sentence, JurisdictionMention] | None = None
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        if not _LAW_WORD.search(text) or not _GOVERN_CUE.search(text):
            continue
        mentions = find_jurisdictions(ctx.text, sentence.start, sentence.end)
        mentions = [
            m
            for m in mentions
            if not _describes_a_party(ctx.text, sentence.start, m)
            and not re.search(r"(?i)other\s+than\s+(?:the\s+)?$", ctx.text[m.start - 20 : m.start])
        ]
        if not mentions:
            continue
        strong = bool(_STRONG_CUE.search(text))
        headed = "governing_law" in ctx.topics(sentence)
        if not strong and not headed:
            continue
        score = 1.0 + 2.0 * strong + 1.5 * headed
        if re.search(
            r"(?i)\bth(?:is|e)\s+(?:\w+\s+){0,2}(?:agreement|amendment|contract)\b|本(?:协议|合同)|"
            r"dieser?\s+Vertrag|der\s+Vertrag",
            text,
        ):
            score += 1.0
        mention = _governing_mention(ctx.text, sentence, mentions)
        if best is None or score > best[0]:
            best = (score, sentence, mention)
    if best is None or best[0] < 2.0:
        return {}
    score, sentence, mention = best
    confidence = min(0.97, 0.55 + 0.1 * score)
    return {"governing_law": Finding(mention.name, confidence, mention.start, mention.end)}


def _describes_a_party(text: str, sentence_start: int, mention: JurisdictionMention) -> bool:
    before = text[max(sentence_start, mention.start - 80) : mention.start]
    return bool(_INCORPORATION.search(before)) and not re.search(r"(?i)govern", before)


def _governing_mention(
    text: str, sentence: Sentence, mentions: list[JurisdictionMention]
) -> JurisdictionMention:
    """The jurisdiction right after "laws of" / before "law", else the first one named; a state
    rather than its country ("the laws of the United States and of the State of Texas")."""
    chosen = _first_governing_mention(text, sentence, mentions)
    if chosen.kind == "country":
        for mention in mentions:
            if mention.country == chosen.name:
                return mention
    return chosen


def _first_governing_mention(
    text: str, sentence: Sentence, mentions: list[JurisdictionMention]
) -> JurisdictionMention:
    for mention in mentions:
        before = text[max(sentence.start, mention.start - 45) : mention.start]
        if _LAW_OF.search(before) and re.search(
            r"(?i)(?:laws?|legislation|Recht|适用|依据|按照)[^.;]{0,40}$", before
        ):
            return mention
    for mention in mentions:
        after = text[mention.end : mention.end + 12]
        if re.match(r"(?i)\s*(?:law|Recht|法律|法)", after):
            return mention
    for mention in mentions:  # adjective forms carry the word "Recht" themselves
        if re.search(r"(?i)recht", text[mention.start : mention.end]):
            return mention
    return mentions[0]


# ----------------------------------------------------------------------------- forum

_INSTITUTIONS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        ("ICC", r"\bICC\b|International\s+Chamber\s+of\s+Commerce|Internationalen\s+Handelskammer"),
        ("AAA", r"\bAAA\b|American\s+Arbitration\s+Association"),
        ("ICDR", r"\bICDR\b|International\s+Centre\s+for\s+Dispute\s+Resolution"),
        ("JAMS", r"\bJAMS\b"),
        (
            "SIAC",
            r"\bSIAC\b|Singapore\s+International\s+Arbitration\s+Cent(?:re|er)|新加坡国际仲裁中心",
        ),
        (
            "HKIAC",
            r"\bHKIAC\b|Hong\s+Kong\s+International\s+Arbitration\s+Cent(?:re|er)|香港国际仲裁中心",
        ),
        (
            "CIETAC",
            r"\bCIETAC\b|China\s+International\s+Economic\s+and\s+Trade\s+Arbitration|中国国际经济贸易仲裁委员会",
        ),
        ("SHIAC", r"\bSHIAC\b|Shanghai\s+International\s+Arbitration|上海国际(?:经济贸易)?仲裁"),
        ("SCIA", r"\bSCIA\b|Shenzhen\s+Court\s+of\s+International\s+Arbitration|深圳国际仲裁院"),
        ("BAC", r"Beijing\s+Arbitration\s+Commission|北京仲裁委员会"),
        ("LCIA", r"\bLCIA\b|London\s+Court\s+of\s+International\s+Arbitration"),
        ("DIS", r"\bDIS\b|Deutschen?\s+Institution\s+für\s+Schiedsgerichtsbarkeit"),
        ("WIPO", r"\bWIPO\b|World\s+Intellectual\s+Property\s+Organization"),
        ("UNCITRAL", r"\bUNCITRAL\b"),
        ("FINRA", r"\bFINRA\b|\bNASD\b"),
    ]
]
_ARBITRATION = re.compile(r"(?i)arbitrat|schieds|仲裁")
_COURTS = re.compile(r"(?i)\bcourts?\b|\bvenue\b|\bjurisdiction\b|Gerichtsstand|Gericht|法院|诉讼")
_EXCLUSIVE = re.compile(r"(?i)exclusive(?:ly)?|ausschließlich|sole|专属|唯一")
_COURT_PLACE = re.compile(
    r"(?:courts?|tribunals?)\s+(?:of\s+competent\s+jurisdiction\s+)?"
    r"(?:located|sitting|situated|seated|having\s+jurisdiction)?\s*(?:in|of|for|at)\s+(?:the\s+)?"
    r"(?P<place>(?:(?:State|City|County|Borough|Commonwealth|Province|Republic)\s+of\s+)?"
    r"[A-Z][\w.'-]*(?:(?:\s+|,\s*)(?:of\s+|and\s+|upon\s+|am\s+)?[A-Z][\w.'-]*){0,5})"
)
_GERMAN_VENUE = re.compile(
    r"Gerichtsstand\s+(?:ist|für\s+alle[^.]{0,80}?ist)\s+(?P<place>[A-ZÄÖÜ][\wäöüß.-]*(?:\s+(?:am|an\s+der|im)\s+[A-ZÄÖÜ][\wäöüß]*)?)"
)
_ZH_PLACES = {
    "北京": "Beijing",
    "上海": "Shanghai",
    "深圳": "Shenzhen",
    "广州": "Guangzhou",
    "杭州": "Hangzhou",
    "南京": "Nanjing",
    "天津": "Tianjin",
    "成都": "Chengdu",
    "苏州": "Suzhou",
    "武汉": "Wuhan",
    "重庆": "Chongqing",
    "香港": "Hong Kong",
    "新加坡": "Singapore",
}
_ZH_DOMICILE = re.compile(r"(甲方|乙方|原告|被告)\s*(?:住所地|所在地)")
_SEAT = re.compile(
    r"(?i)(?:seat|place|venue|location)\s+of\s+(?:the\s+)?arbitration\s+(?:shall\s+be|is|will\s+be)\s+"
    r"(?:in\s+)?(?P<place>[A-Z][\w.'-]*(?:(?:\s+|,\s*)[A-Z][\w.'-]*){0,3})|"
    r"arbitration\s+(?:shall\s+|will\s+)?(?:be\s+)?(?:held|conducted|take\s+place|seated)\s+in\s+"
    r"(?:the\s+)?(?P<place2>[A-Z][\w.'-]*(?:(?:\s+|,\s*)[A-Z][\w.'-]*){0,3})|"
    r"Ort\s+des\s+Schiedsverfahrens\s+ist\s+(?P<place3>[A-ZÄÖÜ][\wäöüß]*)"
)
_PLACE_STOP = re.compile(
    r"\s*(?:,\s*)?\b(?:in|and|or|for|with|to|by|the|and\s+the|USA|U\.S\.A\.)\s*$"
)


def extract_dispute_forum(ctx: ContractContext) -> dict[str, Finding]:
    """`dispute_forum`: "Arbitration (SIAC), Singapore", "Courts of New York, New York"..."""
    candidates: list[tuple[float, Finding]] = []
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        topics = ctx.topics(sentence)
        arbitration = _ARBITRATION.search(text)
        courts = _COURTS.search(text)
        if not arbitration and not courts:
            continue
        value = _arbitration_value(text, _following(ctx, sentence)) if arbitration else None
        if value is None and courts:
            value = _court_value(text)
        if value is None:
            continue
        score = 1.0 + ("disputes" in topics or "governing_law" in topics)
        score += 1.5 * bool(value.startswith("Arbitration (") or "," in value)
        score += 0.5 * bool(_EXCLUSIVE.search(text)) + 0.5 * bool(
            re.search(r"(?i)submit|irrevocabl|unterwerf|提交|提请", text)
        )
        if arbitration and re.search(
            r"(?i)finally\s+(?:settled|resolved)|binding|endgültig|终局", text
        ):
            score += 1.0
        candidates.append(
            (score, Finding(value, min(0.92, 0.5 + 0.12 * score), sentence.start, sentence.end))
        )
    if not candidates:
        return {}
    best = max(candidates, key=lambda c: c[0])
    return {"dispute_forum": best[1]}


def _following(ctx: ContractContext, sentence: Sentence) -> str:
    """The next sentence of the same provision ("The seat of the arbitration shall be ...")."""
    after = ctx.sentence_at(sentence.end + 1)
    if after is None or after.section != sentence.section:
        return ""
    return ctx.sentence_text(after)


def _arbitration_value(text: str, following: str = "") -> str | None:
    institution = next((name for name, pattern in _INSTITUTIONS if pattern.search(text)), None)
    if not re.search(
        r"(?i)(?:settled|resolved|determined|referred|submitted|decided)\s+(?:\w+\s+){0,6}?by\s+"
        r"(?:binding\s+|final\s+)*arbitration|arbitration\s+(?:in|under|administered|before|"
        r"conducted|held|by)|to\s+arbitration|binding\s+arbitration|Schiedsgericht|"
        r"schiedsgerichtlich|Schiedsverfahren|仲裁",
        text,
    ):
        return None
    seat = _seat(text) or (_seat(following) if _SEAT.search(following) else None)
    label = f"Arbitration ({institution})" if institution else "Arbitration"
    return f"{label}, {seat}" if seat else label


def _seat(text: str) -> str | None:
    match = _SEAT.search(text)
    if match:
        place = match.group("place") or match.group("place2") or match.group("place3")
        return _PLACE_STOP.sub("", place).strip(" ,.")
    for chinese, english in _ZH_PLACES.items():
        if re.search(rf"(?:在|于){chinese}|{chinese}(?:仲裁|进行)", text):
            return english
    mentions = find_jurisdictions(text)
    return mentions[0].name if mentions else None


def _court_value(text: str) -> str | None:
    german = _GERMAN_VENUE.search(text)
    if german:
        return f"Courts of {german.group('place').rstrip('.')}"
    domicile = _ZH_DOMICILE.search(text)
    if domicile and "法院" in text:
        party = {
            "甲方": "Party A",
            "乙方": "Party B",
            "原告": "the claimant",
            "被告": "the defendant",
        }
        return f"Courts at the domicile of {party[domicile.group(1)]}"
    for chinese, english in _ZH_PLACES.items():
        if re.search(rf"{chinese}[^。,;]{{0,12}}法院", text):
            return f"Courts of {english}"
    if not re.search(r"(?i)\bcourts?\b", text):
        return None
    if not re.search(r"(?i)jurisdiction|venue|submit|brought|litigat|exclusive|resolved", text):
        return None
    match = _COURT_PLACE.search(text)
    if match:
        place = _PLACE_STOP.sub("", match.group("place")).strip(" ,.")
        if find_jurisdictions(place) or re.search(r"County|City|Borough|District", place):
            return f"Courts of {place}"
    mentions = find_jurisdictions(text)
    if mentions:
        return f"Courts of {mentions[-1].name}"
    return None
