"""Case page forms for the household and its finances: add and correct persons, add,
correct and remove incomes and expenses (the budget plan is recomputed after a change)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.web.casefile_forms import (
    amount_value,
    expense_fields,
    income_fields,
    parsed,
    person_fields,
)
from api.web.editing import EditForm, open_form, remove, submit_form
from api.web.forms import FormField
from casefiles.models import Expense, Income, Person
from casefiles.schemas import ExpenseIn, HouseholdMemberIn, IncomeIn, PersonIn
from casefiles.service_edits import refresh_vtlb, update_expense, update_income, update_person
from casefiles.service_finance import (
    add_expense,
    add_income,
    list_expenses,
    list_incomes,
    remove_expense,
    remove_income,
)
from casefiles.service_persons import (
    add_household_member,
    list_household,
    remove_household_member,
    set_client,
)
from engine.cases.models import Case
from engine.errors import NotFound
from engine.identity.actor import Actor

router = APIRouter(include_in_schema=False)
PERSON_VALUES = {
    "initials": "initials",
    "firstNames": "first_names",
    "prefix": "prefix",
    "lastName": "last_name",
    "bsn": "bsn",
    "street": "street",
    "houseNumber": "house_number",
    "postcode": "postcode",
    "city": "city",
    "phone": "phone",
    "email": "email",
}


def _new_person_fields(session: Session, actor: Actor, case: Case) -> list[FormField]:
    household = list_household(session, actor, case.id)
    return person_fields(new=True, client_missing=all(p.role != "client" for p in household))


NEW_PERSON = EditForm("Persoon toevoegen", "Persoon toevoegen", "huishouden", _new_person_fields)
EDIT_PERSON = EditForm(
    "Persoon wijzigen", "Wijziging opslaan", "huishouden", lambda *_: person_fields(new=False)
)
NEW_INCOME = EditForm(
    "Inkomen toevoegen", "Inkomen toevoegen", "inkomsten", lambda *_: income_fields()
)
NEW_EXPENSE = EditForm(
    "Uitgave toevoegen", "Uitgave toevoegen", "inkomsten", lambda *_: expense_fields()
)

EDIT_INCOME = EditForm(
    "Inkomen wijzigen", "Wijziging opslaan", "inkomsten", lambda *_: income_fields()
)
EDIT_EXPENSE = EditForm(
    "Uitgave wijzigen", "Wijziging opslaan", "inkomsten", lambda *_: expense_fields()
)


def _no_values(*_: Any) -> dict[str, str]:
    return {}


def _person(session: Session, actor: Actor, case: Case, person_id: uuid.UUID) -> Person:
    found = next((p for p in list_household(session, actor, case.id) if p.id == person_id), None)
    if found is None:
        raise NotFound(f"no person {person_id} in this case")
    return found


def _person_values(person: Person) -> dict[str, str]:
    values = {name: str(getattr(person, attr) or "") for name, attr in PERSON_VALUES.items()}
    values["birthDate"] = person.birth_date.isoformat() if person.birth_date else ""
    return values


def _finance_values(row: Income | Expense) -> dict[str, str]:
    text = {"source": row.source} if isinstance(row, Income) else {"description": row.description}
    return {"kind": row.kind, "monthlyAmount": amount_value(row.monthly_amount), **text}


def _income(session: Session, actor: Actor, case: Case, income_id: uuid.UUID) -> Income:
    found = next((i for i in list_incomes(session, actor, case.id) if i.id == income_id), None)
    if found is None:
        raise NotFound(f"no income {income_id} in this case")
    return found


def _expense(session: Session, actor: Actor, case: Case, expense_id: uuid.UUID) -> Expense:
    found = next((e for e in list_expenses(session, actor, case.id) if e.id == expense_id), None)
    if found is None:
        raise NotFound(f"no expense {expense_id} in this case")
    return found


@router.get("/zaken/{case_id}/personen/nieuw")
def new_person_form(request: Request, case_id: uuid.UUID) -> Response:
    return open_form(request, case_id, NEW_PERSON, _no_values)


@router.post("/zaken/{case_id}/personen/nieuw")
async def new_person(request: Request, case_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        if data.get("role") == "client":
            set_client(session, actor, case.id, parsed(PersonIn, data))
        else:
            add_household_member(session, actor, case.id, parsed(HouseholdMemberIn, data))

    return await submit_form(request, case_id, NEW_PERSON, save)


@router.get("/zaken/{case_id}/personen/{person_id}")
def edit_person_form(request: Request, case_id: uuid.UUID, person_id: uuid.UUID) -> Response:
    def values(session: Session, actor: Actor, case: Case) -> dict[str, str]:
        return _person_values(_person(session, actor, case, person_id))

    return open_form(request, case_id, EDIT_PERSON, values)


@router.post("/zaken/{case_id}/personen/{person_id}")
async def edit_person(request: Request, case_id: uuid.UUID, person_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        update_person(session, actor, case.id, person_id, parsed(PersonIn, data))

    return await submit_form(request, case_id, EDIT_PERSON, save)


@router.post("/zaken/{case_id}/personen/{person_id}/verwijderen")
async def remove_person(request: Request, case_id: uuid.UUID, person_id: uuid.UUID) -> Response:
    def action(session: Session, actor: Actor) -> None:
        remove_household_member(session, actor, case_id, person_id)

    return await remove(request, case_id, "huishouden", action)


@router.get("/zaken/{case_id}/inkomsten/nieuw")
def new_income_form(request: Request, case_id: uuid.UUID) -> Response:
    return open_form(request, case_id, NEW_INCOME, _no_values)


@router.post("/zaken/{case_id}/inkomsten/nieuw")
async def new_income(request: Request, case_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        add_income(session, actor, case.id, parsed(IncomeIn, data))
        refresh_vtlb(session, actor, case.id)

    return await submit_form(request, case_id, NEW_INCOME, save)


@router.get("/zaken/{case_id}/inkomsten/{income_id}")
def edit_income_form(request: Request, case_id: uuid.UUID, income_id: uuid.UUID) -> Response:
    def values(session: Session, actor: Actor, case: Case) -> dict[str, str]:
        return _finance_values(_income(session, actor, case, income_id))

    return open_form(request, case_id, EDIT_INCOME, values)


@router.post("/zaken/{case_id}/inkomsten/{income_id}")
async def edit_income(request: Request, case_id: uuid.UUID, income_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        update_income(session, actor, case.id, income_id, parsed(IncomeIn, data))
        refresh_vtlb(session, actor, case.id)

    return await submit_form(request, case_id, EDIT_INCOME, save)


@router.post("/zaken/{case_id}/inkomsten/{income_id}/verwijderen")
async def remove_income_row(request: Request, case_id: uuid.UUID, income_id: uuid.UUID) -> Response:
    def action(session: Session, actor: Actor) -> None:
        remove_income(session, actor, case_id, income_id)
        refresh_vtlb(session, actor, case_id)

    return await remove(request, case_id, "inkomsten", action)


@router.get("/zaken/{case_id}/uitgaven/nieuw")
def new_expense_form(request: Request, case_id: uuid.UUID) -> Response:
    return open_form(request, case_id, NEW_EXPENSE, _no_values)


@router.post("/zaken/{case_id}/uitgaven/nieuw")
async def new_expense(request: Request, case_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        add_expense(session, actor, case.id, parsed(ExpenseIn, data))
        refresh_vtlb(session, actor, case.id)

    return await submit_form(request, case_id, NEW_EXPENSE, save)


@router.get("/zaken/{case_id}/uitgaven/{expense_id}")
def edit_expense_form(request: Request, case_id: uuid.UUID, expense_id: uuid.UUID) -> Response:
    def values(session: Session, actor: Actor, case: Case) -> dict[str, str]:
        return _finance_values(_expense(session, actor, case, expense_id))

    return open_form(request, case_id, EDIT_EXPENSE, values)


@router.post("/zaken/{case_id}/uitgaven/{expense_id}")
async def edit_expense(request: Request, case_id: uuid.UUID, expense_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        update_expense(session, actor, case.id, expense_id, parsed(ExpenseIn, data))
        refresh_vtlb(session, actor, case.id)

    return await submit_form(request, case_id, EDIT_EXPENSE, save)


@router.post("/zaken/{case_id}/uitgaven/{expense_id}/verwijderen")
async def remove_expense_row(
    request: Request, case_id: uuid.UUID, expense_id: uuid.UUID
) -> Response:
    def action(session: Session, actor: Actor) -> None:
        remove_expense(session, actor, case_id, expense_id)
        refresh_vtlb(session, actor, case_id)

    return await remove(request, case_id, "inkomsten", action)
