"""Archivist pages: cases due for destruction, destruction lists with their review flow
(propose, review, archivist approval), and the verklaring van vernietiging."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.web.auth_routes import checked_form, csrf_refused
from api.web.rendering import (
    forbidden,
    not_found,
    redirect,
    render,
    require_user,
    secure,
    tenant_tx,
)
from api.web.sessions import WebUser
from engine.errors import AkkoordError, NotFound
from engine.identity.actor import Actor
from retention import lists as destruction
from retention import report
from retention.service import due_cases

router = APIRouter(include_in_schema=False)
ARCHIVE_ROLES = {"archivaris", "teamleider"}
STATUS_LABELS = {
    "new": "nieuw",
    "ready_to_review": "wacht op beoordeling",
    "changes_requested": "wijzigingen gevraagd",
    "internally_reviewed": "intern beoordeeld",
    "ready_for_archivist": "wacht op archivaris",
    "ready_to_delete": "vernietiging gepland",
    "deleting": "wordt vernietigd",
    "deleted": "vernietigd",
    "failed": "mislukt",
}


def _archivist(request: Request) -> WebUser | None:
    web_user = require_user(request)
    return web_user if ARCHIVE_ROLES & {str(r) for r in web_user.actor.roles} else None


def _refused(request: Request) -> Response:
    return forbidden(request, "Het archief is voor archivarissen en teamleiders.")


@router.get("/archief")
def archive(request: Request) -> Response:
    web_user = _archivist(request)
    if web_user is None:
        return _refused(request)
    with tenant_tx(request, web_user) as session:
        due = due_cases(session, web_user.tenant_id, limit=200)
        lists = destruction.list_lists(session, limit=50)
    context = {"due": due, "lists": lists, "labels": STATUS_LABELS, "errors": {}}
    return render(request, "archive.html", context)


@router.get("/archief/lijsten/{list_id}")
def destruction_list(request: Request, list_id: uuid.UUID) -> Response:
    web_user = _archivist(request)
    if web_user is None:
        return _refused(request)
    with tenant_tx(request, web_user) as session:
        try:
            dlist = destruction.get_list(session, list_id)
        except NotFound:
            return not_found(request)
        context = {
            "dlist": dlist,
            "items": destruction.list_items(session, dlist.id),
            "reviews": destruction.list_reviews(session, dlist.id),
            "counts": destruction.count_items(session, dlist.id),
            "labels": STATUS_LABELS,
            "message": request.query_params.get("melding", ""),
        }
    return render(request, "destruction_list.html", context)


def _create(session: Session, actor: Actor, form: dict[str, Any]) -> uuid.UUID:
    dlist = destruction.create_list(session, actor, name=str(form.get("name", "")))
    return dlist.id


@router.post("/archief/lijsten")
async def create(request: Request) -> Response:
    web_user = _archivist(request)
    if web_user is None:
        return _refused(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    try:
        with tenant_tx(request, web_user) as session:
            list_id = _create(session, web_user.actor, form)
    except AkkoordError as error:
        return _failed(request, error)
    return redirect(request, f"/archief/lijsten/{list_id}")


def _action(name: str, form: dict[str, Any]) -> Callable[[Session, Actor, Any], object] | None:
    comment = str(form.get("comment", ""))
    actions: dict[str, Callable[[Session, Actor, Any], object]] = {
        "indienen": destruction.submit_for_review,
        "goedkeuren": lambda s, a, d: destruction.review(s, a, d, accept=True, comment=comment),
        "afkeuren": lambda s, a, d: destruction.review(s, a, d, accept=False, comment=comment),
        "naar-archivaris": destruction.submit_to_archivist,
        "vaststellen": lambda s, a, d: destruction.approve(s, a, d, accept=True, comment=comment),
        "terugsturen": lambda s, a, d: destruction.approve(s, a, d, accept=False, comment=comment),
    }
    return actions.get(name)


@router.post("/archief/lijsten/{list_id}/{action}")
async def act(request: Request, list_id: uuid.UUID, action: str) -> Response:
    web_user = _archivist(request)
    if web_user is None:
        return _refused(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    step = _action(action, form)
    if step is None:
        return not_found(request)
    try:
        with tenant_tx(request, web_user) as session:
            step(session, web_user.actor, destruction.get_list(session, list_id))
    except NotFound:
        return not_found(request)
    except AkkoordError as error:
        return _failed(request, error)
    return redirect(request, f"/archief/lijsten/{list_id}?melding=1")


@router.get("/archief/lijsten/{list_id}/verklaring.{fmt}")
def verklaring(request: Request, list_id: uuid.UUID, fmt: str) -> Response:
    web_user = _archivist(request)
    if web_user is None:
        return _refused(request)
    try:
        with tenant_tx(request, web_user) as session:
            content, media_type = report.render_verklaring(session, list_id, fmt)
    except NotFound:
        return not_found(request)
    except AkkoordError as error:
        return _failed(request, error)
    headers = {"Content-Disposition": f'attachment; filename="verklaring-{list_id}.{fmt}"'}
    return secure(request, Response(content, media_type=media_type, headers=headers))


def _failed(request: Request, error: AkkoordError) -> Response:
    message = f"Dat kon niet: {error}. Controleer de status van de lijst en probeer het opnieuw."
    return render(
        request, "error.html", {"title": "Actie niet uitgevoerd", "message": message}, 409
    )
