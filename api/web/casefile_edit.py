"""Case page forms for the household and its finances: add, correct and remove persons,
incomes and expenses (the budget plan is recomputed after a change of the finances), and
override a line of the budget plan with a mandatory reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    vtlb_override_fields,
)
from api.web.editing import EditForm, open_form, submit_form
from api.web.forms import FormField
from api.web.row_routes import RowForms, add_row_routes, row_in_case
from casefiles.models import Expense, Income, Person
from casefiles.schemas import (
    ExpenseIn,
    HouseholdMemberIn,
    IncomeIn,
    PersonIn,
    VtlbLineOut,
    VtlbOverrideIn,
)
from casefiles.service_common import NEGOTIATORS
from casefiles.service_finance import (
    add_expense,
    add_income,
    get_vtlb,
    list_expenses,
    list_incomes,
    override_vtlb_line,
    refresh_vtlb,
    remove_expense,
    remove_income,
    update_expense,
    update_income,
)
from casefiles.service_persons import (
    add_household_member,
    list_household,
    remove_household_member,
    set_client,
    update_person,
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


# --- persons -------------------------------------------------------------------------


def _new_person_fields(session: Session, actor: Actor, case: Case) -> list[FormField]:
    household = list_household(session, actor, case.id)
    return person_fields(new=True, client_missing=all(p.role != "client" for p in household))


def _add_person(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
    if data.get("role") == "client":
        set_client(session, actor, case.id, parsed(PersonIn, data))
    else:
        add_household_member(session, actor, case.id, parsed(HouseholdMemberIn, data))


def _update_person(
    session: Session, actor: Actor, case: Case, person_id: uuid.UUID, data: dict[str, Any]
) -> None:
    update_person(session, actor, case.id, person_id, parsed(PersonIn, data))


def _person_values(
    session: Session, actor: Actor, case: Case, person_id: uuid.UUID
) -> dict[str, str]:
    person: Person = row_in_case(list_household(session, actor, case.id), person_id, "person")
    values = {name: str(getattr(person, attr) or "") for name, attr in PERSON_VALUES.items()}
    values["birthDate"] = person.birth_date.isoformat() if person.birth_date else ""
    return values


PERSONS = RowForms(
    path="personen",
    new=EditForm("Persoon toevoegen", "Persoon toevoegen", "huishouden", _new_person_fields),
    edit=EditForm(
        "Persoon wijzigen", "Wijziging opslaan", "huishouden", lambda *_: person_fields(new=False)
    ),
    add=_add_person,
    update=_update_person,
    values=_person_values,
    remove=remove_household_member,
)


# --- incomes and expenses ------------------------------------------------------------


@dataclass(frozen=True)
class FinanceCalls:
    """The case file services of one kind of finance row."""

    schema: type[IncomeIn] | type[ExpenseIn]
    add: Callable[[Session, Actor, uuid.UUID, Any], object]
    update: Callable[[Session, Actor, uuid.UUID, uuid.UUID, Any], object]
    remove: Callable[[Session, Actor, uuid.UUID, uuid.UUID], None]
    rows: Callable[[Session, Actor, uuid.UUID], Sequence[Income | Expense]]


def _finance_forms(
    path: str, noun: str, fields: Callable[[], list[FormField]], calls: FinanceCalls
) -> RowForms:
    """Add, correct and remove an income or expense; each change recomputes the VTLB."""

    def add(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        calls.add(session, actor, case.id, parsed(calls.schema, data))
        refresh_vtlb(session, actor, case.id)

    def update(
        session: Session, actor: Actor, case: Case, row_id: uuid.UUID, data: dict[str, Any]
    ) -> None:
        calls.update(session, actor, case.id, row_id, parsed(calls.schema, data))
        refresh_vtlb(session, actor, case.id)

    def remove(session: Session, actor: Actor, case_id: uuid.UUID, row_id: uuid.UUID) -> None:
        calls.remove(session, actor, case_id, row_id)
        refresh_vtlb(session, actor, case_id)

    def values(session: Session, actor: Actor, case: Case, row_id: uuid.UUID) -> dict[str, str]:
        row = row_in_case(calls.rows(session, actor, case.id), row_id, path)
        text = (
            {"source": row.source} if isinstance(row, Income) else {"description": row.description}
        )
        return {"kind": row.kind, "monthlyAmount": amount_value(row.monthly_amount), **text}

    return RowForms(
        path=path,
        new=EditForm(f"{noun} toevoegen", f"{noun} toevoegen", "inkomsten", lambda *_: fields()),
        edit=EditForm(f"{noun} wijzigen", "Wijziging opslaan", "inkomsten", lambda *_: fields()),
        add=add,
        update=update,
        values=values,
        remove=remove,
    )


INCOMES = _finance_forms(
    "inkomsten",
    "Inkomen",
    income_fields,
    FinanceCalls(IncomeIn, add_income, update_income, remove_income, list_incomes),
)
EXPENSES = _finance_forms(
    "uitgaven",
    "Uitgave",
    expense_fields,
    FinanceCalls(ExpenseIn, add_expense, update_expense, remove_expense, list_expenses),
)

add_row_routes(router, PERSONS)
add_row_routes(router, INCOMES)
add_row_routes(router, EXPENSES)


# --- budget plan: override a VTLB line -----------------------------------------------


def _vtlb_line(session: Session, actor: Actor, case: Case, key: str) -> VtlbLineOut:
    """The line of the latest calculation; NotFound without one (nothing to override)."""
    found = next(
        (line for line in get_vtlb(session, actor, case.id).lines if line.key == key), None
    )
    if found is None:
        raise NotFound(f"no VTLB line {key} in this case")
    return found


def _override_form(key: str) -> EditForm:
    def fields(session: Session, actor: Actor, case: Case) -> list[FormField]:
        return vtlb_override_fields(_vtlb_line(session, actor, case, key))

    return EditForm("VTLB-regel aanpassen", "Aanpassing opslaan", "vtlb", fields, roles=NEGOTIATORS)


@router.get("/zaken/{case_id}/vtlb/{line}")
def vtlb_override_form(request: Request, case_id: uuid.UUID, line: str) -> Response:
    def values(session: Session, actor: Actor, case: Case) -> dict[str, str]:
        current = _vtlb_line(session, actor, case, line)
        return {"amount": amount_value(current.amount), "reason": current.reason or ""}

    return open_form(request, case_id, _override_form(line), values)


@router.post("/zaken/{case_id}/vtlb/{line}")
async def override_vtlb(request: Request, case_id: uuid.UUID, line: str) -> Response:
    """The line gets the new amount with its reason (audited); the VTLB is recomputed."""

    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        change = parsed(VtlbOverrideIn, {**data, "line": line})
        override_vtlb_line(
            session, actor, case.id, line=change.line, amount=change.amount, reason=change.reason
        )

    return await submit_form(request, case_id, _override_form(line), save)
