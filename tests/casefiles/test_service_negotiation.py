"""Debts, creditor responses, VTLB and proposal through the service layer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from casefiles import service, vtlb
from casefiles.models import Creditor, Debt, Income
from casefiles.schemas import CreditorIn, CreditorResponseIn, DebtIn, ExpenseIn, IncomeIn
from engine.audit.models import AuditEntry
from engine.clock import FrozenClock
from engine.errors import ValidationFailed
from tests.casefiles.conftest import (
    PROCESS_KEY,
    CaseWorld,
    counted_selects,
    creditor,
    melding,
    open_melding,
)

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


def test_claims_added_and_answered_in_one_transaction_are_seen_by_its_later_reads(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    essent, vitens = creditor(cw, "Essent"), creditor(cw, "Vitens")
    with cw.db.tx(cw.tenant_id) as session:
        assert service.case_creditors(session, cw.worker, case_id) == []
        for creditor_id in (vitens, essent):
            data = DebtIn(creditor_id=creditor_id, claimed_amount=D("100"), creditor_reference="")
            service.add_debt(session, cw.worker, case_id, data)
        names = [c.name for c in service.case_creditors(session, cw.worker, case_id)]
        assert names == ["Essent", "Vitens"]
        again = DebtIn(creditor_id=vitens, claimed_amount=D("5"), creditor_reference="")
        with pytest.raises(ValidationFailed) as caught:  # added above, in this transaction
            service.add_debt(session, cw.worker, case_id, again)
        assert [e.field for e in caught.value.errors] == ["creditorReference"]
        service.request_balances(session, cw.worker, case_id)
        assert not service.all_creditors_answered(session, case_id, stage="saldo")
        for creditor_id in (vitens, essent):
            answer = CreditorResponseIn(creditor_id=creditor_id, kind="saldo", amount=D("90"))
            service.record_creditor_response(session, cw.worker, case_id, answer)
        assert service.all_creditors_answered(session, case_id, stage="saldo")
    with cw.db.tx(cw.tenant_id) as session:
        debts = service.list_debts(session, cw.worker, case_id)
    assert sorted((d.creditor_name, d.status) for d in debts) == [
        ("Essent", "saldo_ontvangen"),
        ("Vitens", "saldo_ontvangen"),
    ]


def test_vtlb_of_the_case_file_is_the_calculation_of_its_incomes_expenses_and_overrides(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    incomes = [("loon", "1900"), ("huurtoeslag", "210"), ("zorgtoeslag", "120")]
    expenses = [("huur", "850"), ("zorgpremie", "150"), ("reiskosten", "60"), ("energie", "90")]
    with cw.db.tx(cw.tenant_id) as session:
        for kind, amount in incomes:
            service.add_income(
                session, cw.worker, case_id, IncomeIn(kind=kind, monthly_amount=D(amount))
            )
        for kind, amount in expenses:
            service.add_expense(
                session, cw.worker, case_id, ExpenseIn(kind=kind, monthly_amount=D(amount))
            )
        stored = service.override_vtlb_line(
            session, cw.worker, case_id, line="eigen_risico", amount=D("0"), reason="betaald"
        )
    expected = vtlb.compute_vtlb(
        vtlb.VtlbInput(
            reference_date=stored.reference_date,
            household="single",
            net_income=D("1900"),
            housing_costs=D("850"),
            health_premium=D("150"),
            housing_allowance=D("210"),
            health_allowance=D("120"),
            working=True,
            other_items={"commuting": D("60")},
        ),
        [vtlb.VtlbOverrideSpec("eigen_risico", D("0"), "betaald")],
    )
    assert [(x["key"], D(x["amount"]), x["overridden"]) for x in stored.lines] == [
        (x.key, x.amount, x.overridden) for x in expected.lines
    ]
    assert (stored.vtlb, stored.afloscapaciteit) == (expected.vtlb, expected.afloscapaciteit)


def test_a_step_computing_the_vtlb_and_the_proposal_reads_the_finances_and_vtlb_once(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    case_id = open_melding(cw)
    _debt(cw, case_id, creditor(cw, "Essent"), "300")
    with cw.db.tx(cw.tenant_id) as session:
        service.add_income(
            session, cw.worker, case_id, IncomeIn(kind="loon", monthly_amount=D("2400"))
        )
    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        calc = service.compute_case_vtlb(session, cw.worker, case_id)
        proposal = service.build_proposal(session, cw.worker, case_id)
        assert service.get_vtlb(session, cw.worker, case_id).computed_at == calc.computed_at
    assert proposal.afloscapaciteit == calc.afloscapaciteit
    assert sum("FROM cf_vtlb_calculations" in s for s in selects) == 1
    assert sum("FROM cf_incomes" in s or "FROM cf_expenses" in s for s in selects) == 1


def test_a_melding_with_its_claims_reads_no_claims_or_terms_back(
    cw: CaseWorld, frozen_clock: FrozenClock
) -> None:
    essent, vitens = creditor(cw, "Essent"), creditor(cw, "Vitens")

    def claim(creditor_id: str) -> DebtIn:
        return DebtIn(creditor_id=creditor_id, claimed_amount=D("10"), creditor_reference="")

    with cw.db.tx(cw.tenant_id) as session, counted_selects(cw) as selects:
        cf = service.register_melding(session, cw.worker, melding(), process_key=PROCESS_KEY)
        service.add_debt(session, cw.worker, cf.case_id, claim(essent))
        service.add_debt(session, cw.worker, cf.case_id, claim(vitens))
        with pytest.raises(ValidationFailed):  # the same claim twice
            service.add_debt(session, cw.worker, cf.case_id, claim(essent))
    assert not [s for s in selects if "FROM cf_debts" in s or "FROM cf_deadlines" in s]
    assert _count(cw, Debt) == 2
