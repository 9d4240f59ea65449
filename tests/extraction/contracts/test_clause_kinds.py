"""Kinds of renewal and termination wording that CUAD's misses showed, one paraphrase each.

Every sentence here is our own wording of a kind of clause (never a CUAD sentence): the rules
must read the kind, not a contract.
"""

import pytest

from .conftest import values

TERM = (
    'This Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
    "1. Term. This Agreement shall commence on the Effective Date and continue for an initial "
    "term of two (2) years. {renewal}"
)


@pytest.mark.parametrize(
    "renewal",
    [
        # no "thereafter" or "renew": the evergreen period starts "after the initial term"
        "After the initial term, this Agreement shall remain in effect until terminated by "
        "either party on ninety (90) days' written notice.",
        # "upon expiry of the initial term ... unless a party ends it"
        "Upon expiry of the initial term the Agreement continues indefinitely unless either "
        "party ends it with sixty (60) days' written notice.",
    ],
)
def test_evergreen_after_the_initial_term_renews(renewal):
    found = values(TERM.format(renewal=renewal))
    assert found["auto_renewal"] is True
    assert found["renewal_mode"] == "evergreen"


def test_a_contract_that_only_runs_until_terminated_is_not_evergreen():
    text = (
        "This Agreement is effective as of March 1, 2023 and shall remain in effect until "
        "terminated by either party on thirty (30) days' notice."
    )
    assert values(text).get("auto_renewal") is not True


def test_an_option_with_a_bracketed_length_at_a_partys_election():
    found = values(
        TERM.format(
            renewal="This Agreement may be extended for a further period of three (3) years at "
            "the election of the Distributor."
        )
    )
    assert (found["renewal_mode"], found["renewal_term_months"]) == ("option", 36)


def test_an_option_exercised_by_notice_reads_the_length_not_the_notice():
    found = values(
        TERM.format(
            renewal="The term may be extended for up to two (2) additional periods of twelve "
            "(12) months by written notice given by Customer at least six (6) months before the "
            "expiry of the Initial Term."
        )
    )
    assert (found["renewal_mode"], found["renewal_term_months"]) == ("option", 12)


def test_an_extension_by_written_amendment_is_not_an_option():
    found = values(
        TERM.format(
            renewal="The term may be extended for one (1) year by a written amendment signed "
            "by both parties."
        )
    )
    assert found["auto_renewal"] is False


def test_a_renewal_sentence_split_by_a_page_break_keeps_its_length():
    found = values(
        TERM.format(
            renewal="Thereafter it shall be automatically extended for a period of 12\n\n\n\n"
            "     months, unless either party gives notice at least 60 days prior to the end of "
            "the term."
        )
    )
    assert found["renewal_term_months"] == 12
    assert found["non_renewal_notice_days"] == 60


def test_the_renewal_length_stated_in_another_sentence_of_the_provision():
    found = values(
        TERM.format(
            renewal="The Reseller shall have the right to renew this Agreement as set out "
            "below. 1.1 Prices. The prices are fixed for the initial term. 1.2 Should the "
            "Reseller exercise its right to renew, the term shall be "
            "extended by one further year."
        )
    )
    assert (found["auto_renewal"], found["renewal_term_months"]) == (True, 12)


def test_notice_that_prevents_a_renewal_in_its_own_sentence():
    found = values(
        TERM.format(
            renewal="Thereafter it renews automatically for successive twelve (12) month "
            "terms. Either party may prevent a renewal by written notice delivered not later "
            "than thirty (30) days prior to the expiration of the then-current term."
        )
    )
    assert found["non_renewal_notice_days"] == 30


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        (
            "The Company may end this Agreement without cause by giving the Consultant sixty "
            "(60) days written notice.",
            60,
        ),
        (
            "This Agreement shall be terminated (a) by mutual written agreement, or (b) by "
            "either party at any time upon forty-five (45) days prior written notice to the "
            "other party.",
            45,
        ),
        (
            "Either party may give the other party thirty (30) days' written notice, in which "
            "case this Agreement shall terminate on the date stated in that notice.",
            30,
        ),
        (
            "Either party may terminate this Agreement at any time, for any reason or no "
            "reason, upon thirty (30) days' prior written notice.",
            30,
        ),
    ],
)
def test_termination_for_convenience_without_the_word(sentence, days):
    assert values(sentence)["termination_notice_days"] == days


@pytest.mark.parametrize(
    "sentence",
    [
        "This Schedule may be cancelled at any time by either party under the termination "
        "provisions of the Supply Agreement.",
        "Whenever this Agreement allows the Buyer to terminate it, the Buyer may, at its option, "
        "terminate this Agreement in part only.",
        "This Agreement may be terminated at any time by mutual written agreement of the "
        "parties, which agreement shall state the date of termination.",
        "A party may terminate this Agreement immediately by notice should the other party "
        "enter into liquidation or have a receiver appointed.",
    ],
)
def test_rights_that_are_not_termination_for_convenience(sentence):
    assert "termination_notice_days" not in values(sentence)
