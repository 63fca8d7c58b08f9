"""A tenant maps each case result to a selectielijst category and afleidingswijze."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.audit import record
from engine.errors import FieldError, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.roles import Role
from retention.archive_dates import Afleidingswijze
from retention.models import ResultTypeMapping as Mapping
from retention.selectielijst import get_category


def set_result_mapping(
    session: Session,
    actor: Actor,
    *,
    result: str,
    selectielijstklasse: str,
    afleidingswijze: str = "afgehandeld",
    procestermijn: str | None = None,
    datumkenmerk: str | None = None,
    archiefactietermijn: str | None = None,
) -> Mapping:
    actor.require(Role.ARCHIVARIS, Role.BEHEERDER)
    get_category(selectielijstklasse)
    _validate_rule(afleidingswijze, procestermijn, datumkenmerk)
    row = session.scalars(select(Mapping).where(Mapping.result == result)).first()
    before = _mapping_dict(row) if row else None
    if row is None:
        row = Mapping(tenant_id=actor.tenant_id, result=result, selectielijstklasse="")
        session.add(row)
    row.selectielijstklasse, row.afleidingswijze = selectielijstklasse, afleidingswijze
    row.procestermijn, row.datumkenmerk = procestermijn, datumkenmerk
    row.archiefactietermijn = archiefactietermijn
    session.flush()
    record(
        session,
        actor,
        "retention.mapping_set",
        "result_type_mapping",
        result,
        before=before,
        after=_mapping_dict(row),
    )
    return row


def _validate_rule(
    afleidingswijze: str, procestermijn: str | None, datumkenmerk: str | None
) -> None:
    errors: list[FieldError] = []
    if afleidingswijze not in {a.value for a in Afleidingswijze}:
        errors.append(FieldError("afleidingswijze", f"unknown: {afleidingswijze!r}"))
    if afleidingswijze == "termijn" and not procestermijn:
        errors.append(FieldError("procestermijn", "afleidingswijze termijn needs it"))
    if afleidingswijze in ("eigenschap", "ander_datumkenmerk") and not datumkenmerk:
        errors.append(FieldError("datumkenmerk", f"afleidingswijze {afleidingswijze} needs it"))
    if errors:
        raise ValidationFailed("the result mapping is incomplete", errors)


def _mapping_dict(row: Mapping) -> dict[str, Any]:
    return {
        "selectielijstklasse": row.selectielijstklasse,
        "afleidingswijze": row.afleidingswijze,
        "procestermijn": row.procestermijn,
        "datumkenmerk": row.datumkenmerk,
        "archiefactietermijn": row.archiefactietermijn,
    }
