"""Generate documents for a case and keep them in the register.

``register_documents`` fills a letter from the case file and adds an immutable register
entry (a new version when the same document is generated again); its file is written
after commit (``documents.production``), or at once by ``generate_document``. Any
failure — unknown letter type, missing case data, a broken template — raises before
anything is stored.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from documents import letters
from documents.model import Letter, Letterhead, parse_letter
from documents.models import STATUSES, Document
from documents.production import content_of, frozen_input, write_content
from documents.rendering import (
    FORMATS,
    MEDIA_TYPES,
    letterhead_from_settings,
    render_markup,
    write,
)
from documents.storage import get_storage
from documents.templates import environment
from documents.writers import WriteOptions
from engine import clock
from engine.audit import record
from engine.cases.models import Case
from engine.cases.service import get_case
from engine.db import uuid_parameter
from engine.errors import Conflict, FieldError, NotFound, ValidationFailed
from engine.identity.actor import Actor
from engine.identity.models import Tenant
from engine.identity.roles import Role
from engine.transaction_memo import held_or_read

WRITERS = (Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER, Role.TEAMLEIDER, Role.INTAKE)
READERS = (*WRITERS, Role.ARCHIVARIS, Role.AUDITOR)
_NEXT_STATUS = {"concept": ("definitief",), "definitief": ("verzonden",), "verzonden": ()}


def _check_request(doc_type: str, fmt: str, options: Mapping[str, Any]) -> letters.LetterType:
    errors = []
    letter = letters.LETTERS.get(doc_type)
    if letter is None:
        known = ", ".join(sorted(letters.LETTERS))
        errors.append(FieldError("type", f"unknown letter type {doc_type!r}; known: {known}"))
    if fmt not in FORMATS:
        errors.append(FieldError("format", f"format must be one of {', '.join(FORMATS)}"))
    status = options.get("status", "concept")
    if status not in ("concept", "definitief"):
        errors.append(FieldError("options.status", "a new document is concept or definitief"))
    password = options.get("password")
    if password is not None and (fmt != "pdf" or len(str(password)) < 8):
        errors.append(FieldError("options.password", "a password (8+ characters) needs PDF"))
    if errors or letter is None:
        raise ValidationFailed(errors[0].message, errors)
    return letter


@dataclass(frozen=True)
class Composed:
    """A letter ready to be written: its text from the case file, its letterhead."""

    case: Case
    letter_type: letters.LetterType
    letter: Letter
    markup: str
    letterhead: Letterhead
    context: dict[str, Any]


@dataclass(frozen=True)
class Rendered:
    case: Case
    letter_type: letters.LetterType
    letter: Letter
    context: dict[str, Any]
    data: bytes


def compose_letters(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    doc_type: str,
    fmt: str = "pdf",
    options: Mapping[str, Any] | None = None,
    creditors: Sequence[str] | None = None,
) -> list[Composed]:
    """Fill the letter's template from the case file (ValidationFailed when data lacks):
    once per creditor of ``creditors``, else the one letter ``options`` describes."""
    options = dict(options or {})
    letter_type = _check_request(doc_type, fmt, options)
    case = get_case(session, case_id)
    tenant = session.get(Tenant, case.tenant_id)
    settings = tenant.settings if tenant else {}
    head = letterhead_from_settings(settings, tenant.name if tenant else "")
    contexts = letters.build_contexts(
        session, actor, case, letter_type, options, settings, creditors
    )
    base = _template_dir()
    env = environment(base / tenant.slug if tenant else None, base)
    allowed = letters.allowed_names(letter_type)
    composed = []
    for context in contexts:
        markup = render_markup(env, letter_type.template, allowed, context)
        letter = parse_letter(markup, head, source=letter_type.template)
        composed.append(Composed(case, letter_type, letter, markup, head, context))
    return composed


def render_case_letter(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    doc_type: str,
    fmt: str = "pdf",
    options: Mapping[str, Any] | None = None,
) -> Rendered:
    """Render without registering (previews, CLI ``--out``)."""
    options = dict(options or {})
    [composed] = compose_letters(session, actor, case_id, doc_type, fmt, options)
    data = write(
        composed.letter,
        fmt,
        WriteOptions(
            created_at=clock.now(),
            author=actor.name,
            watermark=options.get("watermark") or None,
            password=options.get("password"),
        ),
    )
    return Rendered(composed.case, composed.letter_type, composed.letter, composed.context, data)


def _template_dir() -> Path:
    from engine.settings import get_settings

    return get_settings().data_dir / "templates"


def register_documents(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    doc_type: str,
    fmt: str = "pdf",
    options: Mapping[str, Any] | None = None,
    based_on: str | None = None,
    creditors: Sequence[str] | None = None,
) -> list[Document]:
    """Register a new version of each letter (see ``compose_letters``) with its text frozen
    now; the files are written after commit (``documents.production``). A password is
    never stored, so a protected PDF is written at once."""
    actor.require(*WRITERS)
    options = dict(options or {})
    composed = compose_letters(session, actor, case_id, doc_type, fmt, options, creditors)
    if not composed:
        return []
    latest = _latest_versions(session, composed[0].case.id)
    docs = [_new_version(actor, c, fmt, options, based_on, latest) for c in composed]
    _insert(session, docs)
    latest.update({(d.doc_type, d.format, d.subject_key): d.version for d in docs})
    for doc in docs:
        if doc.protected:
            write_content(session, doc, password=str(options["password"]))
        record(
            session,
            actor,
            "document.generated",
            "document",
            doc.id,
            case_id=doc.case_id,
            based_on=based_on,
            after={"type": doc_type, "version": doc.version, "format": fmt, "status": doc.status},
        )
    return docs


_LATEST_VERSIONS = (  # built once: see casefiles.held_case_file
    select(Document.doc_type, Document.format, Document.subject_key, func.max(Document.version))
    .where(Document.case_id == uuid_parameter("case_id"))
    .group_by(Document.doc_type, Document.format, Document.subject_key)
)


_DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]
_NEW_DOCUMENTS = insert(_DOCUMENTS)


def _insert(session: Session, docs: list[Document]) -> None:
    """Insert the new register entries with a plain statement (the ORM's flush of these rows
    cost more than the statement), then hand them to the session as stored rows."""
    rows = [{column.key: getattr(doc, column.key) for column in _DOCUMENTS.columns} for doc in docs]
    try:
        session.connection().execute(_NEW_DOCUMENTS, rows)
    except IntegrityError:
        raise Conflict(
            "this document was generated by someone else at the same moment; try again"
        ) from None
    for doc in docs:
        make_transient_to_detached(doc)
        session.add(doc)


def _latest_versions(session: Session, case_id: uuid.UUID) -> dict[tuple[str, str, str], int]:
    """The highest version of each letter (type, format, recipient) of the case, read once
    per transaction: a step registers several letters. ``register_documents``, the only
    writer of the register, adds what it registers."""

    def read() -> dict[tuple[str, str, str], int]:
        rows = session.execute(_LATEST_VERSIONS, {"case_id": case_id})
        return {(doc_type, fmt, subject): version for doc_type, fmt, subject, version in rows}

    return held_or_read(session, (Document, case_id), read)


def _new_version(
    actor: Actor,
    composed: Composed,
    fmt: str,
    options: Mapping[str, Any],
    based_on: str | None,
    latest: Mapping[tuple[str, str, str], int],
) -> Document:
    case = composed.case
    subject_key = str(composed.context.get("subject_key", ""))
    version = latest.get((composed.letter_type.key, fmt, subject_key), 0) + 1
    doc = Document(
        id=uuid.uuid4(),
        tenant_id=case.tenant_id,
        case_id=case.id,
        doc_type=composed.letter_type.key,
        subject_key=subject_key,
        title=composed.letter.title[:300],
        version=version,
        status=options.get("status", "concept"),
        format=fmt,
        media_type=MEDIA_TYPES[fmt],
        protected=bool(options.get("password")),
        filename=_filename(case.reference, composed.letter_type.key, subject_key, version, fmt),
        created_by=actor.label,
        created_at=clock.now(),
        based_on=based_on,
        size=None,
        sha256=None,
        status_changed_at=None,
        render_input=frozen_input(
            composed.letter_type.template,
            composed.markup,
            composed.letterhead,
            actor.name,
            options.get("watermark") or None,
        ),
    )
    doc.storage_key = f"{case.tenant_id}/{case.id}/{doc.id}.{fmt}"
    return doc


def generate_document(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    doc_type: str,
    fmt: str = "pdf",
    options: Mapping[str, Any] | None = None,
    based_on: str | None = None,
) -> Document:
    """Register and write at once (REST, CLI): the caller gets size and checksum."""
    [doc] = register_documents(session, actor, case_id, doc_type, fmt, options, based_on)
    if doc.pending:
        write_content(session, doc)
    return doc


def _filename(reference: str, key: str, subject: str, version: int, fmt: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{reference}_{key}{'_' + subject if subject else ''}")
    return f"{safe[:150]}_v{version}.{fmt}"


def list_documents(
    session: Session, actor: Actor, case_id: uuid.UUID | str, *, newest: int | None = None
) -> list[Document]:
    """The case's documents in the order they were made; with ``newest`` only the last
    ``newest`` of them (a long-running case keeps receiving letters)."""
    actor.require(*READERS)
    case = get_case(session, case_id)
    order = (Document.created_at, Document.doc_type, Document.version)
    query = select(Document).where(Document.case_id == case.id)
    if newest is None:
        return list(session.scalars(query.order_by(*order)))
    latest = session.scalars(query.order_by(*(c.desc() for c in order)).limit(newest))
    return list(reversed(latest.all()))


def get_document(session: Session, actor: Actor, document_id: uuid.UUID | str) -> Document:
    actor.require(*READERS)
    try:
        key = document_id if isinstance(document_id, uuid.UUID) else uuid.UUID(str(document_id))
    except ValueError:
        raise NotFound(f"no document {document_id}") from None
    doc = session.get(Document, key)
    if doc is None or doc.tenant_id != session.info.get("tenant_id", doc.tenant_id):
        raise NotFound(f"no document {document_id}")
    return doc


def read_content(session: Session, actor: Actor, doc: Document) -> bytes:
    """The stored bytes, checked against the register's checksum; the read is logged.
    A letter still pending is made now from the text frozen when it was registered: the
    very bytes the render job is about to store."""
    if doc.pending:
        data = content_of(doc)
    else:
        data = get_storage().get(doc.storage_key)
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise Conflict("the stored content does not match the register's checksum")
    record(session, actor, "document.read", "document", doc.id, case_id=doc.case_id)
    return data


def set_status(
    session: Session, actor: Actor, document_id: uuid.UUID | str, status: str
) -> Document:
    """concept → definitief → verzonden. The content never changes; a new one is a version."""
    actor.require(*WRITERS)
    doc = get_document(session, actor, document_id)
    if status not in STATUSES or status not in _NEXT_STATUS[doc.status]:
        raise ValidationFailed(
            f"a {doc.status} document cannot become {status}",
            [FieldError("status", "invalid transition")],
        )
    before = doc.status
    doc.status = status
    doc.status_changed_at = clock.now()
    session.flush()
    record(
        session,
        actor,
        "document.status_changed",
        "document",
        doc.id,
        case_id=doc.case_id,
        before={"status": before},
        after={"status": status},
    )
    return doc
