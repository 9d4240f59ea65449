"""The parties named in a contract's opening words, and which of them is the vendor.

Parties are read from the opening clause ("by and between X, a Delaware corporation
("Supplier"), and Y ("Customer")", "zwischen der X GmbH – nachfolgend „Auftragnehmer“ – und ...",
"甲方：X有限公司 / 乙方：Y有限公司"). The vendor (`holder_name`) is the party whose defined role
is the one providing the goods or services (Supplier, Service Provider, Auftragnehmer, 乙方
(服务方)...); without such a role it is left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.contracts.context import ContractContext, Finding

_VENDOR_ROLES = re.compile(
    r"(?i)^(?:the\s+)?(?:supplier|vendor|(?:service\s+)?provider|contractor|consultant|licensor|seller|"
    r"manufacturer|developer|processor|carrier|transporter|operator|agency|agent|advisor|adviser|"
    r"servicer|repairer|maintainer|auftragnehmer|dienstleister|anbieter|lieferant|verkäufer|"
    r"lizenzgeber|berater|服务方|服务提供方|服务商|供应商|供方|受托方|承包方|卖方|乙方)$"
)
_CLIENT_ROLES = re.compile(
    r"(?i)^(?:the\s+)?(?:customer|client|purchaser|buyer|licensee|owner|principal|company|bank|"
    r"auftraggeber|kunde|käufer|besteller|lizenznehmer|委托方|采购方|需方|买方|客户|甲方)$"
)
_LEGAL_FORM = (
    r"(?:Inc|Corp|Corporation|Incorporated|LLC|L\.L\.C|Ltd|Limited|LP|L\.P|LLP|plc|PLC|GmbH|AG|SE|KG|"
    r"UG|OHG|mbH|S\.A|S\.A\.S|SARL|N\.V|B\.V|Co|Company|Pte\.?\s+Ltd|Pty\.?\s+Ltd|S\.p\.A|"
    r"Trust|Association|University)\.?"
)
_ROLE_PAREN = re.compile(
    r"\((?:[^()\"]{0,80}?)(?:hereinafter|herein|collectively|individually|each|together|the)?[^()\"]{0,40}?"
    r"\"(?P<role>[^\"]{1,40})\"[^()]{0,60}\)"
)
_OPENING_PARTIES = re.compile(
    r"(?i)\b(?:by\s+and\s+between|by\s+and\s+among|between|among|amongst)\b"
)
_OPENING_END = re.compile(
    r"(?i)\bWHEREAS\b|\bRECITALS?\b|\bWITNESSETH\b|NOW,?\s+THEREFORE|\bBACKGROUND\b|"
    r"\bthe\s+parties\s+(?:hereto\s+)?agree|\n\s*\n\s*\d+\.?\s"
)
_NAME_STOP = re.compile(
    r"(?i),?\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:corporation|company|limited|partnership|"
    r"association|entity|organi[sz]ation|bank|trust|society|individual|LLC|institution|"
    r"professional|resident|citizen|national)|,\s+(?:with|having|whose|located|organi[sz]ed|"
    r"incorporated|existing|registered|doing\s+business)|\s+\(|,\s*$|\s+located\s+at|"
    r",\s+(?:a|an)\s+(?:[A-Z][\w.]*\s+){1,3}(?:corporation|company|limited\s+liability)"
)
_ZH_PARTY = re.compile(
    r"(?P<role>甲方|乙方|丙方)\s*(?:\((?P<label>[^)]{1,12})\))?\s*[:：]\s*(?P<name>[^\n,;:，；]{2,60})"
)
_DE_PARTY = re.compile(
    r"(?:zwischen|und)\s+(?:der|dem|den|die|Herrn|Frau)?\s*(?P<name>[A-ZÄÖÜ][^\n,;]{1,80}?"
    r"(?:GmbH(?:\s*&\s*Co\.\s*KG)?|AG|KG|SE|UG(?:\s*\(haftungsbeschränkt\))?|e\.\s?K\.|OHG|mbH|"
    r"Ltd\.?|Inc\.?|LLC|Limited|B\.V\.|S\.A\.))"
    r"[^;]{0,200}?(?:nachfolgend|im\s+Folgenden|hiernach)\s+(?:\w+\s+){0,2}?[„\"]?(?P<role>[A-ZÄÖÜ][\wäöüß]+)"
)


@dataclass(frozen=True)
class _Party:
    name: str
    role: str
    start: int
    end: int


def extract_parties(ctx: ContractContext) -> dict[str, Finding]:
    """`parties` (names in order) and `holder_name` (the vendor party, when its role says so)."""
    if ctx.language == "zh" or "甲方" in ctx.text[:4000]:
        parties = _chinese_parties(ctx)
    elif ctx.language == "de":
        parties = _german_parties(ctx) or _english_parties(ctx)
    else:
        parties = _english_parties(ctx)
    if not parties:
        return {}
    start = min(p.start for p in parties)
    end = max(p.end for p in parties)
    names = list(dict.fromkeys(p.name for p in parties))
    found = {"parties": Finding(names, 0.75, start, end)}
    vendor = _vendor(parties)
    if vendor is not None:
        found["holder_name"] = Finding(vendor.name, 0.7, vendor.start, vendor.end)
    return found


def _vendor(parties: list[_Party]) -> _Party | None:
    vendors = [p for p in parties if _VENDOR_ROLES.match(p.role)]
    if len(vendors) == 1:
        return vendors[0]
    clients = [p for p in parties if _CLIENT_ROLES.match(p.role)]
    others = [p for p in parties if p not in clients]
    if len(parties) == 2 and len(clients) == 1 and len(others) == 1:
        return others[0]
    return None


def _english_parties(ctx: ContractContext) -> list[_Party]:
    text = ctx.text
    head = text[:6000]
    opening = _OPENING_PARTIES.search(head)
    if not opening:
        return []
    end_match = _OPENING_END.search(head, opening.end())
    end = end_match.start() if end_match else min(len(head), opening.end() + 1500)
    parties: list[_Party] = []
    cursor = opening.end()
    for paren in _ROLE_PAREN.finditer(text, opening.end(), end):
        segment = text[cursor : paren.start()]
        name = _clean_name(segment)
        cursor = paren.end()
        if not name:
            continue
        role = paren.group("role").strip()
        if role.lower() in ("agreement", "effective date", "contract", "parties"):
            continue
        offset = text.find(name, paren.start() - len(segment) - 1)
        offset = offset if offset >= 0 else paren.start()
        parties.append(_Party(name, role, offset, offset + len(name)))
    return parties


def _clean_name(segment: str) -> str:
    """The party's name in the words before its defined role."""
    segment = re.sub(r"\s+", " ", segment).strip()
    segment = re.split(
        r"(?i)\b(?:by\s+and\s+between|between|among)\s+|(?:^|[,;]\s*)and\s+", segment
    )[-1]
    segment = re.sub(r"^\(?\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*\)\s*", "", segment)
    segment = re.sub(r"(?i)^(?:and|&|,)\s+", "", segment).strip(" ,;:")
    stop = _NAME_STOP.search(segment)
    if stop and stop.start() > 1:
        segment = segment[: stop.start()]
    segment = segment.strip(" ,;:\"'")
    if "," in segment and not re.search(rf"(?i),\s*{_LEGAL_FORM}\s*$", segment):
        # "professional golfer, TOM WATSON": the name is the capitalised part
        parts = [p.strip() for p in segment.split(",") if p.strip()]
        capitalised = [p for p in parts if p[:1].isupper()]
        segment = capitalised[-1] if capitalised else parts[-1]
    if not segment or len(segment) > 120 or not re.search(r"[A-Z\u4e00-\u9fff]", segment):
        return ""
    if segment.endswith(":") or len(re.findall(r"[A-Za-z\u4e00-\u9fff]", segment)) < 2:
        return ""
    return segment


def _chinese_parties(ctx: ContractContext) -> list[_Party]:
    parties: list[_Party] = []
    seen: set[str] = set()
    for match in _ZH_PARTY.finditer(ctx.text[:6000]):
        role = match.group("role")
        if role in seen:
            continue
        name = re.sub(r"\(.*$", "", match.group("name")).strip(" ()")
        if not name or re.fullmatch(r"[_\s]*", name):
            continue
        seen.add(role)
        label = (match.group("label") or "").strip()
        start = match.start("name")
        parties.append(_Party(name, label or role, start, start + len(name)))
    for party in list(parties):
        if party.role in ("甲方", "乙方"):
            continue
        if not (_VENDOR_ROLES.match(party.role) or _CLIENT_ROLES.match(party.role)):
            # a label we do not know ("甲方(盖章)"): fall back on the position
            index = parties.index(party)
            parties[index] = _Party(
                party.name, "乙方" if index == 1 else "甲方", party.start, party.end
            )
    return parties


def _german_parties(ctx: ContractContext) -> list[_Party]:
    parties: list[_Party] = []
    for match in _DE_PARTY.finditer(ctx.text[:6000]):
        name = re.sub(r"\s+", " ", match.group("name")).strip()
        parties.append(_Party(name, match.group("role"), match.start("name"), match.end("name")))
    return parties
