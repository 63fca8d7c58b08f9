"""Case file REST resources: meldingen, client, household, incomes, expenses, checklist,
and the auditor's verwerkingenlog. Negotiation resources live in casefiles_negotiation."""

from __future__ import annotations

import uuid
from typing import Generic, TypeVar

from fastapi import APIRouter, Response
from pydantic import Field

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel, Limit, Offset, parse_id
from casefiles import service
from casefiles.schemas import (
    CaseFileOut,
    ChecklistItemOut,
    ExpenseIn,
    ExpenseOut,
    HouseholdMemberIn,
    IncomeIn,
    IncomeOut,
    MeldingIn,
    PersonIn,
    PersonOut,
    ProcessingLogOut,
)
from casefiles.service_finance import update_expense, update_income
from casefiles.service_persons import update_person
from engine.cases.service import get_case
from engine.errors import NotFound

router = APIRouter(tags=["casefiles"], responses=PROBLEM_RESPONSES)
T = TypeVar("T")


class Results(CamelModel, Generic[T]):
    results: list[T]


class MeldingOut(CaseFileOut):
    reference: str


class ChecklistUpdate(CamelModel):
    status: str = Field(description="open, ontvangen of niet_van_toepassing")


class PersonSearch(CamelModel):
    object_id: str = Field(min_length=1, max_length=100, description="BSN of persoon-id")


@router.post("/meldingen", status_code=201, summary="Register a melding; starts the case")
def register_melding(body: MeldingIn, session: SessionDep, actor: ActorDep) -> MeldingOut:
    cf = service.register_melding(session, actor, body)
    case = get_case(session, cf.case_id)
    return MeldingOut.model_validate(
        {**_fields(CaseFileOut.model_validate(cf)), "reference": case.reference}
    )


@router.get("/cases/{case_id}/case-file", summary="The case file's own fields")
def read_case_file(case_id: str, session: SessionDep, actor: ActorDep) -> CaseFileOut:
    return CaseFileOut.model_validate(service.get_case_file(session, actor, case_key(case_id)))


@router.get("/cases/{case_id}/client", summary="The client (read is logged)")
def read_client(case_id: str, session: SessionDep, actor: ActorDep) -> PersonOut:
    person = service.get_client(session, actor, case_key(case_id))
    if person is None:
        raise NotFound("this case has no client yet")
    return PersonOut.model_validate(person)


@router.put("/cases/{case_id}/client", summary="Create or replace the client's data")
def write_client(case_id: str, body: PersonIn, session: SessionDep, actor: ActorDep) -> PersonOut:
    return PersonOut.model_validate(service.set_client(session, actor, case_key(case_id), body))


@router.get("/cases/{case_id}/household", summary="Client, partner, children (reads logged)")
def read_household(case_id: str, session: SessionDep, actor: ActorDep) -> Results[PersonOut]:
    persons = service.list_household(session, actor, case_key(case_id))
    return Results[PersonOut](results=[PersonOut.model_validate(p) for p in persons])


@router.post("/cases/{case_id}/household", status_code=201, summary="Add a partner or child")
def add_household_member(
    case_id: str, body: HouseholdMemberIn, session: SessionDep, actor: ActorDep
) -> PersonOut:
    person = service.add_household_member(session, actor, case_key(case_id), body)
    return PersonOut.model_validate(person)


@router.put("/cases/{case_id}/household/{person_id}", summary="Correct a person's data")
def correct_person(
    case_id: str, person_id: str, body: PersonIn, session: SessionDep, actor: ActorDep
) -> PersonOut:
    person_key = parse_id(person_id, "person")
    return PersonOut.model_validate(
        update_person(session, actor, case_key(case_id), person_key, body)
    )


@router.delete("/cases/{case_id}/household/{person_id}", status_code=204)
def remove_household_member(
    case_id: str, person_id: str, session: SessionDep, actor: ActorDep
) -> Response:
    service.remove_household_member(
        session, actor, case_key(case_id), parse_id(person_id, "person")
    )
    return Response(status_code=204)


@router.get("/cases/{case_id}/incomes", summary="Monthly incomes of the household")
def read_incomes(case_id: str, session: SessionDep, actor: ActorDep) -> Results[IncomeOut]:
    rows = service.list_incomes(session, actor, case_key(case_id))
    return Results[IncomeOut](results=[IncomeOut.model_validate(r) for r in rows])


@router.post("/cases/{case_id}/incomes", status_code=201, summary="Add a monthly income")
def add_income(case_id: str, body: IncomeIn, session: SessionDep, actor: ActorDep) -> IncomeOut:
    return IncomeOut.model_validate(service.add_income(session, actor, case_key(case_id), body))


@router.put("/cases/{case_id}/incomes/{income_id}", summary="Correct a monthly income")
def correct_income(
    case_id: str, income_id: str, body: IncomeIn, session: SessionDep, actor: ActorDep
) -> IncomeOut:
    row_key = parse_id(income_id, "income")
    return IncomeOut.model_validate(update_income(session, actor, case_key(case_id), row_key, body))


@router.delete("/cases/{case_id}/incomes/{income_id}", status_code=204)
def remove_income(case_id: str, income_id: str, session: SessionDep, actor: ActorDep) -> Response:
    service.remove_income(session, actor, case_key(case_id), parse_id(income_id, "income"))
    return Response(status_code=204)


@router.get("/cases/{case_id}/expenses", summary="Monthly expenses of the household")
def read_expenses(case_id: str, session: SessionDep, actor: ActorDep) -> Results[ExpenseOut]:
    rows = service.list_expenses(session, actor, case_key(case_id))
    return Results[ExpenseOut](results=[ExpenseOut.model_validate(r) for r in rows])


@router.post("/cases/{case_id}/expenses", status_code=201, summary="Add a monthly expense")
def add_expense(case_id: str, body: ExpenseIn, session: SessionDep, actor: ActorDep) -> ExpenseOut:
    return ExpenseOut.model_validate(service.add_expense(session, actor, case_key(case_id), body))


@router.put("/cases/{case_id}/expenses/{expense_id}", summary="Correct a monthly expense")
def correct_expense(
    case_id: str, expense_id: str, body: ExpenseIn, session: SessionDep, actor: ActorDep
) -> ExpenseOut:
    row_key = parse_id(expense_id, "expense")
    return ExpenseOut.model_validate(
        update_expense(session, actor, case_key(case_id), row_key, body)
    )


@router.delete("/cases/{case_id}/expenses/{expense_id}", status_code=204)
def remove_expense(case_id: str, expense_id: str, session: SessionDep, actor: ActorDep) -> Response:
    service.remove_expense(session, actor, case_key(case_id), parse_id(expense_id, "expense"))
    return Response(status_code=204)


@router.get("/cases/{case_id}/checklist", summary="The voorlegger document checklist")
def read_checklist(case_id: str, session: SessionDep, actor: ActorDep) -> Results[ChecklistItemOut]:
    rows = service.checklist(session, actor, case_key(case_id))
    return Results[ChecklistItemOut](results=[ChecklistItemOut.model_validate(r) for r in rows])


@router.put("/cases/{case_id}/checklist/{item}", summary="Mark one checklist item")
def update_checklist_item(
    case_id: str, item: str, body: ChecklistUpdate, session: SessionDep, actor: ActorDep
) -> ChecklistItemOut:
    row = service.set_checklist_item(session, actor, case_key(case_id), item, body.status)
    return ChecklistItemOut.model_validate(row)


@router.get("/cases/{case_id}/processing-log", summary="Verwerkingenlog of a case (auditor)")
def read_processing_log(
    case_id: str, session: SessionDep, actor: ActorDep, limit: Limit = 200, offset: Offset = 0
) -> Results[ProcessingLogOut]:
    rows = service.processing_log_of_case(
        session, actor, case_key(case_id), limit=limit, offset=offset
    )
    return Results[ProcessingLogOut](results=[ProcessingLogOut.model_validate(r) for r in rows])


@router.post("/processing-log/searches", summary="Verwerkingenlog of a person (auditor)")
def search_processing_log(
    body: PersonSearch,
    session: SessionDep,
    actor: ActorDep,
    limit: Limit = 200,
    offset: Offset = 0,
) -> Results[ProcessingLogOut]:
    # POST: a BSN never goes into a URL (NL API Design Rules).
    rows = service.processing_log_of_person(
        session, actor, body.object_id, limit=limit, offset=offset
    )
    return Results[ProcessingLogOut](results=[ProcessingLogOut.model_validate(r) for r in rows])


def case_key(case_id: str) -> uuid.UUID:
    """The case id of a path; a malformed one is not found (404)."""
    return parse_id(case_id, "case")


def _fields(model: CamelModel | CaseFileOut) -> dict[str, object]:
    return model.model_dump()
