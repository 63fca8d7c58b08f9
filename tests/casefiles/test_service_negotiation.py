"""Debts, creditor responses, VTLB and proposal through the service layer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from casefiles import service
from casefiles.models import Creditor, Debt, Income
from casefiles.schemas import CreditorIn, CreditorResponseIn, DebtIn, ExpenseIn, IncomeIn
from engine.audit.models import AuditEntry
from engine.clock import FrozenClock
from engine.errors import ValidationFailed
from tests.casefiles.conftest import CaseWorld, creditor, open_melding

D = Decimal


def _debt(cw: CaseWorld, case_id: str, creditor_id: str, amount: str, ref: str = "") -> str:
    with cw.db.tx(cw.tenant_id) as session:
        row = service.add_debt(
            session,
            cw.worker,
            case_id,
            DebtIn(creditor_id=creditor_id, claimed_amount=D(amount), creditor_reference=ref),
        )
        return str(row.id)


def _count(cw: CaseWorld, model: type) -> int:
    with cw.db.tx(cw.tenant_id) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_bad_debt_input_reports_every_error_and_stores_nothing(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    essent = creditor(cw, "Essent")
    _debt(cw, case_id, essent, "300.00", "F-1")
    before = _count(cw, AuditEntry)
    with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
        service.add_debt(
            session,
            cw.worker,
            case_id,
            DebtIn(creditor_id=essent, creditor_reference="F-1", claimed_amount=D("-5")),
        )
    assert {e.field for e in caught.value.errors} == {"claimedAmount", "creditorReference"}
    unknown = "00000000-0000-0000-0000-000000000001"
    with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
        service.add_debt(
            session, cw.worker, case_id, DebtIn(creditor_id=unknown, claimed_amount=D("10"))
        )
    assert [e.field for e in caught.value.errors] == ["creditorId"]
    assert _count(cw, Debt) == 1
    assert _count(cw, AuditEntry) == before


def test_negative_income_and_invalid_iban_refused(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    with pytest.raises(ValidationFailed), cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, cw.worker, case_id, IncomeIn(kind="loon", monthly_amount=D("-1"))
        )
    with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
        service.create_creditor(session, cw.worker, CreditorIn(name="X", iban="NL91ABNA0417164301"))
    assert caught.value.errors[0].field == "iban"
    assert _count(cw, Income) == 0 and _count(cw, Creditor) == 0


def test_response_from_creditor_not_in_case_is_refused(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    _debt(cw, case_id, creditor(cw, "Vattenfall"), "100")
    stranger = creditor(cw, "Ymere")
    with pytest.raises(ValidationFailed) as caught, cw.db.tx(cw.tenant_id) as session:
        service.record_creditor_response(
            session,
            cw.worker,
            case_id,
            CreditorResponseIn(creditor_id=stranger, kind="saldo", amount=D("50")),
        )
    assert caught.value.errors[0].field == "creditorId"


def test_negotiation_from_saldoverzoek_to_agreement(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    tax = creditor(cw, "Belastingdienst", preferent=True)
    energy = creditor(cw, "Eneco")
    housing = creditor(cw, "Woonstad Rotterdam")
    _debt(cw, case_id, tax, "2000.00")
    _debt(cw, case_id, energy, "4000.00")
    _debt(cw, case_id, housing, "6000.00")
    with cw.db.tx(cw.tenant_id) as session:
        for kind, amount in [("loon", "2100"), ("huurtoeslag", "200"), ("zorgtoeslag", "120")]:
            service.add_income(
                session, cw.worker, case_id, IncomeIn(kind=kind, monthly_amount=D(amount))
            )
        for kind, amount in [("huur", "750"), ("zorgpremie", "150")]:
            service.add_expense(
                session, cw.worker, case_id, ExpenseIn(kind=kind, monthly_amount=D(amount))
            )
        requested = service.request_balances(session, cw.worker, case_id)
    assert len(requested) == 3
    with cw.db.tx(cw.tenant_id) as session:
        assert not service.all_creditors_answered(session, case_id)
        for cid, amount in [(tax, "2000"), (energy, "4200"), (housing, "5800")]:
            service.record_creditor_response(
                session,
                cw.worker,
                case_id,
                CreditorResponseIn(creditor_id=cid, kind="saldo", amount=D(amount)),
            )
        assert service.all_creditors_answered(session, case_id)
        calc = service.compute_case_vtlb(session, cw.worker, case_id)
        assert calc.net_income == D("2100.00")  # allowances go into the corrections
        proposal = service.build_proposal(session, cw.worker, case_id)
    assert proposal.term_months == 18
    assert proposal.preferent_creditors == 1 and proposal.concurrent_creditors == 2
    assert sum(s.payout for s in proposal.shares) == proposal.total_payout
    assert proposal.total_payout == min(calc.afloscapaciteit * 18, D("12000"))
    with cw.db.tx(cw.tenant_id) as session:
        service.send_proposal(session, cw.worker, case_id)
        service.record_creditor_response(
            session, cw.worker, case_id, CreditorResponseIn(creditor_id=tax, kind="akkoord")
        )
        service.record_creditor_response(
            session, cw.worker, case_id, CreditorResponseIn(creditor_id=energy, kind="akkoord")
        )
        service.record_creditor_response(
            session,
            cw.worker,
            case_id,
            CreditorResponseIn(creditor_id=housing, kind="weigering", reason="te laag percentage"),
        )
        summary = service.negotiation_summary(session, case_id)
        assert summary["any_refused"] and not summary["all_agreed"]
        service.request_reconsideration(session, cw.worker, case_id, housing)
        assert not service.all_creditors_answered(session, case_id, stage="voorstel")
        service.record_creditor_response(
            session, cw.worker, case_id, CreditorResponseIn(creditor_id=housing, kind="akkoord")
        )
        assert service.negotiation_summary(session, case_id)["all_agreed"]
        stored = service.get_proposal(session, cw.worker, case_id)
        deadlines = {d.kind: d.signal for d in service.list_deadlines(session, cw.worker, case_id)}
    assert stored is not None and stored.total_payout == proposal.total_payout
    assert deadlines["saldo_reactie"] == "gehaald"
    assert deadlines["voorstel_reactie"] == "gehaald"


def test_vtlb_override_is_audited_and_changes_capacity(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    with cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, cw.worker, case_id, IncomeIn(kind="uitkering", monthly_amount=D("1600"))
        )
        first = service.compute_case_vtlb(session, cw.worker, case_id)
        second = service.override_vtlb_line(
            session,
            cw.worker,
            case_id,
            line="eigen_risico",
            amount=D("0"),
            reason="eigen risico al betaald",
        )
        view = service.get_vtlb(session, cw.worker, case_id)
    assert second.afloscapaciteit == first.afloscapaciteit + D("32.08")
    line = next(x for x in view.lines if x.key == "eigen_risico")
    assert line.overridden and line.reason == "eigen risico al betaald"
    with cw.db.tx(cw.tenant_id) as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "casefile.vtlb_line_overridden" in actions


def test_stale_claims_are_requested_again(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw)
    essent = creditor(cw, "Essent")
    _debt(cw, case_id, essent, "300")
    with cw.db.tx(cw.tenant_id) as session:
        service.request_balances(session, cw.worker, case_id)
        service.record_creditor_response(
            session,
            cw.worker,
            case_id,
            CreditorResponseIn(
                creditor_id=essent, kind="saldo", amount=D("320"), statement_date=date(2026, 3, 2)
            ),
        )
    frozen_clock.set(datetime(2026, 3, 2, 9, tzinfo=UTC) + timedelta(days=200))
    with cw.db.tx(cw.tenant_id) as session:
        assert [str(d.creditor_id) for d in service.stale_debts(session, case_id)] == [essent]
        again = service.request_balances(session, cw.worker, case_id)
    assert len(again) == 1


def test_bbz_entrepreneur_gets_36_month_proposal(cw: CaseWorld, frozen_clock: FrozenClock) -> None:
    case_id = open_melding(cw, bbz_entrepreneur=True)
    _debt(cw, case_id, creditor(cw, "KPN"), "50000")
    with cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, cw.worker, case_id, IncomeIn(kind="winst", monthly_amount=D("2500"))
        )
        proposal = service.build_proposal(session, cw.worker, case_id)
    assert proposal.term_months == 36
    assert proposal.available == proposal.afloscapaciteit * 36
