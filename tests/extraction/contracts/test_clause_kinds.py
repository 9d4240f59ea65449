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


def test_a_party_may_unilaterally_terminate():
    found = values(
        "The Agent is entitled to unilaterally terminate this Agreement during its first year."
    )
    assert found["termination_notice_days"] == 0


def test_the_renewal_itself_wins_over_a_sentence_that_only_refers_to_it():
    found = values(
        TERM.format(
            renewal="The Licensee may renew this Agreement as provided in Section 9. "
            "2. Fees. If the Licensee elects to renew this Agreement, the fees for the renewal "
            "term shall rise by three percent. 9. Renewal. The Licensee may renew this "
            "Agreement for one additional term of five (5) years by notice given "
            "at least ninety (90) days before the end of the initial term."
        )
    )
    assert (found["renewal_mode"], found["renewal_term_months"]) == ("option", 60)
    assert found["non_renewal_notice_days"] == 90


def test_a_successor_franchise_is_a_renewal_option():
    found = values(
        TERM.format(
            renewal="When the initial term ends, the Franchisee has the right to obtain a "
            "successor franchise for one further term of ten (10) years, provided it is not in "
            "default."
        )
    )
    assert (found["renewal_mode"], found["renewal_term_months"]) == ("option", 120)


def test_an_option_whose_periods_are_given_a_defined_name():
    found = values(
        TERM.format(
            renewal="The Initial Term may be extended for up to three (3) further periods of "
            'one (1) year (each, a "Renewal Year") by written notice from the Buyer.'
        )
    )
    assert (found["renewal_mode"], found["renewal_term_months"]) == ("option", 12)


@pytest.mark.parametrize(
    ("renewal", "months", "notice"),
    [
        # the condition first, and "continue ... for further periods" instead of "renew"
        (
            "Unless either party gives written notice of termination at least ninety days prior "
            "to the end of the Initial Term, this Agreement shall continue in force for further "
            "periods of twelve months.",
            12,
            90,
        ),
        # renewal stopped by an objection in writing rather than a "notice"
        (
            "This Agreement shall renew on each anniversary of the Effective Date for a one-year "
            "period unless a party objects in writing at least 45 days in advance.",
            12,
            45,
        ),
    ],
)
def test_automatic_renewal_worded_without_the_usual_verbs(renewal, months, notice):
    found = values(TERM.format(renewal=renewal))
    assert found["renewal_mode"] == "automatic"
    assert (found["renewal_term_months"], found["non_renewal_notice_days"]) == (months, notice)


def test_on_expiry_it_continues_until_a_party_gives_notice():
    found = values(
        TERM.format(
            renewal="On expiry of the initial term this Agreement shall continue until either "
            "party gives the other not less than six (6) months' written notice of termination."
        )
    )
    assert found["renewal_mode"] == "evergreen"


def test_a_party_that_unilaterally_terminated_is_no_grant():
    text = (
        "The deposit is kept when the Driver unilaterally terminates this Agreement early "
        "without paying the balance."
    )
    assert "termination_notice_days" not in values(text)


def test_a_right_that_follows_an_unmet_obligation_is_for_cause():
    text = (
        "The Reseller shall complete the onboarding training within ninety (90) days, "
        "otherwise the Supplier is entitled to unilaterally terminate this Agreement."
    )
    assert "termination_notice_days" not in values(text)
