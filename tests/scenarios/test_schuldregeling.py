"""Whole debt-relief cases from melding to result, through the real models and services."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from tests.scenarios.conftest import Office


def test_crisis_case_all_creditors_agree_runs_18_months_to_finale_kwijting(
    office: Office,
) -> None:
    case_id = office.melding(crisis=True)
    office.finances(case_id, income="2200.00")
    office.debt(case_id, "Essent", "1200.00")
    office.debt(case_id, "Woonstad Rotterdam", "3000.00")

    office.complete(
        case_id,
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": True,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-04T10:00:00+01:00",
        },
    )
    # crisis: eerste gesprek within 3 working days of Monday 2 March 2026 → Thursday 5 March
    first = office.task(case_id, "eerste_gesprek")
    assert first.role == "schuldhulpverlener"
    assert first.due_at is not None
    assert first.due_at.astimezone(UTC) == datetime(2026, 3, 5, 23, 0, tzinfo=UTC)
    assert office.case(case_id).phase == "intake"
    data = office.data(case_id)
    assert (data["termijn_type"], data["crisis"]) == ("crisis", True)

    office.complete(
        case_id, "eerste_gesprek", {"gesprek_datum": "2026-03-02", "vervolg": "aanvraag"}
    )
    office.complete(case_id, "screening", {"uitkomst": "compleet", "bkr_gecontroleerd": True})
    office.complete(
        case_id,
        "beschikking_voorbereiden",
        {"besluit": "toelating", "grond": "hulpvraag past", "traject": "schuldregeling"},
    )
    approval = office.task(case_id, "beschikking_goedkeuren")
    assert approval.role == "teamleider"
    office.complete(case_id, "beschikking_goedkeuren", {"goedgekeurd": True})
    assert office.case(case_id).phase == "stabilisatie"

    office.budget_plan(case_id)
    assert office.case(case_id).phase == "schuldregeling"
    assert office.open_keys(case_id) == []  # waiting for the creditors' claim statements
    office.respond(case_id, "Essent", "saldo", "1250.00")
    assert office.respond(case_id, "Woonstad Rotterdam", "saldo", "3000.00")

    office.complete(
        case_id,
        "saldi_vaststellen",
        {"saneringskrediet_mogelijk": False, "wsnp_aangewezen": False},
    )
    assert office.product(case_id) == "schuldbemiddeling"
    office.complete(case_id, "voorstel_controleren", {"gecontroleerd": True})
    office.respond(case_id, "Essent", "akkoord")
    assert office.respond(case_id, "Woonstad Rotterdam", "akkoord")
    assert office.case(case_id).phase == "looptijd"
    assert office.case_status(case_id) == "regeling_geaccordeerd"

    for month in range(1, 19):
        office.wait(31)
        assert office.case(case_id).status == ("closed" if month == 18 else "open")
    case = office.case(case_id)
    assert (case.result, case.phase) == ("verstrekt", "afsluiting")
    assert office.data(case_id)["selectielijst_categorie"] == "8.1.9"
    assert office.case_status(case_id) == "finale_kwijting"


def _to_negotiation(office: Office, *, income: str = "2200.00", credit: bool = False) -> uuid.UUID:
    case_id = office.melding()
    office.finances(case_id, income=income)
    office.debt(case_id, "Essent", "1200.00")
    office.debt(case_id, "Woonstad Rotterdam", "3000.00")
    office.intake_to_decision(case_id)
    office.budget_plan(case_id)
    office.claims_settled(case_id, {"Essent": "1200.00", "Woonstad Rotterdam": "3000.00"})
    office.complete(
        case_id,
        "saldi_vaststellen",
        {"saneringskrediet_mogelijk": credit, "wsnp_aangewezen": False},
    )
    return case_id


def test_refusal_heroverweging_then_dwangakkoord_granted_by_court(office: Office) -> None:
    case_id = _to_negotiation(office)
    office.complete(case_id, "voorstel_controleren", {"gecontroleerd": True})
    office.respond(case_id, "Essent", "akkoord")
    assert office.respond(case_id, "Woonstad Rotterdam", "weigering")

    office.complete(case_id, "weigering_behandelen", {"actie": "heroverweging"})
    assert office.open_keys(case_id) == []  # waiting for the reconsideration
    assert office.respond(case_id, "Woonstad Rotterdam", "weigering")

    office.complete(case_id, "weigering_behandelen", {"actie": "dwangakkoord"})
    assert "verzoek_dwangakkoord" in office.letters(case_id)
    assert office.case_status(case_id) == "dwangakkoord_verzocht"

    office.send(case_id, "uitspraak_rechtbank", {"toegewezen": True, "zaaknummer": "C/16/1234"})
    assert office.case(case_id).phase == "looptijd"
    assert office.case_status(case_id) == "regeling_dwangakkoord"
    assert "regeling_geaccordeerd" in office.letters(case_id)


def test_nul_aanbod_when_income_stays_below_vtlb(office: Office) -> None:
    case_id = _to_negotiation(office, income="1100.00")
    assert office.product(case_id) == "nul_aanbod"
    office.complete(case_id, "voorstel_controleren", {"gecontroleerd": True})
    assert office.letters(case_id).count("betaalvoorstel") == 2  # one per creditor
    office.respond(case_id, "Essent", "akkoord")
    assert office.respond(case_id, "Woonstad Rotterdam", "akkoord")
    assert office.case(case_id).phase == "looptijd"


def test_silent_creditors_get_two_reminders_then_the_case_worker_decides(
    office: Office,
) -> None:
    case_id = office.melding()
    office.finances(case_id, income="2200.00")
    office.debt(case_id, "Essent", "1200.00")
    office.intake_to_decision(case_id)
    office.budget_plan(case_id)
    office.wait(20)  # 10 working days (Easter in between) passed: first reminder
    assert office.audit_actions(case_id).count("casefile.reminder_sent") == 1
    assert office.open_keys(case_id) == []
    office.wait(20)  # second reminder
    assert office.audit_actions(case_id).count("casefile.reminder_sent") == 2
    assert office.open_keys(case_id) == []
    office.wait(20)  # silent after two reminders: the case worker takes over
    assert office.open_keys(case_id) == ["saldi_vaststellen"]


def test_deviation_during_term_leads_to_early_termination(office: Office) -> None:
    case_id = _to_negotiation(office)
    office.complete(case_id, "voorstel_controleren", {"gecontroleerd": True})
    office.respond(case_id, "Essent", "akkoord")
    office.respond(case_id, "Woonstad Rotterdam", "akkoord")
    office.wait(31)
    office.wait(31)
    assert office.open_keys(case_id) == []  # months 1 and 2 went as agreed
    office.deviation(case_id, "afdracht maand 3 niet ontvangen; nieuwe schuld bij de huur")
    office.wait(31)
    office.complete(
        case_id,
        "afwijking_beoordelen",
        {"besluit_afwijking": "beeindigen", "toelichting": "u houdt zich niet aan de afspraken"},
    )
    case = office.case(case_id)
    assert (case.status, case.result) == ("closed", "beeindigd")
    assert office.data(case_id)["selectielijst_categorie"] == "8.3.5"
    assert "beeindigingsbeschikking" in office.letters(case_id)


def test_stale_claim_statement_is_requested_again_before_the_proposal(office: Office) -> None:
    case_id = office.melding()
    office.finances(case_id, income="2200.00")
    office.debt(case_id, "Essent", "1200.00")
    office.intake_to_decision(case_id)
    office.budget_plan(case_id)
    with office.db.tx(office.tenant_id) as session:
        from casefiles import service
        from casefiles.handlers import notify_if_all_answered
        from casefiles.schemas import CreditorResponseIn

        service.record_creditor_response(
            session,
            office.sanne,
            case_id,
            CreditorResponseIn(
                creditor_id=uuid.UUID(office.creditors["Essent"]),
                kind="saldo",
                amount=Decimal("1100.00"),
                statement_date=date(2025, 6, 1),  # more than 6 months old
            ),
        )
        assert notify_if_all_answered(session, office.sanne, case_id)
    assert office.open_keys(case_id) == []  # re-requested: waiting for a fresh statement
    assert office.audit_actions(case_id).count("casefile.balance_requested") == 2
    assert office.respond(case_id, "Essent", "saldo", "1150.00")
    assert office.open_keys(case_id) == ["saldi_vaststellen"]


def test_court_refuses_dwangakkoord_case_ends_with_wsnp_referral(office: Office) -> None:
    case_id = _to_negotiation(office)
    office.complete(case_id, "voorstel_controleren", {"gecontroleerd": True})
    office.respond(case_id, "Essent", "akkoord")
    office.respond(case_id, "Woonstad Rotterdam", "weigering")
    office.complete(case_id, "weigering_behandelen", {"actie": "dwangakkoord"})
    office.send(case_id, "uitspraak_rechtbank", {"toegewezen": False})
    case = office.case(case_id)
    assert (case.status, case.result) == ("closed", "beeindigd")
    assert office.letters(case_id)[-1] == "beeindigingsbeschikking"


def test_saneringskrediet_when_the_credit_bank_can_pay_creditors_at_once(office: Office) -> None:
    case_id = _to_negotiation(office, credit=True)
    assert office.product(case_id) == "saneringskrediet"
    office.complete(case_id, "voorstel_controleren", {"gecontroleerd": True})
    office.respond(case_id, "Essent", "akkoord")
    assert office.respond(case_id, "Woonstad Rotterdam", "akkoord")
    assert office.case_status(case_id) == "regeling_geaccordeerd"
