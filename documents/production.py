"""Letters of a workflow step are written after the step's commit (a transactional outbox).

The step registers the document with everything its content depends on frozen in
``Document.render_input``: the template's output (so later edits of the case file or the
template change nothing), the letterhead, the author and the watermark. ``content_of``
turns that into the letter's bytes: for a reader who asks before the job got there, and
for ``write_content``, which stores them and completes the register entry (size,
checksum) in the scheduled job ``render_pending``. A read therefore writes nothing, and
a reading (read-only) transaction can serve a letter still being made.

A transaction that wrote a file and then rolled back removes that file again, so a crash
or a failed commit leaves the document pending (it is written again), never half done.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy import Select, event, select
from sqlalchemy.orm import Session, sessionmaker

from documents.model import Letterhead, parse_letter
from documents.models import Document
from documents.rendering import write
from documents.storage import get_storage
from documents.writers import WriteOptions
from engine.db import transaction

log = logging.getLogger(__name__)
_WRITTEN = "documents_written"
BATCH = 200  # per scheduler run, so timers sharing the scheduler thread stay on time


def frozen_input(
    template: str, markup: str, head: Letterhead, author: str, watermark: str | None
) -> dict[str, Any]:
    """What ``write_content`` needs later, as JSON (the logo base64)."""
    letterhead = asdict(head)
    letterhead["logo"] = base64.b64encode(head.logo).decode() if head.logo else None
    return {
        "template": template,
        "markup": markup,
        "letterhead": letterhead,
        "author": author,
        "watermark": watermark,
    }


def _letterhead(frozen: dict[str, Any]) -> Letterhead:
    logo = frozen.get("logo")
    return Letterhead(
        **{
            **frozen,
            "address_lines": tuple(frozen["address_lines"]),
            "logo": base64.b64decode(logo) if logo else None,
        }
    )


def content_of(doc: Document, *, password: str | None = None) -> bytes:
    """The bytes of a pending document from its frozen input. The same input always gives
    the same bytes (the creation time is the register's), so a reader served before the
    job and the file the job writes (again, after a crash) are one and the same letter."""
    frozen = doc.render_input
    if frozen is None:
        raise ValueError(f"document {doc.id} has no frozen content")
    letter = parse_letter(
        frozen["markup"], _letterhead(frozen["letterhead"]), source=frozen["template"]
    )
    options = WriteOptions(
        created_at=doc.created_at,
        author=frozen["author"],
        watermark=frozen["watermark"],
        password=password,
    )
    return write(letter, doc.format, options)


def write_content(session: Session, doc: Document, *, password: str | None = None) -> None:
    """Write a pending document's file and complete its register entry."""
    data = content_of(doc, password=password)
    session.info.setdefault(_WRITTEN, []).append(doc.storage_key)  # before: put may fail late
    get_storage().put(doc.storage_key, data)
    doc.size, doc.sha256, doc.render_input = len(data), hashlib.sha256(data).hexdigest(), None
    session.flush()


def render_pending(factory: sessionmaker[Session], *, limit: int | None = BATCH) -> int:
    """Write up to ``limit`` (None: all) pending documents, oldest first, one per
    transaction; returns how many. Concurrent workers on PostgreSQL skip the rows another
    one is writing."""
    written = 0
    for tenant_id in _tenants_with_pending(factory):
        failed: set[uuid.UUID] = set()
        while limit is None or written < limit:
            current: uuid.UUID | None = None
            try:
                with transaction(factory, tenant_id) as session:
                    doc = session.scalars(_next_pending(failed)).first()
                    if doc is None:
                        break
                    current = doc.id
                    write_content(session, doc)
            except Exception:
                if current is None:
                    raise
                # Stays pending (a reader gets the error); the others are still written.
                log.exception("document %s could not be written", current)
                failed.add(current)
                continue
            written += 1
    return written


def _tenants_with_pending(factory: sessionmaker[Session]) -> list[int]:
    with transaction(factory) as session:
        return list(
            session.scalars(select(Document.tenant_id).where(Document.sha256.is_(None)).distinct())
        )


def _next_pending(failed: set[uuid.UUID]) -> Select[Document]:
    query = select(Document).where(Document.sha256.is_(None))
    if failed:
        query = query.where(Document.id.not_in(failed))
    return query.order_by(Document.created_at).limit(1).with_for_update(skip_locked=True)


@event.listens_for(Session, "after_rollback")
def _remove_unregistered_content(session: Session) -> None:
    """Content written in a transaction that rolled back has no register entry: remove it."""
    for key in session.info.pop(_WRITTEN, []):
        get_storage().delete(key)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
