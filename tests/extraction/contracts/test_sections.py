"""Segmenting contracts into numbered sections, headings and sentences."""

from extraction.contracts.sections import Segmentation
from extraction.contracts.text import ContractText
from extraction.document import TextDocument


def segment(text: str) -> Segmentation:
    return Segmentation(ContractText(TextDocument.from_text(text)))


def headings_of(segmentation: Segmentation, phrase: str) -> tuple[str, ...]:
    text = segmentation.contract.text
    [sentence] = [s for s in segmentation.sentences if phrase in text[s.start : s.end]]
    return sentence.headings


ENGLISH = """MASTER SERVICES AGREEMENT

ARTICLE 1
DEFINITIONS
1.1 "Services" means the services in Schedule 1.

ARTICLE 2
TERM AND TERMINATION
2.1 Term. This Agreement continues for three (3) years.
2.2 Termination. Either party may terminate this Agreement:
(a) for convenience on ninety (90) days' notice; or
(b) immediately if the other party breaches it.
(i) after (h) this would be a letter, here it is a numeral.
2.3 Effect of Termination. Sections 5 and 6 survive.

12. Governing Law. This Agreement is governed by the laws of Delaware.
"""


def test_numbered_sections_nest_under_their_articles():
    segmentation = segment(ENGLISH)
    sections = segmentation.sections

    def parent_of(number: str) -> str:
        [section] = [s for s in sections if s.number == number]
        return sections[section.parent].number if section.parent is not None else ""

    assert parent_of("2.1") == "ARTICLE 2"
    assert parent_of("(a)") == "2.2"
    assert parent_of("(i)") == "(b)"
    assert parent_of("2.3") == "ARTICLE 2"
    title = "MASTER SERVICES AGREEMENT"
    assert headings_of(segmentation, "continues for three") == (
        title,
        "TERM AND TERMINATION",
        "Term",
    )
    assert headings_of(segmentation, "for convenience on ninety") == (
        title,
        "TERM AND TERMINATION",
        "Termination",
    )


def test_a_list_item_knows_the_sentence_that_introduces_it():
    segmentation = segment(ENGLISH)
    text = segmentation.contract.text
    [item] = [s for s in segmentation.sentences if "for convenience" in text[s.start : s.end]]
    assert item.lead.endswith("Either party may terminate this Agreement:")


def test_the_title_after_a_number_is_the_heading_not_the_body():
    segmentation = segment(ENGLISH)
    [law] = [s for s in segmentation.sections if s.number == "12"]
    assert law.heading == "Governing Law"
    assert segmentation.contract.text[law.body_start :].lstrip().startswith("This Agreement")


def test_paragraphs_run_together_on_one_line_are_still_sections():
    # EDGAR text often joins numbered paragraphs into one line, separated by spaces
    segmentation = segment(
        "1.   TERM   The Term is five years.   2.   FEES   Fees are due monthly.   "
        "3.   GOVERNING LAW   Kansas law governs."
    )
    assert [(s.number, s.heading) for s in segmentation.sections] == [
        ("1", "TERM"),
        ("2", "FEES"),
        ("3", "GOVERNING LAW"),
    ]


def test_page_numbers_alone_on_a_line_are_not_sections():
    segmentation = segment("1. TERM\nThe term is one year.\n\n   4\n\n2. FEES\nFees are due.")
    assert [s.number for s in segmentation.sections] == ["1", "2"]


def test_german_paragraphs_and_numbered_subsections():
    segmentation = segment(
        "§ 2 Laufzeit\n(1) Der Vertrag beginnt am 1. April 2024.\n"
        "(2) Er verlängert sich um zwölf Monate.\n§ 3 Vergütung\n(1) Die Vergütung ist fällig."
    )
    assert [(s.number, s.heading) for s in segmentation.sections if s.level == 0] == [
        ("§ 2", "Laufzeit"),
        ("§ 3", "Vergütung"),
    ]
    assert headings_of(segmentation, "verlängert sich") == ("Laufzeit",)


def test_chinese_articles_and_their_titles():
    segmentation = segment(
        "第一条 服务内容\n1.1 乙方提供运维服务。\n第二条 协议期限\n2.1 本协议有效期为三年。\n"
        "第十条 适用法律及争议解决\n本协议适用中华人民共和国法律。"
    )
    assert [s.heading for s in segmentation.sections if s.level == 0] == [
        "服务内容",
        "协议期限",
        "适用法律及争议解决",
    ]
    assert headings_of(segmentation, "有效期为三年") == ("协议期限",)


def test_sentences_do_not_end_at_abbreviations_or_german_dates():
    segmentation = segment(
        "Acme Inc. shall pay U.S. dollars. Der Vertrag beginnt am 31. März 2024 und endet später."
    )
    text = segmentation.contract.text
    assert [text[s.start : s.end] for s in segmentation.sentences] == [
        "Acme Inc. shall pay U.S. dollars.",
        "Der Vertrag beginnt am 31. März 2024 und endet später.",
    ]
