"""Paraphrase batteries: wordings of renewal, termination, audit and effective-date clauses that
commercial contracts use, written for these tests (never taken from CUAD).

Each case is one kind of wording the readers missed or misread before; the negatives next to
them guard precision (a right that is not the kind must stay unread).
"""

import pytest

from .conftest import values

TERM = (
    'This Supply Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
    "1. Term. This Agreement shall commence on the Effective Date and continue for an initial "
    "term of two (2) years. {renewal}"
)


def _renewal(renewal: str) -> tuple[object, object, object, object]:
    found = values(TERM.format(renewal=renewal))
    return (
        found.get("auto_renewal"),
        found.get("renewal_mode"),
        found.get("renewal_term_months"),
        found.get("non_renewal_notice_days"),
    )


# ------------------------------------------------------------------------------------ renewal


@pytest.mark.parametrize(
    ("renewal", "months", "notice"),
    [
        # "roll over" instead of renew / extend
        (
            "Thereafter, this Agreement shall roll over for successive one (1) year periods "
            "unless either party gives written notice of termination at least ninety (90) days "
            "before the end of the then-current period.",
            12,
            90,
        ),
        # "continue for additional one-year periods": a hyphenated length between
        (
            "This Agreement shall thereafter continue for additional one-year periods unless "
            "either party terminates this Agreement by giving written notice at least ninety "
            "(90) days before the end of the then current period.",
            12,
            90,
        ),
        # "remain in effect for an additional year" with no word of renewal
        (
            "This Agreement shall remain in effect for an additional year unless terminated by "
            "either party upon ninety (90) days notice before the end of the Initial Term.",
            12,
            90,
        ),
    ],
)
def test_automatic_continuation_without_renew_or_extend(renewal, months, notice):
    assert _renewal(renewal) == (True, "automatic", months, notice)


@pytest.mark.parametrize(
    ("renewal", "months"),
    [
        (
            "The Agreement shall thereafter be prolonged for another year unless terminated by "
            "either party with three months' notice.",
            12,
        ),
        (
            "This Agreement is self-renewing for periods of one year unless cancelled in writing "
            "sixty (60) days prior to expiry.",
            12,
        ),
    ],
)
def test_renewal_by_prolongation_or_self_renewal(renewal, months):
    assert _renewal(renewal)[:3] == (True, "automatic", months)


@pytest.mark.parametrize(
    ("renewal", "months"),
    [
        # a definite "shall renew for one-year periods", ended only by earlier termination
        (
            "Thereafter, this Agreement shall renew for one (1) year periods unless sooner "
            "terminated in accordance with Section 10.",
            12,
        ),
        ("The Agreement shall be renewed every year.", 12),
        ("The parties agree that this Agreement shall be renewed annually on the same terms.", 12),
        # "continue on the same terms for a further period", the condition first
        (
            "Unless either party notifies the other in writing at least ninety days before the "
            "end of the term, this Agreement shall continue on the same terms for a further "
            "period of one year.",
            12,
        ),
    ],
)
def test_definite_renewal_for_a_stated_period(renewal, months):
    assert _renewal(renewal)[:3] == (True, "automatic", months)


@pytest.mark.parametrize(
    "renewal",
    [
        # the first fixed period is in the sentence before
        "After that, it continues in force until either party terminates it by giving six "
        "months' written notice.",
        "Upon expiry of the Initial Term, this Agreement shall continue in force unless "
        "terminated in accordance with Clause 15.",
    ],
)
def test_evergreen_continuation_after_the_initial_term(renewal):
    assert _renewal(renewal)[:2] == (True, "evergreen")


@pytest.mark.parametrize(
    "renewal",
    [
        "The warranty period under this Agreement shall be extended for twelve months after any "
        "repair.",
        "The Term shall be extended for a period equal to the duration of any Force Majeure event.",
    ],
)
def test_extensions_that_are_not_renewals(renewal):
    assert _renewal(renewal)[0] is False


def test_the_renewal_length_from_the_definition_of_renewal_term():
    found = values(
        'This Supply Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
        '1. Definitions. "Renewal Term" means each successive period of one (1) year following '
        "the Initial Term. 2. Supply. The Supplier shall supply the Products. 3. Term. This "
        "Agreement shall continue for an Initial Term of two years and shall then renew for "
        "Renewal Terms unless either party gives notice."
    )
    assert (found["auto_renewal"], found["renewal_term_months"]) == (True, 12)


@pytest.mark.parametrize(
    "text",
    [
        "1. Term. The term of this Agreement shall be five (5) years, renewable for another five "
        "(5) years.",
        # the grant renews, not "this Agreement"
        "2. Licence. The licence granted hereunder shall automatically renew for successive "
        "five-year terms unless the Licensee gives notice of non-renewal.",
        "2. Supply. The Supplier shall supply the Products. The term hereof shall be "
        "automatically extended for successive five-year periods unless either party objects "
        "in writing.",
    ],
)
def test_renewals_of_the_term_or_the_grant_in_other_words(text):
    found = values("This Supply Agreement is entered into as of March 1, 2023. " + text)
    assert (found["auto_renewal"], found["renewal_term_months"]) == (True, 60)


def test_successive_terms_after_the_first_period_in_the_same_sentence():
    found = values(
        'This Supply Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
        "1. Term. This Agreement shall commence on the Effective Date and continue for a period "
        "of two (2) years and thereafter for successive one (1) year terms unless terminated by "
        "either party on ninety (90) days' notice prior to the end of any term."
    )
    assert (found["auto_renewal"], found["renewal_term_months"]) == (True, 12)
    assert found["non_renewal_notice_days"] == 90


def test_automatic_renewal_on_a_cover_page():
    found = values(
        'This Supply Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
        "Term of Agreement: three (3) years with automatic annual renewals."
    )
    assert (found["auto_renewal"], found["renewal_mode"]) == (True, "automatic")


@pytest.mark.parametrize(
    ("renewal", "months"),
    [
        (
            "This Agreement shall thereafter be renewable for additional five (5) year periods "
            "at the option of the Distributor.",
            60,
        ),
        (
            "The Buyer shall have two (2) options to extend the Term, each for a period of "
            "three (3) years.",
            36,
        ),
        (
            "The Term may be renewed for an additional year upon the written request of the "
            "Distributor delivered at least ninety days before expiry.",
            12,
        ),
        (
            "This Agreement can be extended by the Buyer for periods of one year each upon "
            "notice to the Supplier.",
            12,
        ),
        (
            "The Customer may renew its subscription for additional twelve-month periods by "
            "paying the renewal fee.",
            12,
        ),
        (
            "The Reseller may obtain a renewal licence for one additional term of five (5) "
            "years if it satisfies the conditions of Section 4.",
            60,
        ),
        (
            "The Licensee has the option of extending this Agreement for another five (5) years.",
            60,
        ),
        # "shall be extended ... upon the Distributor's notice": renewal on request is an option
        (
            "Provided the Distributor is not in default, this Agreement shall be extended for "
            "one additional term of three (3) years upon the Distributor's written notice given "
            "at least six months before expiry.",
            36,
        ),
    ],
)
def test_renewal_options_in_other_words(renewal, months):
    assert _renewal(renewal)[:3] == (True, "option", months)


@pytest.mark.parametrize(
    "renewal",
    [
        # "renewable ... by mutual agreement" is no promise of renewal
        "This Agreement shall be renewable for further periods of two years by mutual agreement "
        "of the parties.",
        # "may be extended for successive periods upon mutual consent"
        "Upon expiration of the Initial Term, the Agreement may be extended for successive one "
        "year periods upon mutual consent of the parties.",
        "Thereafter it shall continue for successive one-year terms upon the mutual written "
        "agreement of the parties.",
    ],
)
def test_renewal_that_needs_both_parties_is_no_renewal(renewal):
    assert _renewal(renewal)[:2] == (False, "none")


@pytest.mark.parametrize(
    "sentence",
    [
        "2. Premises. The term of the lease for the premises, including any renewal options, "
        "must be at least as long as the initial term of the franchise.",
        "2. Premises. The Franchisee shall obtain a lease with an initial term and renewal "
        "options totalling not less than ten years.",
    ],
)
def test_the_renewal_of_a_lease_is_not_the_contracts(sentence):
    assert _renewal(sentence)[0] is False


# ------------------------------------------------------------------ termination for convenience


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("This Agreement is terminable by either party on ninety (90) days' written notice.", 90),
        (
            "Either party may terminate this Agreement effective upon ninety (90) days' written "
            "notice to the other party, whether or not the other party is in breach.",
            90,
        ),
        (
            "This Agreement shall terminate ninety (90) days after either party gives written "
            "notice of termination to the other.",
            90,
        ),
        (
            "This Agreement will terminate thirty (30) days after receipt by either party of "
            "written notice of termination from the other party.",
            30,
        ),
        (
            "This Agreement shall end on the sixtieth (60th) day following a written notice from "
            "one party to the other of its decision to terminate it.",
            60,
        ),
        (
            "This Agreement shall terminate immediately upon the Company's receipt of the "
            "Developer's notice to terminate.",
            0,
        ),
        ("Either party may terminate this Agreement immediately upon written notice.", 0),
        (
            "Either party may discontinue this Agreement upon sixty (60) days' written notice "
            "to the other.",
            60,
        ),
        (
            "The Agent may resign its appointment at any time upon thirty (30) days' written "
            "notice to the Company.",
            30,
        ),
        (
            "The Distributor may opt out of this Agreement upon ninety (90) days' prior written "
            "notice to the Supplier.",
            90,
        ),
    ],
)
def test_termination_on_notice_alone_in_other_words(sentence, days):
    assert values(sentence)["termination_notice_days"] == days


@pytest.mark.parametrize(
    "sentence",
    [
        "This Agreement shall terminate automatically upon the expiration or termination of the "
        "Supply Agreement.",
        "This Agreement shall terminate thirty (30) days after written notice of a material "
        "breach if the breach is not cured within that period.",
        "Either party may terminate this Agreement immediately upon written notice if the other "
        "party becomes insolvent.",
        "The Company may terminate this Agreement immediately upon written notice in the event "
        "of a breach by the Distributor of Section 5.",
        "The Licence shall terminate immediately upon notice if the Licensee challenges the "
        "validity of the Patents.",
        "This Agreement shall terminate upon ninety (90) days' written notice by either party "
        "given prior to the expiration of the then-current term.",
        "This Agreement is terminable by the Fund, without penalty, on sixty (60) days' written "
        "notice, by vote of a majority of the Fund's independent Trustees.",
        "The licences granted in this Article shall not be terminable or revocable for any reason.",
        "If the Supplier's breach would entitle the Buyer to terminate this Agreement, the "
        "Buyer may instead claim damages, whether or not the Supplier has cured the breach.",
    ],
)
def test_termination_on_notice_for_a_cause_or_at_term_end_is_not_convenience(sentence):
    assert "termination_notice_days" not in values(sentence)


# ------------------------------------------------------------------------------- audit rights


@pytest.mark.parametrize(
    "sentence",
    [
        # a long description of the auditor between the grant and the verb
        "Each party shall permit a nationally recognised firm of independent certified public "
        "accountants, chosen by the other party, reasonably acceptable to it and bound by a duty "
        "of confidence, to audit its books and records once in each calendar year.",
        "The Licensor's representatives may, from time to time during regular business hours "
        "and on reasonable advance notice, during the Term and for twelve months after it, "
        "inspect and audit the relevant books of the Licensee.",
        # records made available, with no verb of inspection
        "The Distributor shall make its books and records relating to sales of the Products "
        "available to the Supplier upon reasonable notice.",
        "The Agent shall make available to the Principal, upon written request, all books and "
        "records needed to verify the commissions paid.",
        "The Licensor shall have reasonable access to the Licensee's records relating to "
        "royalties to review and audit them.",
        "The Company shall be given access to the records of the Consultant for the purpose of "
        "verifying the fees charged.",
        # audits of manufacturing and quality
        "The Manufacturer allows the Customer to audit its production and testing of the "
        "Products once a year.",
        "On request, the Customer may carry out on-site quality audits in the units where the "
        "Products are made.",
        "The Agent shall give reasonable assistance to the Principal to conduct audits "
        "confirming the commissions paid.",
        "The Partner shall cooperate with any audit conducted by the Company of the Partner's "
        "compliance with this Agreement.",
        "The Provider shall provide the Customer with access to its data centres for the "
        "purpose of verifying compliance with this Agreement.",
    ],
)
def test_audit_rights_in_other_words(sentence):
    assert values(sentence).get("audit_rights") is True


@pytest.mark.parametrize(
    "sentence",
    [
        "The Artist waives the right to inspect or approve the promotional materials.",
        "The Owner shall allow the Contractor reasonable access to the site in order to perform "
        "the Services.",
        "The Shipper shall allow reasonable access to and use of the communication facilities "
        "available at the terminal.",
        "The Buyer shall have the right to inspect the goods before acceptance.",
        "Errors in data provided by the Client, and the failure of the Client to respond to the "
        "auditing controls of the system, shall excuse the Vendor.",
    ],
)
def test_rights_that_are_not_audit_rights(sentence):
    assert values(sentence).get("audit_rights") is not True


# ----------------------------------------------------------------------------- effective date


def test_an_effective_date_label_with_no_punctuation():
    text = (
        "SERVICES AGREEMENT\n\nEFFECTIVE DATE OCTOBER 1, 2012\n\nThis Agreement is between "
        "Alpha Inc. and Beta LLC. 1. Services. Alpha shall provide the services. 2. Term. Phase "
        "one will commence on January 1, 2013."
    )
    assert values(text)["effective_date"] == "2012-10-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '1. Definitions. "Effective Date" means the date of this Agreement. 2. Phases. Phase '
            "I will commence on August 1, 2011 and end on July 31, 2012. 3. Miscellaneous. This "
            "Agreement is dated May 3, 2011.",
            "2011-05-03",
        ),
        (
            "THIS AGREEMENT is made as of March 4, 2015 by Alpha and Beta. 1. Definitions. "
            '"Effective Date" means the date first written above. 2. Phases. Phase II shall '
            "commence on June 1, 2015.",
            "2015-03-04",
        ),
    ],
)
def test_an_effective_date_defined_as_the_agreements_date(text, expected):
    assert values(text)["effective_date"] == expected


def test_an_agreement_that_has_effect_from_a_later_date():
    text = (
        "This Agreement is made on 3 March 2020 between Alpha Limited and Beta Limited. This "
        "Agreement shall have effect from 1 April 2020. 1. Services. Alpha shall supply the "
        "Products."
    )
    assert values(text)["effective_date"] == "2020-04-01"


def test_unless_earlier_terminated_is_a_preface_not_an_evergreen_term():
    found = values(
        'This Licence Agreement is entered into as of March 1, 2023 (the "Effective Date"). '
        "16. Term. Unless earlier terminated in accordance with this Article 16, this Agreement "
        "and the licences in it will remain in effect from the Effective Date until the "
        "expiration of the last Patent to expire, and for any further period thereafter during "
        "which a Patent remains enforceable."
    )
    assert found.get("auto_renewal") is not True


def test_renewable_notes_in_the_recitals_are_no_renewal():
    found = values(
        "This Services Agreement is entered into as of March 1, 2023. RECITALS WHEREAS, the "
        "Company has registered for sale $10,000,000 of renewable, unsecured notes of the "
        "Company; and WHEREAS, subject to the termination rights set forth herein, the Company "
        "wishes to retain the Contractor under this Agreement to perform services. 1. Term. This "
        "Agreement shall have a term of two (2) years."
    )
    assert found["auto_renewal"] is False
