"""Inputs that are not contracts, or are hostile, give few values and finish quickly."""

import random
import re

import pytest

from .conftest import values


def test_an_empty_document_gives_nothing():
    assert values("") == {}
    assert values("\f\f   \n") == {}


def test_a_certificate_is_not_read_as_a_contract_full_of_clauses():
    certificate = (
        "CERTIFICATE\nThis is to certify that the management system of Acme GmbH has been "
        "assessed and found to conform to ISO 9001:2015.\nCertificate No. 4411\n"
        "Valid until 31.03.2027\n"
    )
    found = values(certificate)
    for clause in ("governing_law", "termination_notice_days", "auto_renewal", "audit_rights"):
        assert clause not in found


CONTRACT_WORDS = re.findall(
    r"\S+",
    "the party shall may terminate notice days thirty (30) agreement renew liability exceed fees "
    "paid months governed laws of State New York 1. 2.1 (a) audit",
)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        " ".join(random.Random(1).choice(CONTRACT_WORDS) for _ in range(50_000)),
        "1" * 200_000,
        ". " * 100_000,
        "(" * 50_000 + ")" * 50_000,
        " ".join(f"{i}." for i in range(30_000)),
        "本协议" * 50_000,
    ],
    ids=["word-salad", "digits", "dots", "parentheses", "numbers", "cjk"],
)
def test_hostile_text_finishes(text):
    assert isinstance(values(text), dict)
