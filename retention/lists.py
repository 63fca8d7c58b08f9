"""Destruction lists after Open Archiefbeheer: the author proposes, reviewers accept or
request changes, the archivist approves. Author, reviewer and archivist of one list are
always different people (four-eyes).

Statuses: new -> ready_to_review -> (changes_requested <-> author) -> internally_reviewed
-> ready_for_archivist -> ready_to_delete -> deleted (or failed, retried).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import clock
from engine.audit import record
from engine.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role
from retention.checks import check_destroyable
from retention.models import DestructionList, DestructionListItem, DestructionReview
from retention.service import (
    due_cases,
    override_archive,
    retention_settings,
)

DEFAULT_WAITING_DAYS = 7


def get_list(session: Session, list_id: uuid.UUID | str) -> DestructionList:
    try:
        key = list_id if isinstance(list_id, uuid.UUID) else uuid.UUID(str(list_id))
    except ValueError:
        raise NotFound(f"no destruction list {list_id}") from None
    found = session.scalars(select(DestructionList).where(DestructionList.id == key)).first()
    if found is None:
        raise NotFound(f"no destruction list {list_id}")
    return found


def list_lists(
    session: Session, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[DestructionList]:
    query = select(DestructionList).order_by(DestructionList.created_at.desc())
    if status:
        query = query.where(DestructionList.status == status)
    return list(session.scalars(query.limit(limit).offset(offset)))


def list_items(
    session: Session,
    list_id: uuid.UUID,
    *,
    include_removed: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[DestructionListItem]:
    query = (
        select(DestructionListItem)
        .where(DestructionListItem.list_id == list_id)
        .order_by(DestructionListItem.reference)
    )
    if not include_removed:
        query = query.where(DestructionListItem.status == "suggested")
    if limit:
        query = query.limit(limit).offset(offset)
    return list(session.scalars(query))


def list_reviews(session: Session, list_id: uuid.UUID) -> list[DestructionReview]:
    return list(
        session.scalars(
            select(DestructionReview)
            .where(DestructionReview.list_id == list_id)
            .order_by(DestructionReview.created_at)
        )
    )


def count_items(session: Session, list_id: uuid.UUID) -> dict[str, int]:
    rows = session.execute(
        select(DestructionListItem.status, DestructionListItem.execution, func.count())
        .where(DestructionListItem.list_id == list_id)
        .group_by(DestructionListItem.status, DestructionListItem.execution)
    ).all()
    counts: dict[str, int] = {}
    for status, execution, n in rows:
        key = status if status == "removed" else execution
        counts[key] = counts.get(key, 0) + n
    return counts


def create_list(
    session: Session,
    actor: Actor,
    *,
    name: str,
    case_ids: list[uuid.UUID] | None = None,
    process_key: str | None = None,
    selectielijstklasse: str | None = None,
    due_on: date | None = None,
    limit: int | None = None,
    submit: bool = False,
) -> DestructionList:
    """Propose a list from all due cases (or the given/filtered ones) — status ``new``."""
    actor.require(Role.ARCHIVARIS)
    if not name.strip():
        raise ValidationFailed("give the list a name", [FieldError("name", "required")])
    due = due_cases(
        session,
        actor.tenant_id,
        on=due_on,
        process_key=process_key,
        selectielijstklasse=selectielijstklasse,
        limit=None if case_ids else limit,
    )
    if case_ids is not None:
        by_id = {c.id: (a, c) for a, c in due}
        missing = [str(i) for i in case_ids if i not in by_id]
        if missing:
            raise Conflict(
                "not due for destruction (date empty or in the future, held, "
                "open, or already on a list): " + ", ".join(missing[:20])
            )
        due = [by_id[i] for i in case_ids]
    if not due:
        raise Conflict("no cases are due for destruction with these filters")
    dlist = DestructionList(
        tenant_id=actor.tenant_id, name=name.strip(), author_id=actor.id, author_name=actor.name
    )
    session.add(dlist)
    session.flush()
    session.add_all(
        DestructionListItem(
            tenant_id=actor.tenant_id,
            list_id=dlist.id,
            case_id=case.id,
            reference=case.reference,
            process_key=case.process_key,
            result=archive.result,
            selectielijstklasse=archive.selectielijstklasse,
            archiefactiedatum=archive.archiefactiedatum,
        )
        for archive, case in due
    )
    session.flush()
    record(
        session,
        actor,
        "retention.list_created",
        "destruction_list",
        dlist.id,
        after={"name": dlist.name, "cases": len(due)},
    )
    if submit:
        submit_for_review(session, actor, dlist)
    return dlist


def _require_author(actor: Actor, dlist: DestructionList) -> None:
    actor.require(Role.ARCHIVARIS)
    if actor.id != dlist.author_id:
        raise PermissionDenied(f"only the author ({dlist.author_name}) may change this list")


def _require_status(dlist: DestructionList, *statuses: str) -> None:
    if dlist.status not in statuses:
        raise Conflict(
            f"list {dlist.name!r} is {dlist.status}; this needs " + " or ".join(statuses)
        )


def _set_status(
    session: Session, actor: Actor, dlist: DestructionList, status: str, **extra: Any
) -> None:
    before = dlist.status
    dlist.status, dlist.status_changed_at = status, clock.now()
    session.flush()
    record(
        session,
        actor,
        "retention.list_status",
        "destruction_list",
        dlist.id,
        before={"status": before},
        after={"status": status, **extra},
    )


def submit_for_review(session: Session, actor: Actor, dlist: DestructionList) -> None:
    _require_author(actor, dlist)
    _require_status(dlist, "new", "changes_requested")
    if not list_items(session, dlist.id, include_removed=False):
        raise Conflict("the list has no cases left to destroy")
    _set_status(session, actor, dlist, "ready_to_review")


def remove_item(
    session: Session,
    actor: Actor,
    dlist: DestructionList,
    case_id: uuid.UUID,
    *,
    reason: str,
    archiefactiedatum: date | None = None,
    selectielijstklasse: str | None = None,
) -> DestructionListItem:
    """The author takes a case off the list; its category or date changes with it."""
    _require_author(actor, dlist)
    _require_status(dlist, "new", "changes_requested")
    if not reason.strip():
        raise ValidationFailed("say why the case is removed", [FieldError("reason", "required")])
    if archiefactiedatum is None and selectielijstklasse is None:
        raise ValidationFailed(
            "removing a case changes its archive date or selectielijst class",
            [FieldError("archiefactiedatum", "give a new date or class")],
        )
    item = session.scalars(
        select(DestructionListItem).where(
            DestructionListItem.list_id == dlist.id, DestructionListItem.case_id == case_id
        )
    ).first()
    if item is None or item.status == "removed":
        raise NotFound(f"case {case_id} is not on list {dlist.name!r}")
    override_archive(
        session,
        actor,
        case_id,
        archiefactiedatum=archiefactiedatum,
        selectielijstklasse=selectielijstklasse,
        reason=reason,
    )
    item.status, item.removed_reason = "removed", reason
    session.flush()
    record(
        session,
        actor,
        "retention.item_removed",
        "destruction_list",
        dlist.id,
        case_id=case_id,
        after={"reason": reason},
    )
    return item


def review(
    session: Session,
    actor: Actor,
    dlist: DestructionList,
    *,
    accept: bool,
    comment: str = "",
    item_feedback: dict[str, str] | None = None,
) -> DestructionReview:
    """A reviewer (not the author) accepts the list or requests changes per item."""
    actor.require(Role.ARCHIVARIS, Role.TEAMLEIDER)
    _require_status(dlist, "ready_to_review")
    if actor.id == dlist.author_id:
        raise PermissionDenied("you cannot review a list you proposed (four-eyes principle)")
    feedback = {str(k): v for k, v in (item_feedback or {}).items()}
    if not accept and not (comment.strip() or any(v.strip() for v in feedback.values())):
        raise ValidationFailed(
            "say which changes you want",
            [FieldError("comment", "required when requesting changes")],
        )
    if feedback:
        known = {str(i.case_id) for i in list_items(session, dlist.id, include_removed=False)}
        unknown = sorted(set(feedback) - known)
        if unknown:
            raise ValidationFailed(
                "feedback names cases not on the list",
                [FieldError("itemFeedback", k) for k in unknown],
            )
    decision = "accepted" if accept else "changes_requested"
    row = DestructionReview(
        tenant_id=actor.tenant_id,
        list_id=dlist.id,
        stage="reviewer",
        reviewer_id=actor.id,
        reviewer_name=actor.name,
        decision=decision,
        comment=comment,
        item_feedback=feedback,
    )
    session.add(row)
    _set_status(
        session,
        actor,
        dlist,
        "internally_reviewed" if accept else "changes_requested",
        comment=comment,
    )
    return row


def submit_to_archivist(session: Session, actor: Actor, dlist: DestructionList) -> None:
    _require_author(actor, dlist)
    _require_status(dlist, "internally_reviewed")
    _set_status(session, actor, dlist, "ready_for_archivist")


def approve(
    session: Session,
    actor: Actor,
    dlist: DestructionList,
    *,
    accept: bool = True,
    comment: str = "",
) -> DestructionReview:
    """The archivist (neither author nor reviewer) approves: destruction is planned."""
    actor.require(Role.ARCHIVARIS)
    _require_status(dlist, "ready_for_archivist")
    reviewers = {r.reviewer_id for r in list_reviews(session, dlist.id) if r.stage == "reviewer"}
    if actor.id == dlist.author_id:
        raise PermissionDenied("you cannot approve a list you proposed (four-eyes principle)")
    if actor.id in reviewers:
        raise PermissionDenied("you reviewed this list; another archivist must approve it")
    if not accept and not comment.strip():
        raise ValidationFailed("say which changes you want", [FieldError("comment", "required")])
    if accept:
        check_destroyable(session, dlist)
    row = DestructionReview(
        tenant_id=actor.tenant_id,
        list_id=dlist.id,
        stage="archivist",
        reviewer_id=actor.id,
        reviewer_name=actor.name,
        decision="accepted" if accept else "changes_requested",
        comment=comment,
        item_feedback={},
    )
    session.add(row)
    if not accept:
        _set_status(session, actor, dlist, "changes_requested", comment=comment)
        return row
    days = int(
        retention_settings(session, actor.tenant_id).get("waiting_days", DEFAULT_WAITING_DAYS)
    )
    dlist.archivist_id, dlist.archivist_name = actor.id, actor.name
    dlist.approved_at = clock.now()
    dlist.planned_destruction_at = dlist.approved_at + timedelta(days=days)
    _set_status(
        session, actor, dlist, "ready_to_delete", planned=dlist.planned_destruction_at.isoformat()
    )
    return row
