"""Negotiation status per claim: balance asked and answered, share, reminders, the term."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casefiles import service
from casefiles.schemas import CreditorResponseIn, DebtIn, IncomeIn
from casefiles.service_deadlines import list_deadlines
from casefiles.service_negotiation_status import negotiation_status, record_reminders
from engine.clock import FrozenClock
from tests.casefiles.conftest import CaseWorld, creditor, open_melding


def _case_with_two_claims(cw: CaseWorld) -> tuple[str, str]:
    """Both creditors asked for their balance; Eneco answered, Ymere stays silent."""
    case_id = open_melding(cw)
    eneco, ymere = creditor(cw, "Eneco"), creditor(cw, "Ymere")
    with cw.db.tx(cw.tenant_id) as session:
        for creditor_id, amount in ((ymere, "900"), (eneco, "300")):
            data = DebtIn(creditor_id=creditor_id, claimed_amount=Decimal(amount))
            service.add_debt(session, cw.worker, case_id, data)
        service.request_balances(session, cw.worker, case_id)
        answer = CreditorResponseIn(creditor_id=eneco, kind="saldo", amount=Decimal("280"))
        service.record_creditor_response(session, cw.worker, case_id, answer)
    return case_id, ymere


def test_only_the_silent_creditor_is_reminded(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id, _ = _case_with_two_claims(cw)
    with cw.db.tx(cw.tenant_id) as session:
        reminded = record_reminders(session, cw.worker, case_id, term="saldo_reactie")
        assert len(reminded) == 1
        eneco, ymere = negotiation_status(session, cw.worker, case_id)
    assert (eneco.debt.creditor_name, eneco.debt.reminders_sent) == ("Eneco", 0)
    assert (ymere.debt.creditor_name, ymere.debt.reminders_sent) == ("Ymere", 1)


def test_silent_creditor_shows_the_open_term_with_days_left(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id, _ = _case_with_two_claims(cw)
    with cw.db.tx(cw.tenant_id) as session:
        eneco, ymere = negotiation_status(session, cw.worker, case_id)
        [term] = [
            d for d in list_deadlines(session, cw.worker, case_id) if d.kind == "saldo_reactie"
        ]
    assert eneco.term is None and not eneco.awaiting_answer
    assert eneco.debt.confirmed_amount == Decimal("280.00")
    assert ymere.awaiting_answer and ymere.term == term
    assert ymere.term is not None and ymere.term.days_left == 14  # 10 working days from Monday


def test_proposal_share_appears_once_built(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id, ymere = _case_with_two_claims(cw)
    with cw.db.tx(cw.tenant_id) as session:
        answer = CreditorResponseIn(creditor_id=ymere, kind="saldo", amount=Decimal("900"))
        service.record_creditor_response(session, cw.worker, case_id, answer)
        assert all(line.share is None for line in negotiation_status(session, cw.worker, case_id))
        income = IncomeIn(kind="loon", monthly_amount=Decimal(2400))
        service.add_income(session, cw.worker, case_id, income)
        proposal = service.build_proposal(session, cw.worker, case_id)
        lines = negotiation_status(session, cw.worker, case_id)
    shares = {share.creditor_name: share for share in proposal.shares}
    assert [line.share for line in lines] == [shares["Eneco"], shares["Ymere"]]


def test_unknown_reminder_term_is_refused(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    with pytest.raises(ValueError), cw.db.tx(cw.tenant_id) as session:
        record_reminders(session, cw.worker, case_id, term="eerste_gesprek")
