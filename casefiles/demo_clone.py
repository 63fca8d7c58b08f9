"""Copy a case that was driven through the real engine into new cases (demo seeding only).

A copy gets every row the template case owns (case, process instance with its serialized
SpiffWorkflow state, work items, timers, messages, completed tasks, case file rows) with
every id the case owns replaced by a fresh one — in the rows and inside the workflow
state — so each copy is a genuine, independent process instance in the same phase. The
client's personal data is then replaced by a fresh synthetic household member. Letters
are copied too: their register rows (new ids, the copy's reference in the file name) and
their stored content, through the documents storage. The content is the template's letter
as generated, so it names the template's client. Each copy gets one audit entry naming its
template.
"""

from __future__ import annotations

import random
import re
import uuid
from datetime import date
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from casefiles import demo_data
from casefiles.models import Creditor, Person
from documents.models import Document
from documents.storage import get_storage
from engine.audit import record
from engine.cases.models import Case
from engine.db import Base
from engine.identity.actor import Actor
from engine.process.models import ProcessDefinition, ProcessInstance
from engine.process.state import pack_state, unpack_state

SKIPPED = {"audit_entries", "processing_log_entries"}
UUID_TEXT = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class CaseTemplate:
    """The rows of one case, read once, ready to be copied many times."""

    def __init__(self, session: Session, case_id: uuid.UUID) -> None:
        self.case_id = case_id
        self.rows: list[tuple[Table, list[dict[str, Any]]]] = []
        owned: set[uuid.UUID] = {case_id}
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            key = table.c.get("id") if table.name == "cases" else table.c.get("case_id")
            if key is None:
                continue
            rows = [dict(r._mapping) for r in session.execute(select(table).where(key == case_id))]
            if not rows:
                continue
            for column in table.primary_key.columns:  # integer keys: let the database number
                if column.autoincrement is True or (
                    column.autoincrement == "auto" and column.type.python_type is int
                ):
                    for row in rows:
                        row.pop(column.name, None)
            self.rows.append((table, rows))
            for column in table.primary_key.columns:
                owned.update(
                    r[column.name] for r in rows if isinstance(r.get(column.name), uuid.UUID)
                )
        self.reference = next(
            row["reference"] for table, rows in self.rows if table.name == "cases" for row in rows
        )
        self.state_text: dict[uuid.UUID, bytes] = {}
        for table, rows in self.rows:
            if table.name == ProcessInstance.__tablename__:
                for row in rows:
                    text = unpack_state(row["state"])
                    self.state_text[row["id"]] = text
                    owned.update(uuid.UUID(m.decode()) for m in UUID_TEXT.findall(text))
        shared = set(session.scalars(select(Creditor.id)))
        shared |= set(session.scalars(select(ProcessDefinition.id)))
        self.owned = owned - shared

    def copy_rows(
        self,
        reference: str,
        client: dict[str, Any],
        partner: dict[str, Any] | None,
        title: str,
        into: dict[str, list[dict[str, Any]]],
        contents: list[tuple[str, str]],
    ) -> uuid.UUID:
        """Add the rows of one copy to ``into`` (per table name) and the (template key, copy
        key) of each stored letter to ``contents``; returns the new case id."""
        mapping = {old: uuid.uuid4() for old in self.owned}
        text_map = {str(old).encode(): str(new).encode() for old, new in mapping.items()}
        for table, rows in self.rows:
            bucket = into.setdefault(table.name, [])
            for row in rows:
                new = {
                    k: mapping.get(v, v) if isinstance(v, uuid.UUID) else v for k, v in row.items()
                }
                if table.name == Case.__tablename__:
                    new["reference"], new["title"] = reference, title
                elif table.name == ProcessInstance.__tablename__:
                    text = _renamed_bytes(self.state_text[row["id"]], text_map)
                    new["state"] = pack_state(text)
                elif table.name == Document.__tablename__:
                    key = _renamed(row["storage_key"], text_map)
                    new["storage_key"] = key
                    new["filename"] = row["filename"].replace(self.reference, reference, 1)
                    contents.append((row["storage_key"], key))
                elif table.name == Person.__tablename__ and new["role"] == "client":
                    new.update(client)
                elif table.name == Person.__tablename__ and new["role"] == "partner" and partner:
                    new.update(partner)
                bucket.append(new)
        return mapping[self.case_id]


def _renamed_bytes(text: bytes, text_map: dict[bytes, bytes]) -> bytes:
    return UUID_TEXT.sub(lambda m: text_map.get(m.group(0), m.group(0)), text)


def _renamed(text: str, text_map: dict[bytes, bytes]) -> str:
    """A storage key (``<tenant>/<case>/<document>.<fmt>``) with the copy's ids."""
    return _renamed_bytes(text.encode(), text_map).decode()


def copy_contents(contents: list[tuple[str, str]]) -> None:
    """Give each copied letter its template letter's content under its own key: a link,
    not a copy, so ten thousand copies add no gigabytes."""
    storage = get_storage()
    for source, target in contents:
        storage.link(source, target)


def insert_copies(session: Session, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert collected copies, parents before children, one multi-row insert per table."""
    for table in Base.metadata.sorted_tables:
        if rows.get(table.name):
            session.execute(insert(table), rows[table.name])


def next_reference_number(session: Session, year: int) -> int:
    prefix = f"Z{year}-"
    last = session.scalar(select(func.max(Case.reference)).where(Case.reference.like(f"{prefix}%")))
    return int(last.removeprefix(prefix)) + 1 if last else 1


def synthetic_people(
    rng: random.Random, today: date
) -> tuple[dict[str, Any], dict[str, Any] | None, str]:
    """Client fields, partner fields (or None) and case title for one copy."""
    house = demo_data.household(rng, today)
    client = house.client.model_dump()
    if client.get("bsn"):
        client["bsn"] = client["bsn"].zfill(9)
    partner = next((m for m in house.members if m.role == "partner"), None)
    name = " ".join(
        p for p in (house.client.initials, house.client.prefix, house.client.last_name) if p
    )
    partner_fields = partner.model_dump(exclude={"role"}) if partner else None
    return client, partner_fields, f"Schuldhulp {name}"


def record_copy(
    session: Session, actor: Actor, case_id: uuid.UUID, template_reference: str
) -> None:
    record(
        session,
        actor,
        "demo.case_copied",
        "case",
        case_id,
        case_id=case_id,
        based_on=f"demo template {template_reference}",
    )
