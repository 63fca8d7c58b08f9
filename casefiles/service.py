"""Case file services: melding, the case file itself, client and household, checklist,
contact moments, intake decisions.

Other service modules (re-exported here, so ``from casefiles import service`` gives all):
``service_finance`` (incomes, expenses, VTLB), ``service_debts`` (creditors, debts,
creditor responses, proposal), ``service_deadlines`` (legal terms). Services only flush;
the caller's transaction commits. Every change writes an audit entry; every read of a
person's data writes a verwerkingenlog entry.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from casefiles import legal_calendar
from casefiles.held_case_file import hold_new_case_file
from casefiles.models import (
    PRODUCTS,
    VOORLEGGER_ITEMS,
    CaseFile,
    ChecklistItem,
)
from casefiles.schemas import MeldingIn
from casefiles.service_common import (
    READERS,
    WRITERS,
    Errors,
    audit,
    case_file,
    today,
)
from casefiles.service_deadlines import add_deadline, meet_deadline, tenant_term_weeks
from casefiles.service_persons import add_person, check_person, person_title
from casefiles.vtlb import HOUSEHOLD_KINDS
from engine.cases.service import open_case
from engine.identity.actor import Actor
from engine.identity.roles import Role

PROCESS_KEY = "schuldhulp"
PERSON_DATA = ["naam", "geboortedatum", "adres", "contactgegevens", "BSN"]


def register_melding(
    session: Session,
    actor: Actor,
    melding: MeldingIn,
    *,
    process_key: str = PROCESS_KEY,
    start: bool = True,
) -> CaseFile:
    """Register a melding: opens the case, its case file (with the client if given), the
    eerste-gesprek deadline, and starts the process (``start=False`` only for seeding)."""
    actor.require(Role.INTAKE, Role.SCHULDHULPVERLENER)
    errors = Errors()
    if melding.client is not None:
        check_person(errors, "client", melding.client)
    if melding.meldingsdatum > today():
        errors.add("meldingsdatum", "meldingsdatum ligt in de toekomst")
    if melding.crisis and not (melding.crisis_reason or "").strip():
        errors.add("crisisReason", "geef de reden van de crisis (bijv. dreigende uitzetting)")
    errors.raise_if_any("de melding is niet geregistreerd")
    title = person_title(melding.client) if melding.client else "Melding schuldhulp"
    case = open_case(session, actor, process_key=process_key, title=title)
    cf = CaseFile(
        tenant_id=case.tenant_id,
        case_id=case.id,
        meldingsdatum=melding.meldingsdatum,
        channel=melding.channel,
        crisis=melding.crisis,
        crisis_reason=melding.crisis_reason,
        bbz_entrepreneur=melding.bbz_entrepreneur,
        household_kind=melding.household_kind,
        gemeente=melding.gemeente,
        referrer=melding.referrer,
    )
    session.add(cf)
    session.flush()
    hold_new_case_file(session, cf)
    audit(
        session,
        actor,
        "casefile.melding_registered",
        "case_file",
        case.id,
        case.id,
        after=melding.model_dump(mode="json", exclude={"client"}),
    )
    if melding.client is not None:
        add_person(session, actor, case.id, "client", melding.client)
    due = legal_calendar.first_conversation_due(melding.meldingsdatum, crisis=melding.crisis)
    add_deadline(
        session,
        actor,
        case.id,
        kind="eerste_gesprek",
        starts_on=melding.meldingsdatum,
        due_on=due,
        label="Eerste gesprek (Wgs art. 4)",
        rule="3 werkdagen (crisis)" if melding.crisis else "4 weken",
    )
    for item in VOORLEGGER_ITEMS:
        session.add(ChecklistItem(tenant_id=case.tenant_id, case_id=case.id, item=item))
    session.flush()
    if start:
        from engine.process.runtime import start_process

        start_process(
            session,
            actor,
            case,
            data={
                "crisis": melding.crisis,
                "channel": melding.channel,
                "eerste_gesprek_deadline": f"{due.isoformat()}T09:00:00+00:00",
            },
        )
    return cf


def get_case_file(session: Session, actor: Actor, case_id: uuid.UUID | str) -> CaseFile:
    actor.require(*READERS)
    return case_file(session, case_id)


def update_case_file(
    session: Session, actor: Actor, case_id: uuid.UUID | str, **changes: object
) -> CaseFile:
    """Change plain case file fields (product, status, household_kind, crisis...)."""
    actor.require(*WRITERS, Role.TEAMLEIDER)
    cf = case_file(session, case_id)
    allowed = {
        "product",
        "status",
        "household_kind",
        "crisis",
        "crisis_reason",
        "bbz_entrepreneur",
        "gemeente",
        "result",
        "decision_ground",
    }
    errors = Errors()
    for name in changes:
        if name not in allowed:
            errors.add(name, "dit veld kan hier niet worden gewijzigd")
    if "product" in changes and changes["product"] not in (None, *PRODUCTS):
        errors.add("product", f"kies een van: {', '.join(PRODUCTS)}")
    if "household_kind" in changes and changes["household_kind"] not in HOUSEHOLD_KINDS:
        errors.add("householdKind", f"kies een van: {', '.join(HOUSEHOLD_KINDS)}")
    errors.raise_if_any("het dossier is niet gewijzigd")
    before = {k: getattr(cf, k) for k in changes}
    for name, value in changes.items():
        setattr(cf, name, value)
    audit(
        session,
        actor,
        "casefile.updated",
        "case_file",
        cf.case_id,
        cf.case_id,
        before=before,
        after=dict(changes),
    )
    return cf


def record_first_conversation(
    session: Session, actor: Actor, case_id: uuid.UUID | str, on: date
) -> CaseFile:
    """The eerste gesprek took place: meets its deadline, starts the beschikking term."""
    actor.require(*WRITERS)
    cf = case_file(session, case_id)
    cf.first_conversation_on = on
    meet_deadline(session, actor, cf.case_id, "eerste_gesprek", on=on)
    weeks = tenant_term_weeks(
        session, cf.tenant_id, "beschikking_weeks", legal_calendar.DEFAULT_BESCHIKKING_WEEKS
    )
    add_deadline(
        session,
        actor,
        cf.case_id,
        kind="beschikking",
        starts_on=on,
        due_on=legal_calendar.beschikking_due(on, weeks),
        label="Beschikking toelating/afwijzing",
        rule=f"{weeks} weken na eerste gesprek",
    )
    audit(
        session,
        actor,
        "casefile.first_conversation",
        "case_file",
        cf.case_id,
        cf.case_id,
        after={"on": on.isoformat()},
    )
    return cf


def record_decision(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    *,
    decision: str,
    ground: str = "",
    on: date | None = None,
) -> CaseFile:
    """Beschikking: ``toelating`` or ``afwijzing`` (with its ground); meets the term."""
    actor.require(Role.TEAMLEIDER, Role.SCHULDHULPVERLENER)
    errors = Errors()
    if decision not in ("toelating", "afwijzing"):
        errors.add("decision", "kies toelating of afwijzing")
    if decision == "afwijzing" and not ground.strip():
        errors.add("ground", "een afwijzing heeft een grond nodig")
    errors.raise_if_any("de beschikking is niet vastgelegd")
    cf = case_file(session, case_id)
    cf.decision, cf.decision_ground, cf.decision_on = decision, ground or None, on or today()
    cf.status = "toegelaten" if decision == "toelating" else "afgewezen"
    meet_deadline(session, actor, cf.case_id, "beschikking", on=cf.decision_on)
    audit(
        session,
        actor,
        "casefile.decision",
        "case_file",
        cf.case_id,
        cf.case_id,
        after={"decision": decision, "ground": ground, "on": cf.decision_on.isoformat()},
    )
    return cf


# --- the rest of the case file API, re-exported --------------------------------------

from casefiles.service_checklist import (  # noqa: E402
    checklist,
    checklist_complete,
    list_contact_moments,
    processing_log_of_case,
    processing_log_of_person,
    record_contact_moment,
    set_checklist_item,
)
from casefiles.service_creditors import (  # noqa: E402
    case_creditors,
    create_creditor,
    get_creditor,
    list_creditors,
    update_creditor,
)
from casefiles.service_deadlines import (  # noqa: E402
    deadline_due,
    list_deadlines,
    overdue_deadlines,
)
from casefiles.service_debts import (  # noqa: E402
    add_debt,
    all_creditors_answered,
    is_stale,
    list_debts,
    negotiation_summary,
    record_creditor_response,
    record_settlement_agreed,
    request_balances,
    request_reconsideration,
    stale_debts,
)
from casefiles.service_finance import (  # noqa: E402
    FinanceLine,
    add_expense,
    add_income,
    compute_case_vtlb,
    get_vtlb,
    list_expenses,
    list_finance_lines,
    list_incomes,
    override_vtlb_line,
    remove_expense,
    remove_income,
)
from casefiles.service_persons import (  # noqa: E402
    add_household_member,
    get_client,
    list_household,
    remove_household_member,
    set_client,
)
from casefiles.service_proposal import build_proposal, get_proposal, send_proposal  # noqa: E402

__all__ = [
    "FinanceLine",
    "add_deadline",
    "add_debt",
    "add_expense",
    "add_household_member",
    "add_income",
    "all_creditors_answered",
    "build_proposal",
    "case_creditors",
    "checklist",
    "checklist_complete",
    "compute_case_vtlb",
    "create_creditor",
    "deadline_due",
    "get_case_file",
    "get_client",
    "get_creditor",
    "get_proposal",
    "get_vtlb",
    "is_stale",
    "list_contact_moments",
    "list_creditors",
    "list_deadlines",
    "list_debts",
    "list_expenses",
    "list_finance_lines",
    "list_household",
    "list_incomes",
    "meet_deadline",
    "negotiation_summary",
    "overdue_deadlines",
    "override_vtlb_line",
    "processing_log_of_case",
    "processing_log_of_person",
    "record_contact_moment",
    "record_creditor_response",
    "record_decision",
    "record_first_conversation",
    "record_settlement_agreed",
    "register_melding",
    "remove_expense",
    "remove_household_member",
    "remove_income",
    "request_balances",
    "request_reconsideration",
    "send_proposal",
    "set_checklist_item",
    "set_client",
    "stale_debts",
    "update_case_file",
    "update_creditor",
]
