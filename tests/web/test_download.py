"""Web document download: reading a document's content is written to the audit trail, also
though the page reads in a read-only transaction."""

from __future__ import annotations

from sqlalchemy import select

from documents import service
from engine.audit.models import AuditEntry
from engine.identity.models import User
from engine.identity.service import user_actor
from tests.security.web_world import WebWorld, login


def test_downloading_a_letter_is_audited(world: WebWorld) -> None:
    with world.db.tx() as session:
        anna = session.scalars(select(User).filter_by(username="anna")).one()
        tenant_id, actor = anna.tenant_id, user_actor(anna)
    with world.db.tx(tenant_id) as session:
        [doc] = service.register_documents(
            session, actor, world.case_a, "ontvangstbevestiging", "pdf",
            {"first_meeting": "2026-01-08T10:00"}, based_on="task:brief_ontvangst",
        )  # fmt: skip
    login(world.client, "anna")
    assert world.client.get(f"/documenten/{doc.id}").status_code == 200
    with world.db.tx(tenant_id) as session:
        reads = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "document.read", AuditEntry.object_id == str(doc.id)
            )
        ).all()
    assert [entry.actor_name for entry in reads] == [actor.name]
