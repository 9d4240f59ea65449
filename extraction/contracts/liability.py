"""Limitation of liability: how a party's liability is capped, if at all.

`liability_cap_amount` + `liability_cap_currency` when the cap is a sum ("shall not exceed
US$5,000,000"); `liability_cap_months_fees` when it is the fees of a period ("the fees paid in the
twelve (12) months preceding the claim"). `liability_cap_basis` says which kind of limit the
contract has, including those with no number: "fees_paid" (all fees paid under the contract),
"redacted", "direct_damages_only", "excludes_indirect_damages" and "time_limit_on_claims". An
exclusion of indirect damages alone leaves direct liability uncapped, and the basis says so.
"""

from __future__ import annotations

import re

from extraction.contracts.context import ContractContext, Finding
from extraction.contracts.money import find_money
from extraction.contracts.quantities import find_durations
from extraction.contracts.sections import Sentence

_LIABILITY = re.compile(
    r"(?i)liabilit|liable|damages|responsible\s+(?:for|to)|obligation\s+(?:hereunder|under)|"
    r"Haftung|haftet|haften|Schadensersatz|责任|赔偿"
)
_CAP = re.compile(
    r"(?i)(?:shall|will|may|does|do)\s+not\s+(?:in\s+(?:the\s+)?aggregate\s+)?exceed|not\s+to\s+exceed|"
    r"in\s+no\s+event\s+(?:\w+\s+){0,12}?exceed|\bexceed(?:s|ing)?\b|(?:shall|will|is|are)\s+(?:be\s+)?"
    r"limited\s+to|in\s+excess\s+of|no\s+(?:more|greater)\s+than|maximum\s+(?:aggregate\s+|total\s+)?"
    r"liability|(?:aggregate|total|cumulative)\s+liability|up\s+to\s+(?:a\s+)?(?:maximum|total)|"
    r"beschränkt|begrenzt|höchstens|maximal|der\s+Höhe\s+nach|insgesamt\s+auf|"
    r"不超过|不应超过|以.{0,40}为限|上限|最高"
)
_FEES = re.compile(
    r"(?i)fees|amounts?|charges|payments?|compensation|sums?|consideration|price|royalt|commissions|"
    r"monies|revenue|Vergütung|Entgelt|Honorar|Auftragswert|费用|服务费|价款|合同金额|总额"
)
_PAID = re.compile(
    r"(?i)paid|payable|received|invoiced|due|gezahlt|bezahlt|entrichtet|geleistet|支付|已付|收取"
)
_ANNUAL_FEES = re.compile(
    r"(?i)annual\s+(?:fees|charges|compensation)|(?:one|1)\s+year'?s\s+(?:fees|charges)|"
    r"(?:preceding|previous|prior)\s+(?:calendar\s+|contract\s+)?year|Jahresvergütung|"
    r"jährlichen\s+Vergütung|(?:im|des)\s+(?:jeweiligen\s+)?(?:Vertragsjahr|Kalenderjahr)|一年|年度"
)
_CONTRACT_VALUE = re.compile(
    r"(?i)contract(?:ual)?\s+(?:value|price|sum)|(?:total|aggregate)\s+(?:contract\s+)?price|"
    r"purchase\s+price|Auftragswert|Vertragswert|合同(?:总)?(?:价款|金额)"
)
_REDACTED = re.compile(r"\[\s*\*[\s*.]*\]|\*{3,}|\[\s*\]|\[●\]|_{3,}")
_DIRECT_ONLY = re.compile(
    r"(?i)limited\s+to\s+(?:\w+\s+){0,3}?direct\s+(?:and\s+actual\s+)?damages"
)
_EXCLUSION = re.compile(
    r"(?i)(?:\bnot\b|\bneither\b|\bno\b|\bnor\b|in\s+no\s+event|under\s+no\s+circumstances?|"
    r"disclaim|waive|exclud|except\s+for)[^.]{0,200}?(?:liable|liability|responsib|recover|claim)"
    r"[^.]{0,400}?(?:indirect|consequential|special|incidental|punitive|exemplary|"
    r"lost\s+profits?|loss\s+of\s+(?:profits?|revenue|business|data|goodwill))|"
    r"(?:haftet|haften|Haftung)[^.]{0,200}?(?:mittelbare|Folgeschäden|entgangenen\s+Gewinn)|"
    r"(?:不承担|不负责)[^。]{0,60}(?:间接|附带|利润)"
)
_TIME_BAR = re.compile(
    r"(?i)(?:action|claim|proceeding|suit)s?\b[^.;]{0,160}?(?:brought|commenced|filed|instituted|asserted|"
    r"made)[^.;]{0,80}?(?:within|more\s+than|later\s+than|after)\s+[^.;]{0,40}?(?:years?|months?|days?)"
)


def extract_liability_cap(ctx: ContractContext) -> dict[str, Finding]:
    """`liability_cap_amount` / `liability_cap_currency` / `liability_cap_months_fees` and
    `liability_cap_basis`."""
    best: tuple[float, dict[str, Finding]] | None = None
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        if not _LIABILITY.search(text):
            continue
        read = _read_cap(ctx, sentence, text)
        if read is None:
            continue
        score, findings = read
        score += 0.5 * ("liability" in ctx.topics(sentence))
        if best is None or score > best[0]:
            best = (score, findings)
    return best[1] if best else {}


def _read_cap(
    ctx: ContractContext, sentence: Sentence, text: str
) -> tuple[float, dict[str, Finding]] | None:
    start = sentence.start
    cap = _CAP.search(text)
    if cap and re.search(r"(?i)liab|damages|indemnif|reimburse|Haftung|haftet|责任|赔偿", text):
        # "shall not exceed US$1,000,000" names the sum after the cue, "auf EUR 500.000 begrenzt"
        # and "以人民币100万元为限" before it
        lead = min(cap.start(), 160)
        after = text[cap.start() - lead : cap.start() + 320]
        offset = start + cap.start() - lead
        money = sorted(
            (m for m in find_money(after, ctx.language) if m.amount >= 100),
            key=lambda m: abs(m.start - lead),
        )
        months = _months_of_fees(after, ctx.language)
        if months is not None:
            value, span = months
            return 4.0, {
                "liability_cap_months_fees": Finding(
                    value, 0.8, offset + span[0], offset + span[1]
                ),
                "liability_cap_basis": Finding(
                    "fees_period", 0.8, offset + span[0], offset + span[1]
                ),
            }
        if money:
            first = money[0]
            found = {
                "liability_cap_amount": Finding(
                    int(first.amount) if first.amount == int(first.amount) else first.amount,
                    0.8,
                    offset + first.start,
                    offset + first.end,
                ),
                "liability_cap_basis": Finding(
                    "amount", 0.8, offset + first.start, offset + first.end
                ),
            }
            if first.currency:
                found["liability_cap_currency"] = Finding(
                    first.currency, 0.75, offset + first.start, offset + first.end
                )
            return 4.0, found
        basis = None
        if re.search(r"(?i)%|percent|Prozent", after[:200]) and _FEES.search(after[:260]):
            basis = "percent_of_fees"
        elif (_FEES.search(after[:200]) and _PAID.search(after[:260])) or _CONTRACT_VALUE.search(
            after[:200]
        ):
            basis = "fees_paid"
        elif _REDACTED.search(after[:120]):
            basis = "redacted"
        elif re.search(
            r"(?i)(?:aggregate|total|maximum|cumulative)\s+liability|liability\s+of", text
        ):
            basis = "other"
        if basis is not None:
            return 3.0, {"liability_cap_basis": Finding(basis, 0.65, offset, offset + len(after))}
    direct = _DIRECT_ONLY.search(text)
    if direct:
        return 2.0, {
            "liability_cap_basis": Finding(
                "direct_damages_only", 0.6, start + direct.start(), start + direct.end()
            )
        }
    exclusion = _EXCLUSION.search(text)
    if exclusion:
        return 1.5, {
            "liability_cap_basis": Finding(
                "excludes_indirect_damages",
                0.65,
                start + exclusion.start(),
                start + exclusion.end(),
            )
        }
    bar = _TIME_BAR.search(text)
    if bar:
        return 1.0, {
            "liability_cap_basis": Finding(
                "time_limit_on_claims", 0.55, start + bar.start(), start + bar.end()
            )
        }
    return None


def _months_of_fees(text: str, language: str) -> tuple[int | float, tuple[int, int]] | None:
    """Months of fees a cap is measured in: "fees paid in the twelve (12) months before",
    "索赔发生前十二(12)个月内已支付的服务费"."""
    if not _FEES.search(text):
        return None
    for duration in find_durations(text, language):
        if duration.months is None:
            continue
        before = text[max(0, duration.start - 200) : duration.start]
        after = text[duration.end : duration.end + 120]
        if not (_FEES.search(before[-200:]) or _FEES.search(after)):
            continue
        period = re.search(
            r"(?i)(?:during|in|for|within|over|of|preceding|prior|previous|last|the|前|内|最近)\W*$",
            before,
        ) or re.match(
            r"(?i)\W*(?:(?:immediately|calendar)\s+)?(?:preceding|prior|before|内|之内)", after
        )
        if period:
            months = duration.months
            value = int(months) if months == int(months) else months
            return value, (duration.start, duration.end)
    annual = _ANNUAL_FEES.search(text)
    if annual:
        return 12, (annual.start(), annual.end())
    return None
