"""Document contents live outside the database (the documents package's storage); they
are removed before the document rows, inside the case's destruction transaction.

Deleting a file cannot be rolled back, so it happens first: a crash after it leaves rows
whose content is already gone, which the restarted executor then deletes — never the
other way round (rows gone, personal data left on disk). The documents package may take
this function over as a public ``destroy_case_content`` in ``documents/__init__.py``.
"""

from __future__ import annotations

import importlib
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import Base
from retention.executor import register_content_destroyer


@register_content_destroyer
def destroy_document_content(
    session: Session, tenant_id: int, case_ids: list[uuid.UUID]
) -> list[tuple[str, str, uuid.UUID]]:
    documents_pkg = importlib.import_module("documents")
    public = getattr(documents_pkg, "destroy_case_content", None)
    if public is not None:
        return list(public(session, tenant_id, case_ids))
    table = Base.metadata.tables.get("documents")
    if table is None or "storage_key" not in table.c:
        return []
    storage = importlib.import_module("documents.storage").get_storage()
    rows = session.execute(
        select(table.c.id, table.c.case_id, table.c.storage_key).where(
            table.c.tenant_id == tenant_id, table.c.case_id.in_(case_ids)
        )
    ).all()
    removed: list[tuple[str, str, uuid.UUID]] = []
    for doc_id, case_id, key in rows:
        if storage.exists(key):
            storage.delete(key)
            removed.append(("document_content", str(doc_id), case_id))
    return removed
