"""Verwerkingenlogging: every read (or other processing) of a person's data is logged.

Fields follow the VNG Verwerkingenlogging API (standards.md). Append-only: a correction
adds an entry; an entry is never deleted, only marked ``vervallen``. Entries are queued on
the session and written with its commit, beside the audit entries
(``engine.audit.service.flush_pending``): a step's letters log their reads in the one
statement that chains the step's audit entries, and a rolled-back savepoint drops what it
queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from engine import clock
from engine.db import Base, TenantOwned, new_id
from engine.identity.actor import Actor
from engine.transaction_memo import queue

SYSTEM_NAME = "Akkoord"
QUEUED = "processing_log_queued"  # session info: the rows this transaction will write


class ProcessingLogEntry(TenantOwned, Base):
    __tablename__ = "processing_log_entries"
    __table_args__ = (
        Index("ix_processing_log_case", "tenant_id", "case_id", "tijdstip"),
        Index("ix_processing_log_object", "tenant_id", "object_id", "tijdstip"),
    )

    actie_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    actie_naam: Mapped[str] = mapped_column(String(200))
    handeling_naam: Mapped[str] = mapped_column(String(200), default="")
    verwerking_naam: Mapped[str] = mapped_column(String(200))
    verwerking_id: Mapped[uuid.UUID] = mapped_column(default=new_id)
    verwerkingsactiviteit_id: Mapped[str] = mapped_column(String(200))
    vertrouwelijkheid: Mapped[str] = mapped_column(String(20), default="vertrouwelijk")
    bewaartermijn: Mapped[str] = mapped_column(String(20), default="P5Y")
    uitvoerder: Mapped[str] = mapped_column(String(200), default="")
    systeem: Mapped[str] = mapped_column(String(100), default=SYSTEM_NAME)
    gebruiker: Mapped[str] = mapped_column(String(200))
    gegevensbron: Mapped[str] = mapped_column(String(100), default=SYSTEM_NAME)
    tijdstip: Mapped[datetime]
    tijdstip_registratie: Mapped[datetime]
    objecttype: Mapped[str] = mapped_column(String(40), default="persoon")
    soort_object_id: Mapped[str] = mapped_column(String(40), default="BSN")
    object_id: Mapped[str] = mapped_column(String(100))
    betrokkenheid: Mapped[str] = mapped_column(String(100), default="")
    verwerkte_soorten_gegevens: Mapped[list[str]] = mapped_column(JSON)
    case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    vervallen: Mapped[bool] = mapped_column(Boolean, default=False)


def log_processing(
    session: Session,
    actor: Actor,
    *,
    actie_naam: str,
    verwerking_naam: str,
    verwerkingsactiviteit_id: str,
    object_id: str,
    soorten_gegevens: Sequence[str],
    case_id: uuid.UUID | None = None,
    soort_object_id: str = "BSN",
    objecttype: str = "persoon",
    betrokkenheid: str = "",
    handeling_naam: str = "",
    vertrouwelijkheid: str = "vertrouwelijk",
    bewaartermijn: str = "P5Y",
    uitvoerder: str = "",
) -> None:
    """Queue one processing action on one person; written with the caller's commit."""
    now = clock.now()
    queue(session, QUEUED).append(
        dict(
            actie_id=new_id(),
            tenant_id=actor.tenant_id,
            actie_naam=actie_naam,
            handeling_naam=handeling_naam,
            verwerking_naam=verwerking_naam,
            verwerking_id=new_id(),
            verwerkingsactiviteit_id=verwerkingsactiviteit_id,
            vertrouwelijkheid=vertrouwelijkheid,
            bewaartermijn=bewaartermijn,
            uitvoerder=uitvoerder or f"gemeente (tenant {actor.tenant_id})",
            systeem=SYSTEM_NAME,
            gebruiker=actor.label,
            gegevensbron=SYSTEM_NAME,
            tijdstip=now,
            tijdstip_registratie=now,
            objecttype=objecttype,
            soort_object_id=soort_object_id,
            object_id=object_id,
            betrokkenheid=betrokkenheid,
            verwerkte_soorten_gegevens=list(soorten_gegevens),
            case_id=case_id,
            vervallen=False,
        )
    )


def processing_log_for_case(
    session: Session, case_id: uuid.UUID, *, limit: int = 200, offset: int = 0
) -> list[ProcessingLogEntry]:
    query = (
        select(ProcessingLogEntry)
        .where(ProcessingLogEntry.case_id == case_id)
        .order_by(ProcessingLogEntry.tijdstip.desc(), ProcessingLogEntry.actie_id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def processing_log_for_person(
    session: Session, object_id: str, *, limit: int = 200, offset: int = 0
) -> list[ProcessingLogEntry]:
    query = (
        select(ProcessingLogEntry)
        .where(ProcessingLogEntry.object_id == object_id)
        .order_by(ProcessingLogEntry.tijdstip.desc(), ProcessingLogEntry.actie_id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))
