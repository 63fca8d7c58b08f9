"""Web document download: reading a document's content is written to the audit trail, also
though the page reads in a read-only transaction."""

from __future__ import annotations

from sqlalchemy import select

from engine.audit.models import AuditEntry
from tests.security.web_world import WebWorld, anna_registers_a_letter, login


def test_downloading_a_letter_is_audited(world: WebWorld) -> None:
    doc, actor = anna_registers_a_letter(world)
    login(world.client, "anna")
    assert world.client.get(f"/documenten/{doc.id}").status_code == 200
    with world.db.tx(actor.tenant_id) as session:
        reads = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "document.read", AuditEntry.object_id == str(doc.id)
            )
        ).all()
    assert [entry.actor_name for entry in reads] == [actor.name]
