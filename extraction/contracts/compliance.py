"""Audit rights, cross-border data transfer mechanism and force majeure.

Audit rights are granted when a party may audit, inspect or examine the other's books, records,
premises or systems (or the other must make them available for that); an "audited financial
statement" is not a right. The data transfer mechanism is named by its legal instrument
(Standard Contractual Clauses, Binding Corporate Rules, the EU-U.S. Data Privacy Framework, the
PRC standard contract or security assessment...).
"""

from __future__ import annotations

import re

from extraction.contracts.context import ContractContext, Finding

_STRONG_VERB = (
    r"\b(?:audit(?!ed\s+financial)\w*|inspect\w*|examin\w*)\b|Einsicht|prüf\w*|"
    r"审计|检查|查阅|核查|稽核"
)
_WEAK_VERB = r"\b(?:review|verify|access|copy|visit|enter)\b|Zugang|Zutritt|进入"
_OBJECT = (
    r"\b(?:books|records|accounts|premises|facilit\w*|plants?|sites?|operations|procedures|controls|"
    r"documentation|compliance|systems|locations|offices|work\s+papers|ledgers|manufactur\w*|production)\b|"
    r"Bücher|Unterlagen|Aufzeichnungen|Geschäftsräume|Räumlichkeiten|Betriebsstätten|"
    r"账簿|账目|记录|场所|设施|资料"
)
_CORE_OBJECT = (
    r"\b(?:books|records|accounts|premises|facilit\w*|ledgers)\b|Bücher|Unterlagen|Geschäftsräume|"
    r"账簿|账目|场所"
)
_GRANT = (
    r"(?:shall\s+have\s+the\s+right|has\s+the\s+right|have\s+the\s+right|\bright\b|\bmay\b|entitled|"
    r"permit|allow|grant|provide(?!d\s+by)|make\s+(?:\w+\s+){0,4}?available|subject\s+to|request|"
    r"be\s+given|afford|cooperat\w*|assist|have\s+(?:\w+\s+){0,2}?access|"
    r"berechtigt|gestattet|ermöglich|有权|允许|配合|提供)"
)
# The grant patterns, each run only when its verb is in the sentence (most sentences have none).
_STRONG_GRANT = re.compile(
    # the auditor may be described at length between the grant and the verb
    rf"(?i){_GRANT}[^.;]{{0,220}}?(?:{_STRONG_VERB})[^.;]{{0,160}}?(?:{_OBJECT})|"
    rf"{_GRANT}[^.;]{{0,120}}?\b(?:carry\s+out|conduct|perform|undertake)\s+(?:[\w-]+\s+){{0,4}}?audits?\b|"
    rf"{_GRANT}[^.;]{{0,120}}?(?:{_CORE_OBJECT})[^.;]{{0,80}}?(?:{_STRONG_VERB})"
)
_WEAK_GRANT = re.compile(
    rf"(?i){_GRANT}[^.;]{{0,120}}?(?:{_WEAK_VERB})[^.;]{{0,80}}?(?:{_CORE_OBJECT})|"
    # "access to its data centres for the purpose of verifying compliance"
    rf"{_GRANT}[^.;]{{0,120}}?(?:{_WEAK_VERB})[^.;]{{0,80}}?(?:for\s+the\s+purposes?\s+of|to|in\s+order\s+to)"
    rf"\s+(?:verify|verifying|confirm\w*|audit\w*|determin\w*)\s+(?:\w+\s+){{0,3}}?(?:compliance|"
    rf"(?:the\s+)?accuracy|charges|fees|invoices|royalt\w*|payments)"
)
_AVAILABLE_GRANT = re.compile(
    # "shall make its books and records available to the Licensor"
    rf"(?i)\bmake\s+(?:[\w'’]+\s+){{0,6}}?(?:books|records|accounts|ledgers)\b[^.;]{{0,60}}?\bavailable\b|"
    rf"\bmake\s+available\b[^.;]{{0,120}}?\b(?:books|records|accounts|ledgers)\b|"
    rf"(?:{_CORE_OBJECT})[^.;]{{0,100}}?(?:available|open|subject)\s+(?:\w+\s+){{0,3}}?"
    rf"(?:for|to)\s+(?:\w+\s+){{0,3}}?(?:inspection|audit|examination|review)"
)
_NAMED_RIGHT = re.compile(
    r"(?i)\b(?:audit|inspection)\s+rights?\b|right\s+(?:to|of)\s+(?:audit|inspect)|Audit-?Recht|"
    r"Prüfungsrecht|审计权|检查权"
)
_AVAILABLE = re.compile(r"(?i)\b(?:available|open|subject)\b")
_WEAK = re.compile(rf"(?i){_WEAK_VERB}")


def _grants_audit(text: str, strong: bool) -> bool:
    """Whether a sentence grants an audit or inspection (`strong`: it has a strong verb)."""
    return bool(
        (strong and (_STRONG_GRANT.search(text) or _NAMED_RIGHT.search(text)))
        or (_WEAK.search(text) and _WEAK_GRANT.search(text))
        or (_AVAILABLE.search(text) and _AVAILABLE_GRANT.search(text))
    )


# inspecting goods on delivery is acceptance testing, not an audit of the other party
_GOODS_INSPECTION = re.compile(
    r"(?i)\b(?:inspect|examin|test)\w*\s+(?:and\s+\w+\s+)?(?:the\s+|all\s+|any\s+|such\s+|each\s+)?"
    r"(?:goods|products|shipments?|deliver\w*|materials|items|units|equipment|merchandise|samples)\b"
)
# access given so that a party can do its work, not to check the other's
_ACCESS_FOR_WORK = re.compile(
    r"(?i)\b(?:access|enter|visit)\b[^.;]{0,150}?(?:in\s+order\s+to|\bto|for\s+the\s+purposes?\s+of)\s+"
    r"(?:provid|perform|install|deliver|carry\w*\s+out|repair|maintain|servic|complet|supply|operat)\w*|"
    r"\baccess\s+to\s+and\s+(?:the\s+)?use\s+of"
)
_STRONG = re.compile(rf"(?i){_STRONG_VERB}")
_CORE = re.compile(rf"(?i){_CORE_OBJECT}")
_AUDIT_WORD = re.compile(r"(?i)audit|审计|Prüf")
_AUDIT_HINT = re.compile(rf"(?i){_STRONG_VERB}|{_WEAK_VERB}|\bavailable\b")
_NOT_AN_AUDIT_RIGHT = re.compile(
    r"(?i)independent\s+(?:registered\s+)?public\s+"
    r"accounting\s+firm\s+(?:has|have)\s+audited|waive[sd]?\s+(?:\w+\s+){0,3}?rights?\b|shall\s+not\s+(?:have\s+the\s+right\s+to\s+)?audit|"
    r"geprüfte[nr]?\s+Jahresabschl|经审计的"
)

_MECHANISMS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        (
            "Standard Contractual Clauses",
            r"standard\s+contractual\s+clauses|\bSCCs?\b|(?:EU\s+)?model\s+clauses|"
            r"Standardvertragsklauseln|Standarddatenschutzklauseln|标准合同条款",
        ),
        (
            "UK International Data Transfer Agreement",
            r"International\s+Data\s+Transfer\s+(?:Agreement|Addendum)|\bIDTA\b",
        ),
        (
            "Binding Corporate Rules",
            r"binding\s+corporate\s+rules|\bBCRs?\b|verbindliche\s+interne\s+Datenschutzvorschriften",
        ),
        ("EU-U.S. Data Privacy Framework", r"Data\s+Privacy\s+Framework|\bDPF\b"),
        ("Privacy Shield", r"Privacy\s+Shield"),
        ("Adequacy decision", r"adequacy\s+decision|Angemessenheitsbeschluss"),
        (
            "PRC standard contract for personal information export",
            r"个人信息出境标准合同|标准合同(?:办法)?|standard\s+contract\s+for\s+(?:the\s+)?(?:outbound|cross-border)",
        ),
        (
            "PRC security assessment",
            r"数据出境安全评估|安全评估|security\s+assessment\s+by\s+the\s+CAC|CAC\s+security\s+assessment",
        ),
        ("PRC personal information protection certification", r"个人信息保护认证"),
    ]
]
# Every mechanism pattern contains one of these (lowercased), checked before any pattern runs.
_MECHANISM_WORDS = (
    "clauses",
    "scc",
    "idta",
    "international data transfer",
    "binding corporate",
    "bcr",
    "privacy framework",
    "dpf",
    "privacy shield",
    "adequacy",
    "angemessenheit",
    "standardvertrags",
    "standarddatenschutz",
    "verbindliche interne",
    "标准合同",
    "安全评估",
    "个人信息保护认证",
    "standard contract",
    "security assessment",
)
_TRANSFER_CONTEXT = re.compile(
    r"(?i)transfer|outside\s+(?:the\s+)?(?:EEA|European|EU|United\s+Kingdom|UK|PRC|China)|"
    r"third\s+countr|cross-border|Übermittlung|Drittland|Drittstaat|出境|跨境|境外"
)

_FORCE_MAJEURE = re.compile(
    r"(?i)force\s+majeure|act(?:s)?\s+of\s+god|höhere[rn]?\s+Gewalt|不可抗力|"
    r"(?:caused\s+by|due\s+to|arising\s+from)\s+(?:\w+\s+){0,6}?(?:beyond\s+(?:its|their|the)\s+"
    r"(?:reasonable\s+)?control)"
)
_EXCUSE = re.compile(
    r"(?i)not\s+(?:be\s+)?(?:liable|responsible|deemed\s+(?:in\s+)?(?:breach|default))|excused|"
    r"suspend|delay|failure|nicht\s+(?:haften|verantwortlich)|haftet\s+nicht|keine[rn]?\s+[^.]{0,40}"
    r"haftet|befreit|不承担|免除|免责|延迟|延期"
)


def extract_audit_rights(ctx: ContractContext) -> dict[str, Finding]:
    """`audit_rights`: true when a party may audit or inspect the other's books or premises."""
    best: tuple[float, Finding] | None = None
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        if not _AUDIT_HINT.search(text):
            continue
        strong = bool(_STRONG.search(text))
        if not _grants_audit(text, strong) or _NOT_AN_AUDIT_RIGHT.search(text):
            continue
        if _GOODS_INSPECTION.search(text) and not (_CORE.search(text) or _AUDIT_WORD.search(text)):
            continue
        if _ACCESS_FOR_WORK.search(text) and not strong:
            continue
        score = 1.0 + ("audit" in ctx.topics(sentence)) + bool(_AUDIT_WORD.search(text))
        score += len(text) > 60  # a provision rather than its title
        finding = Finding(True, min(0.92, 0.55 + 0.1 * score), sentence.start, sentence.end)
        if best is None or score > best[0]:
            best = (score, finding)
    return {"audit_rights": best[1]} if best else {}


def extract_data_transfer_mechanism(ctx: ContractContext) -> dict[str, Finding]:
    """`data_transfer_mechanism`: the instrument that covers personal data leaving its country."""
    lowered = ctx.text.lower()
    if not any(word in lowered for word in _MECHANISM_WORDS):
        return {}
    found: list[tuple[int, str, int]] = []
    for name, pattern in _MECHANISMS:
        for match in pattern.finditer(ctx.text):
            found.append((match.start(), name, match.end()))
    for start, name, end in sorted(found):
        sentence = ctx.sentence_at(start)
        if sentence is None:
            continue
        text = ctx.sentence_text(sentence)
        if "data_protection" in ctx.topics(sentence) or _TRANSFER_CONTEXT.search(text):
            return {"data_transfer_mechanism": Finding(name, 0.8, start, end)}
    return {}


def extract_force_majeure(ctx: ContractContext) -> dict[str, Finding]:
    """`force_majeure`: true when events beyond a party's control excuse its performance."""
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        headed = "force_majeure" in ctx.topics(sentence)
        match = _FORCE_MAJEURE.search(text)
        if (match and _EXCUSE.search(text)) or (headed and _EXCUSE.search(text)):
            return {
                "force_majeure": Finding(True, 0.9 if headed else 0.8, sentence.start, sentence.end)
            }
    return {}
