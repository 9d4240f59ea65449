"""Document type from content in all five languages, including real-world contract titles."""

import pytest

from extraction.classify import classify
from extraction.document import TextDocument
from extraction.language import detect_language


def _type(text: str) -> str:
    return classify(TextDocument.from_text(text)).doc_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "CERTIFICATE\nThis is to certify that the management system of\nAcme Ltd\nconforms to ISO 9001:2015",
            "certification",
        ),
        (
            "ZERTIFIKAT\nHiermit wird bescheinigt, dass die Müller GmbH ein Managementsystem nach ISO 14001:2015 eingeführt hat.",
            "certification",
        ),
        (
            "认证证书\n兹证明 上海远航物流有限公司 建立的质量管理体系符合标准 GB/T 19001-2016/ISO 9001:2015",
            "certification",
        ),
        (
            "营业执照\n统一社会信用代码 91310115MA1K3XXXXX\n名称 上海远航物流有限公司\n营业期限 2015年3月1日至长期",
            "business_licence",
        ),
        (
            "Extrait Kbis\nImmatriculation au registre du commerce et des sociétés\nDénomination : Dupont SAS",
            "business_licence",
        ),
        (
            "Certificate of Incorporation of a Private Limited Company\nCompany number 01234567",
            "business_licence",
        ),
        (
            "CERTIFICATE OF LIABILITY INSURANCE\nInsured: Acme Inc.\nPolicy number GL123\nEach occurrence $1,000,000",
            "insurance_certificate",
        ),
        (
            "Versicherungsbestätigung\nVersicherungsnehmer: Müller GmbH\nVersicherer: Allgemeine Versicherungs-AG",
            "insurance_certificate",
        ),
        (
            "Attestation d'assurance responsabilité civile\nAssuré : Dupont SAS\nNuméro de police : RC123",
            "insurance_certificate",
        ),
        (
            "SOC 2 Type II Report\nIndependent Service Auditor's Report\nservice organization, trust services criteria",
            "audit_report",
        ),
        (
            "Informe de auditoría de controles SOC 2 Tipo II\norganización de servicios, objetivos de control",
            "audit_report",
        ),
        (
            "Jahresabschluss zum 31. Dezember 2025\nBilanz\nSumme Aktiva 1.234.567\nJahresüberschuss 12.345",
            "financial_statement",
        ),
        ("资产负债表\n单位：人民币元\n资产总计 1,234,567\n净利润 12,345", "financial_statement"),
        (
            "Vendor Self-Report Q1 2025\nOn-time delivery rate 97.5%\nNet Promoter Score 45\nIncidents 2",
            "self_report",
        ),
        (
            "Informe de desempeño\nEntregas a tiempo 97%\nIncidentes 2\nDisponibilidad 99,9 %",
            "self_report",
        ),
        # Contracts in the wild, titled in many ways.
        (
            "ENDORSEMENT AGREEMENT\nThis Agreement is entered into by and between Nike, Inc. and the Athlete.",
            "contract",
        ),
        (
            "Supply Agreement\nThis Supply Agreement is made between the parties hereinafter referred to as Buyer and Seller.",
            "contract",
        ),
        (
            "AMENDMENT NO. 2 TO THE MASTER SERVICES AGREEMENT\nThe parties agree to amend Section 4.",
            "contract",
        ),
        (
            "服务协议\n甲方：北京云桥信息技术有限公司\n乙方：上海远航物流有限公司\n双方经友好协商签订本协议",
            "contract",
        ),
        (
            "Dienstleistungsvertrag\nzwischen der Müller GmbH (nachfolgend Auftraggeber) und der Kraus GmbH",
            "contract",
        ),
        (
            "Contrat de prestation de services\nEntre les soussignés : Dupont SAS, ci-après dénommée le Client",
            "contract",
        ),
        (
            "Contrato de prestación de servicios\nREUNIDOS de una parte Soluciones Iberia S.L., en adelante el Cliente",
            "contract",
        ),
        ("INVOICE\nInvoice number INV-1234\nAmount due 1,200.00", "other"),
        (
            "Sehr geehrte Damen und Herren,\nanbei erhalten Sie unser ISO 9001 Zertifikat.\nMit freundlichen Grüßen",
            "other",
        ),
    ],
)
def test_type_from_content(text, expected):
    assert _type(text) == expected


def test_a_certificate_that_mentions_its_certification_agreement_is_not_a_contract():
    text = (
        "CERTIFICATE OF REGISTRATION\nThis is to certify that\nAcme Ltd\n"
        "has been assessed and found to conform to ISO/IEC 27001:2022\n"
        "This certificate is subject to the terms of the certification agreement between the parties."
    )
    assert _type(text) == "certification"


def test_a_contract_that_requires_certificates_stays_a_contract():
    text = (
        "MASTER SERVICES AGREEMENT\nThis Agreement is entered into by and between Acme Ltd and Beta Inc.\n"
        "1. The Supplier shall maintain ISO/IEC 27001 certification and a certificate of insurance.\n"
        "2. Governing law. This Agreement shall be governed by the laws of England."
    )
    assert _type(text) == "contract"


def test_confidence_is_high_for_a_clear_document_and_lower_for_a_vague_one():
    clear = classify(
        TextDocument.from_text(
            "CERTIFICATE\nThis is to certify that Acme Ltd conforms to ISO 9001:2015, certification body accredited by UKAS"
        )
    )
    vague = classify(TextDocument.from_text("Certificate\nAgreement"))
    assert clear.confidence >= 0.8 > vague.confidence


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "This certificate is valid until the date shown and remains the property of the body.",
            "en",
        ),
        (
            "Dieses Zertifikat ist gültig bis zum angegebenen Datum und bleibt Eigentum der Stelle.",
            "de",
        ),
        (
            "Ce certificat est valable jusqu'à la date indiquée et reste la propriété de l'organisme.",
            "fr",
        ),
        (
            "Este certificado es válido hasta la fecha indicada y sigue siendo propiedad del organismo.",
            "es",
        ),
        (
            "本证书有效期至所示日期，证书所有权归认证机构所有。Certificate No. CN-12345 ISO 9001",
            "zh",
        ),
    ],
)
def test_language_detection(text, language):
    assert detect_language(text) == language
