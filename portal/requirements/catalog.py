"""The kinds of documents vendors provide, finer than the extraction's document types.

A requirement asks for one of several kinds ("an ISO/IEC 27001 certificate or a SOC 2 report");
each kind says which extraction type it is and, for certifications, which standard.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: object  # a lazy string, translated when shown
    doc_type: str  # the extraction's doc_type for this kind
    standard: str | None = None  # for certifications: text the `standard` field must contain
    expires: bool = True  # whether the portal expects an expiry date


KINDS: dict[str, DocumentKind] = {
    kind.code: kind
    for kind in (
        DocumentKind("business_licence", _l("Business licence"), "business_licence", expires=False),
        DocumentKind(
            "iso27001_certificate", _l("ISO/IEC 27001 certificate"), "certification", "27001"
        ),
        DocumentKind("iso9001_certificate", _l("ISO 9001 certificate"), "certification", "9001"),
        DocumentKind("soc2_report", _l("SOC 2 report"), "audit_report", "SOC 2"),
        DocumentKind("insurance_certificate", _l("Insurance certificate"), "insurance_certificate"),
        DocumentKind(
            "audited_financial_statements",
            _l("Audited financial statements"),
            "financial_statement",
            expires=False,
        ),
        DocumentKind("service_agreement", _l("Service agreement"), "contract"),
        DocumentKind("data_processing_agreement", _l("Data processing agreement"), "contract"),
        DocumentKind(
            "standard_contractual_clauses", _l("EU standard contractual clauses"), "contract"
        ),
        DocumentKind("kpi_evidence", _l("KPI supporting document"), "self_report", expires=False),
        DocumentKind("other", _l("Other document"), "other", expires=False),
    )
}

VENDOR_CATEGORIES: dict[str, object] = {
    "general": _l("General services"),
    "logistics": _l("Logistics and transport"),
    "data_processor": _l("Data processing and IT services"),
    "professional_services": _l("Professional services"),
    "manufacturing": _l("Manufacturing and supply"),
    "facilities": _l("Facilities and field services"),
}

# Members of the European Economic Area: personal data leaving it needs a transfer mechanism.
EEA_COUNTRIES = frozenset(
    (
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    )
)


def kind_for_extraction(doc_type: str | None, standard: str | None) -> str | None:
    """The kind an extracted document most likely is, to suggest it to the vendor."""
    if doc_type is None:
        return None
    candidates = [k for k in KINDS.values() if k.doc_type == doc_type and k.code != "other"]
    if standard:
        for kind in candidates:
            if kind.standard and kind.standard.lower() in standard.lower():
                return kind.code
    plain = [k for k in candidates if k.standard is None]
    return plain[0].code if len(plain) == 1 else None
