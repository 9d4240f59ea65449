"""Shared documents and a pool of isolated readers for the reading tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from extraction.isolation import IsolatedExtractor
from extraction.types import ExtractionConfig
from tests.extraction.reading.builders import text_pdf

# Known words and dates per language; OCR must read them back from scans.
SAMPLES: dict[str, list[str]] = {
    "en": [
        "Certificate No. 4411. The certification body hereby confirms that the management "
        "system of Acme Logistics Ltd complies with the requirements of the standard.",
        "Valid until 31 March 2027. Issued on 1 April 2024 in London.",
    ],
    "de": [
        "Zertifikat Nr. 4411-DE. Die Gesellschaft für Qualitätsprüfung bestätigt hiermit, dass "
        "das Managementsystem der Müller Logistik GmbH den Anforderungen der Norm entspricht.",
        "Gültig bis 31.03.2027. Ausgestellt am 01.04.2024 in München.",
    ],
    "fr": [
        "Certificat n° 2291. L'organisme de certification atteste que le système de management "
        "de la société Dupont Transports SARL est conforme aux exigences de la norme.",
        "Valable jusqu'au 31 mars 2027. Délivré le 2 avril 2024 à Lyon.",
    ],
    "es": [
        "Certificado número 7781. La entidad de certificación declara que el sistema de gestión "
        "de la sociedad García Transportes S.L. cumple con los requisitos de la norma.",
        "Válido hasta el 31 de marzo de 2027. Emitido el 2 de abril de 2024 en Madrid.",
    ],
    "zh": [
        "营业执照 统一社会信用代码 91310000MA1FL0XK2Q 名称：上海华通物流有限公司",
        "类型：有限责任公司 成立日期：2019年05月20日 营业期限：2019年05月20日至2039年05月19日",
        "登记机关：上海市市场监督管理局",
    ],
}


@pytest.fixture(scope="session")
def sample_pdfs() -> dict[str, bytes]:
    """One text-layer page per language."""
    return {lang: text_pdf([paragraphs], cjk=lang == "zh") for lang, paragraphs in SAMPLES.items()}


HOSTILE_CONFIG = ExtractionConfig(timeout_seconds=40, memory_limit_mb=768, cpu_seconds=40)


@pytest.fixture(scope="module")
def isolated() -> Iterator[IsolatedExtractor]:
    """Two limited workers shared by a test module (start-up paid once)."""
    with IsolatedExtractor(HOSTILE_CONFIG, workers=2) as extractor:
        yield extractor
