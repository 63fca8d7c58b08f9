"""Archive fields per case (computed on close, cleared on reopen), result-type mappings,
legal holds and the search for cases due for destruction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session

from engine import clock
from engine.audit import record
from engine.cases.models import Case
from engine.cases.service import get_case, on_case_closed, on_case_reopened
from engine.errors import FieldError, NotFound, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.models import Tenant
from engine.identity.roles import Role
from retention.archive_dates import (
    ArchiveDates,
    add_duration,
    as_date,
    compute_archive_dates,
    local_date,
)
from retention.models import CaseArchive, DestructionList, DestructionListItem, LegalHold
from retention.models import ResultTypeMapping as Mapping
from retention.selectielijst import get_category

ACTIVE_LIST_STATUSES = (
    "new",
    "ready_to_review",
    "changes_requested",
    "internally_reviewed",
    "ready_for_archivist",
    "ready_to_delete",
    "failed",
)


@dataclass(frozen=True)
class ResultRule:
    selectielijstklasse: str
    afleidingswijze: str = "afgehandeld"
    procestermijn: str | None = None
    datumkenmerk: str | None = None
    archiefactietermijn: str | None = None  # None: the category's bewaartermijn


# Defaults when a tenant has no mapping for a result: the debt-relief results (as the
# BPMN closes cases) and the selectielijst codes a DMN may output directly.
_DEBT_RELIEF = {
    "verstrekt": "8.1.9",
    "beeindigd": "8.3.5",
    "afgebroken": "8.4.1",
    "geweigerd": "8.2",
}
DEFAULT_RULES: dict[str, ResultRule] = {
    **{result: ResultRule(code) for result, code in _DEBT_RELIEF.items()},
    "beëindigd": ResultRule("8.3.5"),
    **{code: ResultRule(code) for code in _DEBT_RELIEF.values()},
}


def retention_settings(session: Session, tenant_id: int) -> dict[str, Any]:
    tenant = session.get(Tenant, tenant_id)
    settings = (tenant.settings or {}) if tenant else {}
    return dict(settings.get("retention") or {})


# --- result-type rules ----------------------------------------------------------------


def rule_for(session: Session, result: str | None) -> ResultRule | None:
    if not result:
        return None
    row = session.scalars(select(Mapping).where(Mapping.result == result)).first()
    if row is not None:
        return ResultRule(
            row.selectielijstklasse,
            row.afleidingswijze,
            row.procestermijn,
            row.datumkenmerk,
            row.archiefactietermijn,
        )
    return DEFAULT_RULES.get(result.strip().lower())


# --- archive fields --------------------------------------------------------------------


def get_archive(session: Session, case_id: uuid.UUID) -> CaseArchive | None:
    return session.get(CaseArchive, case_id)


def compute_for_case(session: Session, case: Case) -> CaseArchive:
    """(Re)compute the archive fields of a closed case from its result."""
    rule = rule_for(session, case.result)  # first: a new archive row is then inserted whole
    archive = session.get(CaseArchive, case.id)
    if archive is None:
        archive = CaseArchive(case_id=case.id, tenant_id=case.tenant_id, properties={})
        session.add(archive)
    archive.result = case.result
    archive.archiefstatus = "nog_te_archiveren"
    archive.updated_at = clock.now()
    if rule is None:
        _apply(
            archive,
            None,
            None,
            ArchiveDates(
                "", None, None, None, f"no selectielijst mapping for result {case.result!r}"
            ),
        )
        archive.archiefnominatie = None
        return archive
    category = get_category(rule.selectielijstklasse)
    dates = compute_archive_dates(
        archiefnominatie=category.archiefnominatie,
        archiefactietermijn=rule.archiefactietermijn or category.bewaartermijn,
        afleidingswijze=rule.afleidingswijze,
        closed_on=local_date(case.closed_at) if case.closed_at else None,
        procestermijn=rule.procestermijn,
        datumkenmerk=rule.datumkenmerk,
        properties=archive.properties,
    )
    _apply(archive, rule.selectielijstklasse, rule.afleidingswijze, dates)
    return archive


def _apply(
    archive: CaseArchive, klasse: str | None, afleidingswijze: str | None, dates: ArchiveDates
) -> None:
    archive.selectielijstklasse, archive.afleidingswijze = klasse, afleidingswijze
    archive.archiefnominatie = dates.archiefnominatie or None
    archive.archiefactietermijn = dates.archiefactietermijn
    archive.brondatum, archive.archiefactiedatum = dates.brondatum, dates.archiefactiedatum
    archive.date_reason = dates.reason


@on_case_closed
def archive_on_close(session: Session, actor: Actor, case: Case) -> None:
    archive = compute_for_case(session, case)
    session.flush()
    record(
        session,
        actor,
        "retention.archive_dates_set",
        "case",
        case.id,
        case_id=case.id,
        after=archive_fields(archive),
    )


@on_case_reopened
def clear_on_reopen(session: Session, actor: Actor, case: Case) -> None:
    archive = session.get(CaseArchive, case.id)
    if archive is None:
        return
    before = archive_fields(archive)
    _apply(archive, None, None, ArchiveDates("", None, None, None, "the case was reopened"))
    archive.result, archive.archiefstatus = None, "nog_te_archiveren"
    archive.updated_at = clock.now()
    session.flush()
    record(
        session,
        actor,
        "retention.archive_dates_cleared",
        "case",
        case.id,
        case_id=case.id,
        before=before,
    )


def set_case_date(
    session: Session, actor: Actor, case_id: uuid.UUID, name: str, value: date | None
) -> CaseArchive:
    """Set a named case date (eigenschap / ander_datumkenmerk) and recompute if closed."""
    actor.require(Role.ARCHIVARIS, Role.SCHULDHULPVERLENER, Role.TEAMLEIDER)
    case = get_case(session, case_id)
    archive = session.get(CaseArchive, case.id)
    if archive is None:
        archive = CaseArchive(case_id=case.id, tenant_id=case.tenant_id, properties={})
        session.add(archive)
    before = archive_fields(archive) if archive.archiefstatus else None
    archive.properties = {**(archive.properties or {}), name: value.isoformat() if value else None}
    if case.status == "closed":
        compute_for_case(session, case)
    session.flush()
    record(
        session,
        actor,
        "retention.case_date_set",
        "case",
        case.id,
        case_id=case.id,
        before=before,
        after={"name": name, "value": value, **archive_fields(archive)},
    )
    return archive


def override_archive(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    *,
    archiefactiedatum: date | None = None,
    selectielijstklasse: str | None = None,
    reason: str,
) -> CaseArchive:
    """An archivist changes a case's category or date by hand (with a reason)."""
    actor.require(Role.ARCHIVARIS)
    if not reason.strip():
        raise ValidationFailed("give a reason", [FieldError("reason", "required")])
    archive = session.get(CaseArchive, case_id)
    if archive is None:
        raise NotFound(f"case {case_id} has no archive fields (is it closed?)")
    before = archive_fields(archive)
    if selectielijstklasse:
        category = get_category(selectielijstklasse)
        archive.selectielijstklasse = category.number
        archive.archiefnominatie = category.archiefnominatie
        archive.archiefactietermijn = category.bewaartermijn
        if archiefactiedatum is None and archive.brondatum and category.bewaartermijn:
            archive.archiefactiedatum = add_duration(archive.brondatum, category.bewaartermijn)
    if archiefactiedatum is not None:
        archive.archiefactiedatum = archiefactiedatum
    archive.date_reason = None if archive.archiefactiedatum else archive.date_reason
    archive.updated_at = clock.now()
    session.flush()
    record(
        session,
        actor,
        "retention.archive_overridden",
        "case",
        case_id,
        case_id=case_id,
        based_on=reason[:200],
        before=before,
        after=archive_fields(archive),
    )
    return archive


def archive_fields(archive: CaseArchive) -> dict[str, Any]:
    return {
        "result": archive.result,
        "selectielijstklasse": archive.selectielijstklasse,
        "archiefnominatie": archive.archiefnominatie,
        "afleidingswijze": archive.afleidingswijze,
        "brondatum": archive.brondatum,
        "archiefactiedatum": archive.archiefactiedatum,
        "archiefstatus": archive.archiefstatus,
        "reason": archive.date_reason,
    }


# --- due cases -------------------------------------------------------------------------


def _due_conditions(tenant_id: int, on: date) -> list[Any]:
    held = exists().where(
        LegalHold.case_id == CaseArchive.case_id,
        LegalHold.tenant_id == tenant_id,
        LegalHold.released_at.is_(None),
    )
    listed = exists().where(
        DestructionListItem.case_id == CaseArchive.case_id,
        DestructionListItem.tenant_id == tenant_id,
        DestructionListItem.status == "suggested",
        DestructionList.id == DestructionListItem.list_id,
        DestructionList.status.in_(ACTIVE_LIST_STATUSES),
    )
    # archive dates are set only while a case is closed (cleared on reopen)
    return [
        CaseArchive.tenant_id == tenant_id,
        CaseArchive.archiefstatus == "nog_te_archiveren",
        CaseArchive.archiefnominatie == "vernietigen",
        CaseArchive.archiefactiedatum <= on,
        ~held,
        ~listed,
    ]


def due_query(
    tenant_id: int,
    *,
    on: date,
    process_key: str | None = None,
    selectielijstklasse: str | None = None,
) -> Select[CaseArchive, Case]:
    """Closed cases to destroy whose date passed, not held and not on an active list."""
    query = (
        select(CaseArchive, Case)
        .join(Case, and_(Case.id == CaseArchive.case_id, Case.tenant_id == tenant_id))
        .where(*_due_conditions(tenant_id, on), Case.status == "closed")
        .order_by(CaseArchive.archiefactiedatum, CaseArchive.case_id)
    )
    if process_key:
        query = query.where(Case.process_key == process_key)
    if selectielijstklasse:
        query = query.where(CaseArchive.selectielijstklasse == selectielijstklasse)
    return query


def due_ids_query(
    tenant_id: int, *, on: date, selectielijstklasse: str | None = None
) -> Select[uuid.UUID]:
    """Only the ids of the due cases (index-only on PostgreSQL): for counts and bulk work."""
    query = select(CaseArchive.case_id).where(*_due_conditions(tenant_id, on))
    if selectielijstklasse:
        query = query.where(CaseArchive.selectielijstklasse == selectielijstklasse)
    return query


def count_due(
    session: Session,
    tenant_id: int,
    *,
    on: date | None = None,
    selectielijstklasse: str | None = None,
) -> int:
    query = due_ids_query(
        tenant_id, on=on or local_date(clock.now()), selectielijstklasse=selectielijstklasse
    )
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def due_cases(
    session: Session,
    tenant_id: int,
    *,
    on: date | None = None,
    process_key: str | None = None,
    selectielijstklasse: str | None = None,
    limit: int | None = None,
) -> list[tuple[CaseArchive, Case]]:
    query = due_query(
        tenant_id,
        on=on or local_date(clock.now()),
        process_key=process_key,
        selectielijstklasse=selectielijstklasse,
    )
    if limit:
        query = query.limit(limit)
    return [(a, c) for a, c in session.execute(query).all()]


def parse_date(value: object, field: str) -> date:
    found = as_date(value)
    if found is None:
        raise ValidationFailed(f"{field} must be a date (YYYY-MM-DD)", [FieldError(field, "date")])
    return found
