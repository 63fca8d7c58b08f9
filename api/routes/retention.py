"""Destruction lists: propose, review, approve, and the verklaring van vernietiging."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import Field

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel, Limit, Offset, parse_id
from engine.identity.actor import Actor
from engine.identity.roles import Role
from retention import lists
from retention.models import DestructionList
from retention.report import render_verklaring

router = APIRouter(tags=["destruction-lists"], responses=PROBLEM_RESPONSES)
READERS = (Role.ARCHIVARIS, Role.TEAMLEIDER, Role.AUDITOR)


class CreateList(CamelModel):
    name: str = Field(min_length=1, max_length=200)
    case_ids: list[uuid.UUID] | None = Field(default=None, description="Only these due cases")
    process_key: str | None = None
    selectielijstklasse: str | None = Field(default=None, description="e.g. 8.4.1")
    limit: int | None = Field(default=None, ge=1, le=100_000)
    submit: bool = Field(default=True, description="Send to review at once")


class ListOut(CamelModel):
    id: uuid.UUID
    name: str
    status: str
    author_name: str
    archivist_name: str | None
    created_at: datetime
    approved_at: datetime | None
    planned_destruction_at: datetime | None
    executed_at: datetime | None
    error: str | None
    counts: dict[str, int] = Field(default_factory=dict)


class ListPage(CamelModel):
    results: list[ListOut]
    limit: int
    offset: int


class ItemOut(CamelModel):
    case_id: uuid.UUID
    reference: str
    process_key: str
    result: str | None
    selectielijstklasse: str | None
    archiefactiedatum: date | None
    status: str
    removed_reason: str | None
    execution: str
    error: str | None
    destroyed_at: datetime | None


class ItemPage(CamelModel):
    results: list[ItemOut]
    limit: int
    offset: int


class ReviewIn(CamelModel):
    decision: Literal["accepted", "changes_requested"]
    comment: str = Field(default="", max_length=4000)
    item_feedback: dict[str, str] = Field(
        default_factory=dict, description="case id -> reason (changes requested)"
    )


class ReviewOut(CamelModel):
    id: uuid.UUID
    stage: str
    reviewer_name: str
    decision: str
    comment: str
    item_feedback: dict[str, str]
    created_at: datetime


class RemoveItem(CamelModel):
    reason: str = Field(min_length=1, max_length=4000)
    archiefactiedatum: date | None = None
    selectielijstklasse: str | None = None


def _out(session: SessionDep, dlist: DestructionList) -> ListOut:
    out = ListOut.model_validate(dlist)
    out.counts = lists.count_items(session, dlist.id)
    return out


def _read(actor: Actor) -> None:
    actor.require(*READERS)


@router.post("/destruction-lists", status_code=201, summary="Propose a destruction list")
def create_list(body: CreateList, session: SessionDep, actor: ActorDep) -> ListOut:
    dlist = lists.create_list(
        session,
        actor,
        name=body.name,
        case_ids=body.case_ids,
        process_key=body.process_key,
        limit=body.limit,
        selectielijstklasse=body.selectielijstklasse,
        submit=body.submit,
    )
    return _out(session, dlist)


@router.get("/destruction-lists", summary="Destruction lists, newest first")
def get_lists(
    session: SessionDep,
    actor: ActorDep,
    status: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ListPage:
    _read(actor)
    found = lists.list_lists(session, status=status, limit=limit, offset=offset)
    return ListPage(results=[_out(session, d) for d in found], limit=limit, offset=offset)


@router.get("/destruction-lists/{list_id}", summary="One destruction list")
def get_list(list_id: str, session: SessionDep, actor: ActorDep) -> ListOut:
    _read(actor)
    return _out(session, lists.get_list(session, parse_id(list_id, "destruction list")))


@router.get("/destruction-lists/{list_id}/items", summary="The cases on a list")
def get_items(
    list_id: str, session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0
) -> ItemPage:
    _read(actor)
    dlist = lists.get_list(session, parse_id(list_id, "destruction list"))
    items = lists.list_items(session, dlist.id, limit=limit, offset=offset)
    return ItemPage(results=[ItemOut.model_validate(i) for i in items], limit=limit, offset=offset)


@router.post(
    "/destruction-lists/{list_id}/items/{case_id}/removal",
    summary="(Author) take a case off the list with a new date or class",
)
def remove_item(
    list_id: str, case_id: str, body: RemoveItem, session: SessionDep, actor: ActorDep
) -> ItemOut:
    dlist = lists.get_list(session, parse_id(list_id, "destruction list"))
    item = lists.remove_item(
        session,
        actor,
        dlist,
        parse_id(case_id, "case"),
        reason=body.reason,
        archiefactiedatum=body.archiefactiedatum,
        selectielijstklasse=body.selectielijstklasse,
    )
    return ItemOut.model_validate(item)


@router.post(
    "/destruction-lists/{list_id}/submission",
    summary="(Author) send the list to review, or on to the archivist once reviewed",
)
def submit(list_id: str, session: SessionDep, actor: ActorDep) -> ListOut:
    dlist = lists.get_list(session, parse_id(list_id, "destruction list"))
    if dlist.status == "internally_reviewed":
        lists.submit_to_archivist(session, actor, dlist)
    else:
        lists.submit_for_review(session, actor, dlist)
    return _out(session, dlist)


@router.post(
    "/destruction-lists/{list_id}/reviews",
    status_code=201,
    summary="(Reviewer) accept the list or request changes per case",
)
def review(list_id: str, body: ReviewIn, session: SessionDep, actor: ActorDep) -> ReviewOut:
    dlist = lists.get_list(session, parse_id(list_id, "destruction list"))
    row = lists.review(
        session,
        actor,
        dlist,
        accept=body.decision == "accepted",
        comment=body.comment,
        item_feedback=body.item_feedback,
    )
    return ReviewOut.model_validate(row)


@router.get("/destruction-lists/{list_id}/reviews", summary="Reviews and approvals of a list")
def get_reviews(list_id: str, session: SessionDep, actor: ActorDep) -> list[ReviewOut]:
    _read(actor)
    dlist = lists.get_list(session, parse_id(list_id, "destruction list"))
    return [ReviewOut.model_validate(r) for r in lists.list_reviews(session, dlist.id)]


@router.post(
    "/destruction-lists/{list_id}/approval",
    status_code=201,
    summary="(Archivist) approve the list, or send it back",
)
def approve(list_id: str, body: ReviewIn, session: SessionDep, actor: ActorDep) -> ReviewOut:
    dlist = lists.get_list(session, parse_id(list_id, "destruction list"))
    row = lists.approve(
        session, actor, dlist, accept=body.decision == "accepted", comment=body.comment
    )
    return ReviewOut.model_validate(row)


@router.get(
    "/destruction-lists/{list_id}/report",
    summary="Verklaring van vernietiging (format=pdf, csv or xlsx)",
    response_class=Response,
)
def report(
    list_id: str,
    session: SessionDep,
    actor: ActorDep,
    format: Literal["pdf", "csv", "xlsx"] = "pdf",
) -> Response:
    _read(actor)
    content, media = render_verklaring(session, parse_id(list_id, "destruction list"), format)
    filename = f"verklaring-van-vernietiging-{list_id}.{format}"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
