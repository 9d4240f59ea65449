"""The spaCy pipelines expose the same dates (with roles) and amounts as the extractors."""

import pytest

from extraction.nlp import AMOUNTS_COMPONENT, DATES_COMPONENT, build_pipeline


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "de",
            "Ausgestellt am 12.05.2024\nGültig bis 11.05.2027",
            [("issue", "2024-05-12"), ("expiry", "2027-05-11")],
        ),
        (
            "en",
            "Printed on 2 Nov 2025\nValid until: 31 March 2027",
            [("print", "2025-11-02"), ("expiry", "2027-03-31")],
        ),
        (
            "zh",
            "营业期限 2015年3月1日至2035年2月28日",
            [("effective", "2015-03-01"), ("expiry", "2035-02-28")],
        ),
    ],
)
def test_dates_component_labels_spans_with_roles(language, text, expected):
    nlp = build_pipeline(language, doc_type="certification")
    assert nlp.pipe_names == [DATES_COMPONENT, AMOUNTS_COMPONENT]
    doc = nlp(text)
    assert [(span.label_, span._.iso_date) for span in doc.spans["dates"]] == expected
    assert all(span.text in text for span in doc.spans["dates"])


def test_amounts_component_reads_every_convention():
    doc = build_pipeline("fr")("Chiffre d'affaires 1 234 567,89 et marge 12,5 %")
    assert [(span.label_, span._.amount) for span in doc.spans["amounts"]] == [
        ("amount", 1234567.89),
        ("percent", 12.5),
    ]


def test_pipeline_config_names_the_versioned_rule_sets():
    nlp = build_pipeline("en")
    assert nlp.config["components"][DATES_COMPONENT]["rules"] == {"@misc": "vendor_portal.dates.v1"}
    assert nlp.config["components"][AMOUNTS_COMPONENT]["rules"] == {
        "@misc": "vendor_portal.amounts.v1"
    }
