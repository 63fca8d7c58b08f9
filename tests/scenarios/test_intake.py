"""Intake outcomes: afwijzing, withdrawal, four eyes, the Wgs term signal, budgetbeheer only."""

from __future__ import annotations

from engine.identity.actor import Actor
from engine.identity.roles import Role
from tests.scenarios.conftest import Office


def test_afwijzing_closes_the_case_with_a_beschikking_and_result_geweigerd(
    office: Office,
) -> None:
    case_id = office.melding()
    office.intake_to_decision(case_id, besluit="afwijzing")
    case = office.case(case_id)
    assert (case.status, case.result, case.phase) == ("closed", "geweigerd", "afsluiting")
    assert office.data(case_id)["selectielijst_categorie"] == "8.2"
    letters = office.letters(case_id)
    assert letters[:2] == ["ontvangstbevestiging", "uitnodiging_eerste_gesprek"]
    assert "beschikking_afwijzing" in letters and "beschikking_toelating" not in letters
    assert office.case_status(case_id) == "afgewezen"


def test_client_withdraws_after_first_conversation_result_afgebroken(office: Office) -> None:
    case_id = office.melding()
    office.complete(
        case_id,
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": False,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-16T10:00:00+01:00",
        },
    )
    office.complete(
        case_id, "eerste_gesprek", {"gesprek_datum": "2026-03-16", "vervolg": "aanvraag"}
    )
    office.complete(case_id, "screening", {"uitkomst": "ingetrokken"})
    case = office.case(case_id)
    assert (case.status, case.result) == ("closed", "afgebroken")
    assert office.data(case_id)["selectielijst_categorie"] == "8.4.1"
    assert office.letters(case_id)[-1] == "beeindigingsbeschikking"


def test_regular_melding_gets_four_weeks_and_a_signal_when_the_term_passes(
    office: Office,
) -> None:
    case_id = office.melding()
    office.complete(
        case_id,
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": False,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-20T10:00:00+01:00",
        },
    )
    task = office.task(case_id, "eerste_gesprek")
    assert task.due_at is not None
    assert task.due_at.date().isoformat() == "2026-03-30"  # 4 weeks: Monday 30 March, end of day
    assert office.data(case_id)["termijn_type"] == "regulier"
    office.wait(29)
    assert "casefile.deadline_overdue" in office.audit_actions(case_id)
    assert office.open_keys(case_id) == ["eerste_gesprek"]  # the signal does not close the step


def test_four_eyes_the_preparer_cannot_approve_the_beschikking(office: Office) -> None:
    both = Actor(
        office.tenant_id,
        "user",
        office.sanne.id,
        "sanne",
        frozenset({Role.SCHULDHULPVERLENER, Role.TEAMLEIDER}),
    )
    case_id = office.melding()
    office.complete(
        case_id,
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": False,
            "dreigende_afsluiting": True,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-03T10:00:00+01:00",
        },
    )
    office.complete(
        case_id, "eerste_gesprek", {"gesprek_datum": "2026-03-03", "vervolg": "aanvraag"}
    )
    office.complete(case_id, "screening", {"uitkomst": "compleet"})
    office.complete(
        case_id,
        "beschikking_voorbereiden",
        {"besluit": "toelating", "grond": "hulpvraag past", "traject": "schuldregeling"},
        actor=both,
    )
    office.complete(case_id, "beschikking_goedkeuren", {"goedgekeurd": True}, actor=both)
    assert office.open_keys(case_id) == ["beschikking_goedkeuren"]  # still needs other eyes
    assert "casefile.four_eyes_refused" in office.audit_actions(case_id)
    office.complete(case_id, "beschikking_goedkeuren", {"goedgekeurd": True})
    assert office.case(case_id).phase == "stabilisatie"
    assert office.case_status(case_id) == "stabilisatie"


def test_team_lead_sends_the_beschikking_back_for_rework(office: Office) -> None:
    other = office.melding()
    office.complete(
        other,
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": False,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-10T10:00:00+01:00",
        },
    )
    office.complete(other, "eerste_gesprek", {"gesprek_datum": "2026-03-10", "vervolg": "aanvraag"})
    office.complete(other, "screening", {"uitkomst": "compleet"})
    office.complete(
        other,
        "beschikking_voorbereiden",
        {"besluit": "afwijzing", "grond": "recente schuldregeling"},
    )
    office.complete(
        other, "beschikking_goedkeuren", {"goedgekeurd": False, "opmerking": "motiveer"}
    )
    assert office.open_keys(other) == ["beschikking_voorbereiden"]
    assert office.case(other).status == "open"


def test_budgetbeheer_only_case_runs_monthly_evaluations_until_it_ends(office: Office) -> None:
    case_id = office.melding()
    office.finances(case_id, income="1600.00")
    office.intake_to_decision(case_id, traject="budgetbeheer")
    office.budget_plan(case_id)
    assert office.case(case_id).phase == "budgetbeheer"
    office.complete(
        case_id,
        "overeenkomst",
        {"ingangsdatum": "2026-04-06", "overeenkomst_getekend": True, "leefgeld_per_week": 80},
    )
    assert office.case_status(case_id) == "budgetbeheer"
    for _ in range(2):
        assert office.open_keys(case_id) == []
        office.wait(31)
        office.complete(
            case_id,
            "maand_evaluatie",
            {"vaste_lasten_betaald": True, "vervolg_budgetbeheer": "doorgaan"},
        )
    office.wait(31)
    office.complete(case_id, "maand_evaluatie", {"vervolg_budgetbeheer": "afronden"})
    case = office.case(case_id)
    assert (case.status, case.result) == ("closed", "verstrekt")
    assert office.product(case_id) == "budgetbeheer"


def test_beschikking_term_passing_during_screening_is_signalled(office: Office) -> None:
    case_id = office.melding()
    office.complete(
        case_id,
        "melding_beoordelen",
        {
            "dreigende_huisuitzetting": False,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": False,
            "afspraak_eerste_gesprek": "2026-03-02T14:00:00+01:00",
        },
    )
    office.complete(
        case_id, "eerste_gesprek", {"gesprek_datum": "2026-03-02", "vervolg": "aanvraag"}
    )
    screening = office.task(case_id, "screening")
    assert screening.due_at is not None
    # 8 weeks from 2 March end on Koningsdag (27 April 2026): extended to Tuesday 28 April
    assert screening.due_at.date().isoformat() == "2026-04-28"
    office.wait(56)
    assert "casefile.deadline_overdue" not in office.audit_actions(case_id)
    office.wait(3)
    assert office.audit_actions(case_id).count("casefile.deadline_overdue") == 1
    assert office.open_keys(case_id) == ["screening"]
