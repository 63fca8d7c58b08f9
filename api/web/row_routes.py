"""The routes of one kind of case file row edited on the case page (persons, incomes,
expenses, debts): a form to add a row, a form to correct one, and a remove button where
the row may be removed. Every kind has the same URLs below its path:
``nieuw`` (GET, POST), ``{row_id}`` (GET, POST) and ``{row_id}/verwijderen`` (POST)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.web.editing import EditForm, Save, open_form, remove, submit_form
from engine.cases.models import Case
from engine.errors import NotFound
from engine.identity.actor import Actor

# Stores a correction of row ``row_id`` from the posted form.
Update = Callable[[Session, Actor, Case, uuid.UUID, dict[str, Any]], None]
# The current values of row ``row_id`` as the form shows them; NotFound when not in the case.
RowValues = Callable[[Session, Actor, Case, uuid.UUID], dict[str, str]]
Remove = Callable[[Session, Actor, uuid.UUID, uuid.UUID], None]
# The values a new form starts with, from the query string.
Initial = Callable[[Request], dict[str, str]]


class HasId(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


Row = TypeVar("Row", bound=HasId)


def no_initial_values(_: Request) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class RowForms:
    path: str  # below /zaken/{case_id}/
    new: EditForm
    edit: EditForm
    add: Save
    update: Update
    values: RowValues
    remove: Remove | None = None
    initial: Initial = no_initial_values


def row_in_case(rows: Iterable[Row], row_id: uuid.UUID, what: str) -> Row:
    """The row with ``row_id`` among the case's rows (read through its service)."""
    found = next((row for row in rows if row.id == row_id), None)
    if found is None:
        raise NotFound(f"no {what} {row_id} in this case")
    return found


def add_row_routes(router: APIRouter, rows: RowForms) -> None:
    base = f"/zaken/{{case_id}}/{rows.path}"

    def new_form(request: Request, case_id: uuid.UUID) -> Response:
        initial = rows.initial(request)
        return open_form(request, case_id, rows.new, lambda *_: initial)

    async def add(request: Request, case_id: uuid.UUID) -> Response:
        return await submit_form(request, case_id, rows.new, rows.add)

    def edit_form(request: Request, case_id: uuid.UUID, row_id: uuid.UUID) -> Response:
        def values(session: Session, actor: Actor, case: Case) -> dict[str, str]:
            return rows.values(session, actor, case, row_id)

        return open_form(request, case_id, rows.edit, values)

    async def correct(request: Request, case_id: uuid.UUID, row_id: uuid.UUID) -> Response:
        def save(session: Session, actor: Actor, case: Case, data: dict[str, Any]) -> None:
            rows.update(session, actor, case, row_id, data)

        return await submit_form(request, case_id, rows.edit, save)

    router.add_api_route(f"{base}/nieuw", new_form, methods=["GET"])
    router.add_api_route(f"{base}/nieuw", add, methods=["POST"])
    router.add_api_route(f"{base}/{{row_id}}", edit_form, methods=["GET"])
    router.add_api_route(f"{base}/{{row_id}}", correct, methods=["POST"])
    if rows.remove is not None:
        router.add_api_route(
            f"{base}/{{row_id}}/verwijderen",
            _remove_route(rows.remove, rows.edit),
            methods=["POST"],
        )


def _remove_route(action: Remove, form: EditForm) -> Callable[..., Any]:
    async def remove_row(request: Request, case_id: uuid.UUID, row_id: uuid.UUID) -> Response:
        def done(session: Session, actor: Actor) -> None:
            action(session, actor, case_id, row_id)

        return await remove(request, case_id, form.section, done)

    return remove_row
