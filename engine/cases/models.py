from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine import clock
from engine.db import Base, TenantOwned, new_id


class Case(TenantOwned, Base):
    """A case (zaak). Domain packages keep their data in their own tables keyed by case id."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reference"),
        Index("ix_cases_tenant_status_phase", "tenant_id", "status", "phase"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(40))
    process_key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | closed
    phase: Mapped[str] = mapped_column(String(40), default="")
    result: Mapped[str | None] = mapped_column(String(60), default=None)
    started_at: Mapped[datetime] = mapped_column(default=clock.now)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(default=1)
