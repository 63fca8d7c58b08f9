"""How a case file form goes: open it (case of this tenant, a role that may edit), post it
(CSRF, one transaction through the case file services), and on refusal show it again with
the errors at the fields; nothing is stored then, as the transaction rolls back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.web.auth_routes import checked_form, csrf_refused
from api.web.casefile_forms import FormInvalid, labels, payload, service_errors, with_values
from api.web.forms import FormField
from api.web.rendering import forbidden, not_found, redirect, render, require_user, tenant_tx
from casefiles.service_common import WRITERS
from casefiles.service_edits import editable_case_file
from engine.cases.models import Case
from engine.cases.service import get_case
from engine.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role

NO_ROLE = "U heeft niet de rol die nodig is om het dossier te wijzigen."
REFUSALS = (NotFound, PermissionDenied, Conflict)
FieldsOf = Callable[[Session, Actor, Case], list[FormField]]
ValuesOf = Callable[[Session, Actor, Case], dict[str, str]]
# Stores the posted form; returns where to go next (None: back to the case page).
Save = Callable[[Session, Actor, Case, dict[str, Any]], str | None]


@dataclass(frozen=True)
class EditForm:
    title: str
    submit: str
    section: str  # the case page section to return to
    fields: FieldsOf
    roles: tuple[Role, ...] = WRITERS
    rename: tuple[tuple[str, str], ...] = ()  # service field name -> form field name
    aside: tuple[str, str] | None = None  # (path below the case, link text) shown with the form


def case_page_url(case_id: uuid.UUID, section: str) -> str:
    return f"/zaken/{case_id}?opgeslagen=1#{section}"


def open_form(request: Request, case_id: uuid.UUID, form: EditForm, values: ValuesOf) -> Response:
    web_user = require_user(request)
    try:
        with tenant_tx(request, web_user) as session:
            case = _editable_case(session, web_user.actor, case_id, form)
            fields = with_values(
                form.fields(session, web_user.actor, case), values(session, web_user.actor, case)
            )
    except REFUSALS as refused:
        return _refused(request, refused)
    return _render(request, case, form, fields, {}, 200)


async def submit_form(request: Request, case_id: uuid.UUID, form: EditForm, save: Save) -> Response:
    web_user = require_user(request)
    posted = await checked_form(request)
    if posted is None:
        return csrf_refused(request)
    values = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    actor = web_user.actor
    try:
        with tenant_tx(request, web_user) as session:
            case = _editable_case(session, actor, case_id, form)
            fields = form.fields(session, actor, case)
            target = save(session, actor, case, payload(fields, values))
        return redirect(request, target or case_page_url(case_id, form.section))
    except REFUSALS as refused:
        return _refused(request, refused)
    except FormInvalid as invalid:
        errors = invalid.errors
    except ValidationFailed as failure:
        errors = service_errors(failure, dict(form.rename))
    with tenant_tx(request, web_user) as session:
        case = get_case(session, case_id)
        fields = with_values(form.fields(session, actor, case), values)
    return _render(request, case, form, fields, errors, 400)


async def remove(
    request: Request, case_id: uuid.UUID, section: str, action: Callable[[Session, Actor], None]
) -> Response:
    """A remove button on the case page: CSRF checked, done through the service."""
    web_user = require_user(request)
    if await checked_form(request) is None:
        return csrf_refused(request)
    try:
        with tenant_tx(request, web_user) as session:
            get_case(session, case_id)
            action(session, web_user.actor)
    except REFUSALS as refused:
        return _refused(request, refused)
    return redirect(request, case_page_url(case_id, section))


def _editable_case(session: Session, actor: Actor, case_id: uuid.UUID, form: EditForm) -> Case:
    # first the case: another tenant's case is not found, whatever the role
    case = get_case(session, case_id)
    editable_case_file(session, actor, case.id, form.roles)
    return case


def _refused(request: Request, refused: NotFound | PermissionDenied | Conflict) -> Response:
    """Not this tenant's case (or row), not the role for it, or not in this state of the
    case (it was closed): the page says which, and nothing was stored."""
    if isinstance(refused, NotFound):
        return not_found(request)
    if isinstance(refused, PermissionDenied):
        return forbidden(request, NO_ROLE)
    context = {"title": "Wijziging niet mogelijk", "message": str(refused)}
    return render(request, "error.html", context, status=409)


def _render(
    request: Request,
    case: Case,
    form: EditForm,
    fields: list[FormField],
    errors: dict[str, list[str]],
    status: int,
) -> Response:
    context = {
        "case": case,
        "form": form,
        "fields": fields,
        "errors": errors,
        "labels": labels(fields),
        "action": request.url.path,
    }
    return render(request, "casefile_form.html", context, status=status)
