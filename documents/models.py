"""The document register: every generated document of a case, each version immutable."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from engine import clock
from engine.db import Base, TenantOwned, new_id

STATUSES = ("concept", "definitief", "verzonden")
PENDING = text("sha256 IS NULL")


class Document(TenantOwned, Base):
    """One version of one document of a case. Regenerating adds a row with version + 1.

    A letter made by a workflow step is registered at once with what it will say
    (``render_input``) and written to a file after the step's commit: until then it has no
    ``sha256`` and ``size`` and is "wordt aangemaakt".
    """

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("tenant_id", "case_id", "doc_type", "subject_key", "format", "version"),
        Index("ix_documents_case", "tenant_id", "case_id", "created_at"),
        Index(
            "ix_documents_pending",
            "tenant_id",
            "created_at",
            postgresql_where=PENDING,
            sqlite_where=PENDING,
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    doc_type: Mapped[str] = mapped_column(String(60))
    # Which recipient within the case (e.g. the creditor of a betaalvoorstel); "" for the case.
    subject_key: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="concept")
    format: Mapped[str] = mapped_column(String(10))
    media_type: Mapped[str] = mapped_column(String(100))
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(300))
    protected: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    based_on: Mapped[str | None] = mapped_column(String(200), default=None)
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    # The letter as frozen at the step (see documents.production); cleared once written.
    render_input: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    @property
    def pending(self) -> bool:
        return self.sha256 is None
