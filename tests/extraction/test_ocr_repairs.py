"""Rules that undo what OCR does to labels and identifiers on scans and photos: the ordinal sign
of "Nº" read as "£2" or "2", and digits read as look-alike letters inside a number."""

import pytest

from extraction.analysis import analyse
from extraction.document import TextDocument
from extraction.fields.identifiers import repair_identifier
from extraction.fields.labelled import field_labels
from extraction.text import fold
from extraction.types import ExtractionConfig


def _number(text: str) -> str | None:
    analysis = analyse(TextDocument.from_text(text), ExtractionConfig())
    value = analysis.fields.get("document_number")
    return value.value if value else None


@pytest.mark.parametrize("read", ["Nº", "N°", "N£2", "N2", "N°2", "No", "N?2", "N*", "N?"])
def test_the_number_label_is_found_however_ocr_read_its_ordinal_sign(read):
    text = f"Licencia de actividad\n{read} de licencia: LA-2020/71580\nRazón social Iberia S.L."
    assert _number(text) == "LA-2020/71580"


def test_a_policy_label_is_found_with_its_ordinal_sign_read_as_an_asterisk():
    text = "Certificado de seguro\nPóliza n*: RC5677433\nAsegurado: Componentes Levante S.L."
    assert _number(text) == "RC5677433"


def test_a_number_glued_to_the_ordinal_sign_keeps_its_first_digit():
    labels = field_labels()
    text = "Police N°2023-445"
    (match,) = labels.find(fold(text), original=text)
    assert match.group(0) == "police n°"
    assert labels.kind(match) == "document_number"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("905$S16578R9M", "905S16578R9M"),  # "$" beside the S it was read from
        ("$E-2019/0042", "SE-2019/0042"),
        ("QMS-2O2O-1234l", "QMS-2020-12341"),  # a segment of digits and look-alikes
        ("GL1234O67", "GL1234067"),  # between two digits
        ("CN20/4G4O9", "CN20/4G409"),  # G is a real letter as far as the shape tells
    ],
)
def test_letters_read_for_digits_are_put_back_by_the_identifiers_shape(read, meant):
    assert repair_identifier(read) == meant


@pytest.mark.parametrize("text", ["PI1276108", "BHV-2024-0001", "ISO-9001", "IO-12", "DE 12"])
def test_letters_beside_letters_are_left_alone(text):
    assert repair_identifier(text) == text


def test_a_repaired_policy_number_is_extracted():
    text = "CERTIFICATE OF INSURANCE\nPolicy number: GL12O4567\nInsured: Acme Ltd"
    assert _number(text) == "GL1204567"
