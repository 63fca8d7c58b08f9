"""Case page forms for the debts: register a creditor, add a claim, correct it, and record
a creditor's answer (saldo, akkoord, weigering, no cooperation) or ask for reconsideration."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.web.casefile_forms import (
    amount_value,
    creditor_fields,
    debt_fields,
    parsed,
    response_fields,
)
from api.web.editing import EditForm, open_form, submit_form
from api.web.forms import FormField
from api.web.row_routes import RowForms, add_row_routes, row_in_case
from casefiles.schemas import CreditorIn, CreditorResponseIn, DebtIn, DebtOut, DebtUpdateIn
from casefiles.service_common import NEGOTIATORS
from casefiles.service_creditors import create_creditor, list_creditors
from casefiles.service_debts import add_debt, list_debts, request_reconsideration, update_debt
from casefiles.service_responses import receive_creditor_response
from engine.cases.models import Case
from engine.identity.actor import Actor

router = APIRouter(include_in_schema=False)
CREDITOR_CHOICES = 1000


def _creditor_choices(session: Session, *_: Any) -> list[FormField]:
    creditors = list_creditors(session, limit=CREDITOR_CHOICES)
    return debt_fields({str(c.id): c.name for c in creditors})


NEW_CREDITOR = EditForm(
    "Nieuwe schuldeiser", "Schuldeiser opslaan", "schulden", lambda *_: creditor_fields()
)
RESPONSE = EditForm(
    "Reactie schuldeiser vastleggen",
    "Reactie vastleggen",
    "onderhandeling",
    lambda *_: response_fields(),
    roles=NEGOTIATORS,
    rename=(("creditorId", "kind"),),  # "has not refused": about the chosen reaction
)


def _debt(session: Session, actor: Actor, case: Case, debt_id: uuid.UUID) -> DebtOut:
    return row_in_case(list_debts(session, actor, case.id), debt_id, "debt")


def _debt_values(session: Session, actor: Actor, case: Case, debt_id: uuid.UUID) -> dict[str, str]:
    debt = _debt(session, actor, case, debt_id)
    return {
        "creditorReference": debt.creditor_reference,
        "claimedAmount": amount_value(debt.claimed_amount),
        "originDate": debt.origin_date.isoformat() if debt.origin_date else "",
        "preferent": "ja" if debt.preferent else "nee",
    }


def _add_debt(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
    add_debt(session, actor, case.id, parsed(DebtIn, data))


def _update_debt(
    session: Session, actor: Actor, case: Case, debt_id: uuid.UUID, data: dict[str, Any]
) -> None:
    update_debt(session, actor, case.id, debt_id, parsed(DebtUpdateIn, data))


def _chosen_creditor(request: Request) -> dict[str, str]:
    """A creditor registered from the debt form comes back chosen."""
    return {"creditorId": request.query_params.get("schuldeiser", "")}


DEBTS = RowForms(
    path="schulden",
    new=EditForm(
        "Schuld toevoegen",
        "Schuld toevoegen",
        "schulden",
        _creditor_choices,
        aside=("schuldeisers/nieuw", "Staat de schuldeiser er niet bij? Registreer een nieuwe"),
    ),
    edit=EditForm("Schuld wijzigen", "Wijziging opslaan", "schulden", lambda *_: debt_fields(None)),
    add=_add_debt,
    update=_update_debt,
    values=_debt_values,
    initial=_chosen_creditor,
)
add_row_routes(router, DEBTS)


@router.get("/zaken/{case_id}/schuldeisers/nieuw")
def new_creditor_form(request: Request, case_id: uuid.UUID) -> Response:
    return open_form(request, case_id, NEW_CREDITOR, lambda *_: {"kind": "overig"})


@router.post("/zaken/{case_id}/schuldeisers/nieuw")
async def new_creditor(request: Request, case_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> str:
        creditor = create_creditor(session, actor, parsed(CreditorIn, data))
        return f"/zaken/{case.id}/schulden/nieuw?schuldeiser={creditor.id}"

    return await submit_form(request, case_id, NEW_CREDITOR, save)


@router.get("/zaken/{case_id}/schulden/{debt_id}/reactie")
def response_form(request: Request, case_id: uuid.UUID, debt_id: uuid.UUID) -> Response:
    def values(session: Session, actor: Actor, case: Case) -> dict[str, str]:
        _debt(session, actor, case, debt_id)
        return {}

    return open_form(request, case_id, RESPONSE, values)


@router.post("/zaken/{case_id}/schulden/{debt_id}/reactie")
async def record_response(request: Request, case_id: uuid.UUID, debt_id: uuid.UUID) -> Response:
    def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
        debt = _debt(session, actor, case, debt_id)
        if data.get("kind") == "heroverweging":
            request_reconsideration(session, actor, case.id, debt.creditor_id)
            return
        answer = {
            **data,
            "creditorId": str(debt.creditor_id),
            "creditorReference": debt.creditor_reference,
        }
        # the same path as the REST API: the last outstanding answer moves the process on
        receive_creditor_response(session, actor, case.id, parsed(CreditorResponseIn, answer))

    return await submit_form(request, case_id, RESPONSE, save)
