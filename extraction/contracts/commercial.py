"""Payment terms and service levels.

`payment_terms_days` is the time an invoice must be paid in ("within thirty (30) days of receipt
of invoice", "net 45", "innerhalb von 14 Tagen nach Rechnungseingang", "收到发票后三十(30)日内");
`sla_uptime` the committed availability in percent ("99.9% uptime", "Verfügbarkeit von 99,5 %",
"可用性不低于99.9%").
"""

from __future__ import annotations

import re

from extraction.contracts.context import ContractContext, Finding

_INVOICE = re.compile(r"(?i)invoice|bill(?:ing)?\b|statement|Rechnung|发票|账单|付款通知")
_PAYMENT = re.compile(
    r"(?i)\bpa(?:y|id|yable|yment)\b|\bremit|\bsettle|zahl|begleichen|fällig|支付|付款|结算|付清"
)
_NET = re.compile(r"(?i)\bnet\s*[-:]?\s*(?P<days>\d{1,3})\b(?:\s*days?)?")
_UPTIME = re.compile(r"(?P<value>\d{2}(?:[.,]\d{1,3})?)\s*(?:%|percent|per\s+cent|Prozent)")
_UPTIME_CUE = re.compile(
    r"(?i)uptime|up-time|availab|service\s+level|\bSLA\b|Verfügbarkeit|verfügbar|可用性|可用率|在线率"
)


def extract_payment_terms(ctx: ContractContext) -> dict[str, Finding]:
    """`payment_terms_days` (and `payment_terms_business_days`)."""
    best: tuple[float, Finding, bool] | None = None
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        if not _PAYMENT.search(text):
            continue
        invoice = _INVOICE.search(text)
        topical = "payment" in ctx.topics(sentence)
        net = _NET.search(text)
        if net and (invoice or topical):
            start = sentence.start + net.start()
            finding = Finding(int(net.group("days")), 0.8, start, start + len(net.group(0)))
            if best is None or best[0] < 3.0:
                best = (3.0, finding, False)
            continue
        if not invoice:
            continue
        for duration in ctx.durations(sentence.start, sentence.end):
            if duration.unit not in ("day", "week") and not (
                duration.unit == "month" and duration.amount <= 3
            ):
                continue
            before = ctx.text[max(sentence.start, duration.start - 40) : duration.start]
            after = ctx.text[duration.end : min(sentence.end, duration.end + 80)]
            within = re.search(
                r"(?i)(?:within|no\s+later\s+than|not\s+later\s+than|innerhalb(?:\s+von)?|binnen|后|内)\W*$",
                before,
            )
            from_invoice = re.search(
                r"(?i)^\W*(?:after|of|from|following|upon|nach)\s+(?:\w+\s+){0,5}?(?:receipt|date|"
                r"issu|invoice|Rechnung|Zugang|Eingang)|^[^。;]{0,6}内",
                after,
            ) or re.search(r"(?:收到|开具)[^。;]{0,10}发票[^。;]{0,6}(?:后|之日起)\s*$", before)
            if not (within or from_invoice):
                continue
            score = 1.0 + bool(within) + bool(from_invoice) + 0.5 * topical
            days = int(duration.amount * (7 if duration.unit == "week" else 1))
            if duration.unit == "month":
                days = round(duration.approximate_days())
            finding = Finding(days, min(0.9, 0.5 + 0.1 * score), duration.start, duration.end)
            if best is None or score > best[0]:
                best = (score, finding, duration.business_days)
    if best is None:
        return {}
    found = {"payment_terms_days": best[1]}
    if best[2]:
        found["payment_terms_business_days"] = Finding(
            True, best[1].confidence, best[1].start, best[1].end
        )
    return found


def extract_sla_uptime(ctx: ContractContext) -> dict[str, Finding]:
    """`sla_uptime`: the committed availability as a percentage (99.9)."""
    best: tuple[float, Finding] | None = None
    for sentence in ctx.sentences:
        text = ctx.sentence_text(sentence)
        if not _UPTIME_CUE.search(text):
            continue
        for match in _UPTIME.finditer(text):
            value = float(match.group("value").replace(",", "."))
            if not 80.0 <= value < 100.0:
                continue
            window = text[max(0, match.start() - 120) : match.end() + 120]
            if not _UPTIME_CUE.search(window):
                continue
            score = 1.0 + ("service_levels" in ctx.topics(sentence)) + (value >= 95.0)
            start = sentence.start + match.start()
            finding = Finding(
                value, min(0.92, 0.55 + 0.1 * score), start, start + len(match.group(0))
            )
            if best is None or score > best[0]:
                best = (score, finding)
    return {"sla_uptime": best[1]} if best else {}
