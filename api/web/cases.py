"""Case pages: search, the case page, its diagram, document download, new melding."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.web.auth_routes import checked_form, csrf_refused
from api.web.casefile_forms import pydantic_errors, service_errors
from api.web.labels import DEBT_STATUSES, EXPENSE_KINDS, INCOME_KINDS, PERSON_ROLES
from api.web.rendering import not_found, redirect, render, require_user, secure, tenant_tx
from api.web.sessions import WebUser
from casefiles import case_view
from casefiles import service as casefile_service
from casefiles.case_search import search_cases
from casefiles.models import Person
from casefiles.schemas import MeldingIn
from casefiles.service_common import NEGOTIATORS, WRITERS, today
from engine.cases import service as case_service
from engine.cases.models import Case
from engine.errors import NotFound, PermissionDenied, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role
from engine.process import runtime
from engine.process.models import ProcessDefinition, ProcessInstance

router = APIRouter(include_in_schema=False)
MELDING_LABELS = {
    "meldingsdatum": "Meldingsdatum",
    "channel": "Kanaal",
    "crisis": "Crisis",
    "crisisReason": "Reden crisis",
    "lastName": "Achternaam",
    "initials": "Voorletters",
    "birthDate": "Geboortedatum",
    "bsn": "BSN",
    "postcode": "Postcode",
    "client": "Cliënt",
}


SEARCH_KEYS = ("naam", "zaaknummer", "geboortedatum", "bsn")
DOCUMENTS_SHOWN = 50  # the rest of a long-running case's letters stays in the REST API


@router.get("/zaken")
def search(request: Request) -> Response:
    web_user = require_user(request)
    # a BSN never travels in a URL (it would end up in logs and history): only by POST
    wanted = {k: request.query_params.get(k, "") for k in SEARCH_KEYS if k != "bsn"}
    return _search(request, web_user, wanted)


@router.post("/zaken")
async def search_posted(request: Request) -> Response:
    web_user = require_user(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    return _search(request, web_user, {k: str(form.get(k, "")) for k in SEARCH_KEYS})


def _search(request: Request, web_user: WebUser, wanted: dict[str, str]) -> Response:
    name, number, birth, bsn = (wanted.get(k, "").strip() for k in SEARCH_KEYS)
    rows: list[tuple[Case, Person | None]] = []
    error = ""
    birth_date: date | None = None
    try:
        birth_date = date.fromisoformat(birth) if birth else None
    except ValueError:
        error = "Vul de geboortedatum in als jjjj-mm-dd, bijvoorbeeld 1980-04-23."
    searched = any((name, number, birth, bsn))
    if searched and not error:
        with tenant_tx(request, web_user) as session:
            rows = search_cases(session, name=name, number=number, birth_date=birth_date, bsn=bsn)
    return render(
        request,
        "search.html",
        {
            "rows": rows,
            "q": {"naam": name, "zaaknummer": number, "geboortedatum": birth, "bsn": bsn},
            "error": error,
            "searched": searched,
        },
        status=400 if error else 200,
    )


def _case_context(request: Request, case_id: uuid.UUID, older_than: int | None) -> dict[str, Any]:
    web_user = require_user(request)
    actor = web_user.actor
    with tenant_tx(request, web_user) as session:
        view = case_view.read_case_view(session, actor, case_id)
        context: dict[str, Any] = {
            "case": view.case,
            "tasks": runtime.list_tasks(session, case_id=case_id),
            "active": " ".join(_active_elements(session, case_id)),
            "timeline": case_view.case_timeline(session, case_id, older_than=older_than),
            "casefile": view.file.case_file if view.file else None,
        }
        context["documents"], context["more_documents"] = _documents(session, actor, case_id)
    if view.file is not None:
        context.update(_case_file_context(actor, view.file, is_open=view.case.status == "open"))
    return context


def _case_file_context(
    actor: Actor, file: case_view.CaseFileView, *, is_open: bool
) -> dict[str, Any]:
    """``can_edit``/``can_negotiate``: a closed case offers no change its service would refuse."""
    return {
        "household": file.household,
        "finance_rows": [
            *(
                ("Inkomen", i, i.source, INCOME_KINDS.get(i.kind, i.kind), "inkomsten")
                for i in file.incomes
            ),
            *(
                ("Uitgave", e, e.description, EXPENSE_KINDS.get(e.kind, e.kind), "uitgaven")
                for e in file.expenses
            ),
        ],
        "negotiation": file.negotiation,
        "debts": file.debts,
        "deadlines": file.deadlines,
        "vtlb": file.vtlb,
        "can_edit": is_open and _holds_any(actor, WRITERS),
        "can_negotiate": is_open and _holds_any(actor, NEGOTIATORS),
        "person_roles": PERSON_ROLES,
        "debt_statuses": DEBT_STATUSES,
    }


def _holds_any(actor: Actor, roles: tuple[Role, ...]) -> bool:
    return any(actor.has_role(role) for role in roles)


def _active_elements(session: Session, case_id: uuid.UUID) -> list[str]:
    """The BPMN ids to highlight; none when the case runs no process."""
    try:
        return runtime.active_elements(session, case_id)
    except NotFound:
        return []


def _documents(session: Session, actor: Actor, case_id: uuid.UUID) -> tuple[list[Any], bool]:
    """The newest ``DOCUMENTS_SHOWN`` documents of the case, and whether there are more."""
    try:
        from documents import service as documents_service
    except ImportError:  # documents package not installed
        return [], False
    docs = documents_service.list_documents(session, actor, case_id, newest=DOCUMENTS_SHOWN + 1)
    more = len(docs) > DOCUMENTS_SHOWN
    return docs[1:] if more else docs, more


def _timeline_position(request: Request) -> int | None:
    """The ``tijdlijn_voor`` query parameter: the audit ``seq`` older entries are shown
    before; ValueError when it is not a positive whole number."""
    given = request.query_params.get("tijdlijn_voor")
    if given is None:
        return None
    if not given.isdigit() or int(given) < 1:
        raise ValueError(given)
    return int(given)


@router.get("/zaken/{case_id}")
def case_page(request: Request, case_id: uuid.UUID) -> Response:
    try:
        older_than = _timeline_position(request)
    except ValueError:
        message = "De tijdlijn kan niet vanaf die plaats worden getoond. Open de zaak opnieuw."
        return render(request, "error.html", {"title": "Onjuist adres", "message": message}, 400)
    try:
        context = _case_context(request, case_id, older_than)
    except (NotFound, PermissionDenied):
        return not_found(request)
    return render(request, "case.html", context)


@router.get("/zaken/{case_id}/diagram.bpmn")
def case_diagram(request: Request, case_id: uuid.UUID) -> Response:
    web_user = require_user(request)
    with tenant_tx(request, web_user) as session:
        try:
            case = case_service.get_case(session, case_id)
        except NotFound:
            return not_found(request)
        definition = session.scalars(
            select(ProcessDefinition)
            .join(ProcessInstance, ProcessInstance.definition_id == ProcessDefinition.id)
            .where(ProcessInstance.case_id == case.id)
            .order_by(ProcessInstance.created_at)
            .limit(1)
        ).first()
        if definition is None:
            return not_found(request)
        xml = _main_file(definition)
    return secure(request, Response(xml, media_type="application/xml"))


def _main_file(definition: ProcessDefinition) -> str:
    for name, text in sorted(definition.files.items()):
        if name.endswith(".bpmn") and f'id="{definition.key}"' in text:
            return text
    return next(t for n, t in definition.files.items() if n.endswith(".bpmn"))


@router.get("/documenten/{document_id}")
def download(request: Request, document_id: uuid.UUID) -> Response:
    web_user = require_user(request)
    from documents import service as documents_service

    with tenant_tx(request, web_user) as session:  # the read's audit entry follows the read
        try:
            doc = documents_service.get_document(session, web_user.actor, document_id)
            data = documents_service.read_content(session, web_user.actor, doc)
        except NotFound:
            return not_found(request)
        headers = {"Content-Disposition": f'attachment; filename="{doc.filename}"'}
        media_type = doc.media_type
    return secure(request, Response(data, media_type=media_type, headers=headers))


@router.get("/meldingen/nieuw")
def melding_form(request: Request) -> Response:
    require_user(request)
    values = {"meldingsdatum": today().isoformat(), "channel": "persoon"}
    return render(
        request, "melding.html", {"errors": {}, "values": values, "labels": MELDING_LABELS}
    )


@router.post("/meldingen/nieuw")
async def melding_register(request: Request) -> Response:
    web_user = require_user(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    errors: dict[str, list[str]] = {}
    client = {
        "lastName": values.get("lastName", "").strip(),
        "initials": values.get("initials", "").strip(),
        "prefix": values.get("prefix", "").strip(),
        "birthDate": values.get("birthDate") or None,
        "bsn": values.get("bsn", "").strip() or None,
        "street": values.get("street", "").strip(),
        "houseNumber": values.get("houseNumber", "").strip(),
        "postcode": values.get("postcode", "").strip(),
        "city": values.get("city", "").strip(),
    }
    payload = {
        "meldingsdatum": values.get("meldingsdatum") or None,
        "channel": values.get("channel") or None,
        "crisis": values.get("crisis") == "ja",
        "crisisReason": values.get("crisisReason", "").strip() or None,
        "client": client,
    }
    try:
        melding = MeldingIn.model_validate(payload)
        with tenant_tx(request, web_user) as session:
            cf = casefile_service.register_melding(session, web_user.actor, melding)
            case_id = cf.case_id
    except ValidationError as error:
        errors = pydantic_errors(error)
    except ValidationFailed as error:
        errors = service_errors(error)
    if errors:
        return render(
            request,
            "melding.html",
            {"errors": errors, "values": values, "labels": MELDING_LABELS},
            status=400,
        )
    return redirect(request, f"/zaken/{case_id}?geregistreerd=1")
