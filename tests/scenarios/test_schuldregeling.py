"""Whole debt-relief cases from melding to result, through the real models and services."""

from __future__ import annotations

from datetime import UTC, datetime

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
