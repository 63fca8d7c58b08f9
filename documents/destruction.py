"""Retention's hook: remove the stored letters of cases being destroyed (retention.content).

The rows are locked first, so a render job writing one of these letters right now
finishes before its file is removed, and no later job picks them up (they are gone when
the destruction commits). Pending letters may have a file from an interrupted write, so
every key is removed, written or not.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from documents.models import Document
from documents.storage import get_storage


def destroy_case_content(
    session: Session, tenant_id: int, case_ids: list[uuid.UUID]
) -> list[tuple[str, str, uuid.UUID]]:
    """Delete the files of these cases' documents; returns (kind, id, case) of each file
    that existed, for the destruction log."""
    rows = session.execute(
        select(Document.id, Document.case_id, Document.storage_key)
        .where(Document.tenant_id == tenant_id, Document.case_id.in_(case_ids))
        .with_for_update()
    ).all()
    storage = get_storage()
    removed: list[tuple[str, str, uuid.UUID]] = []
    for doc_id, case_id, key in rows:
        if storage.exists(key):
            removed.append(("document_content", str(doc_id), case_id))
        storage.delete(key)
    return removed
