"""Documents of a case: generate letters, the register with versions, the content."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import Field

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel, parse_id
from documents import service
from documents.letters import LETTERS
from documents.models import Document

router = APIRouter(tags=["documents"], responses=PROBLEM_RESPONSES)


class GenerateOptions(CamelModel):
    watermark: str | None = Field(default=None, max_length=40, description='e.g. "CONCEPT"')
    password: str | None = Field(
        default=None,
        min_length=8,
        max_length=128,
        description="PDF only: AES-256 encryption (no longer PDF/A)",
    )
    status: Literal["concept", "definitief"] = "concept"
    creditor: uuid.UUID | None = Field(default=None, description="For letters to one creditor")
    first_meeting: datetime | None = None
    place: str | None = None
    reason: str | None = Field(default=None, max_length=1000)
    extra: dict[str, Any] = Field(default_factory=dict, description="Other letter data")


class GenerateRequest(CamelModel):
    type: str = Field(description=f"One of: {', '.join(LETTERS)}")
    format: Literal["pdf", "odt", "docx"] = "pdf"
    options: GenerateOptions = Field(default_factory=GenerateOptions)
    based_on: str | None = Field(default=None, max_length=200)


class DocumentOut(CamelModel):
    id: uuid.UUID
    case_id: uuid.UUID
    type: str = Field(validation_alias="doc_type")
    subject_key: str
    title: str
    version: int
    status: str
    format: str
    media_type: str
    filename: str
    size: int | None = Field(description="None while the file is still being written")
    sha256: str | None = Field(description="None while the file is still being written")
    protected: bool
    created_by: str
    created_at: datetime
    based_on: str | None


class DocumentList(CamelModel):
    results: list[DocumentOut]


class StatusChange(CamelModel):
    status: Literal["definitief", "verzonden"]


def _out(doc: Document) -> DocumentOut:
    return DocumentOut.model_validate(doc)


@router.get("/cases/{case_id}/documents", summary="The document register of a case")
def list_case_documents(case_id: str, session: SessionDep, actor: ActorDep) -> DocumentList:
    docs = service.list_documents(session, actor, parse_id(case_id, "case"))
    return DocumentList(results=[_out(d) for d in docs])


@router.post(
    "/cases/{case_id}/documents",
    status_code=201,
    summary="Generate a letter from the case file (a new version each time)",
)
def generate(
    case_id: str, body: GenerateRequest, session: SessionDep, actor: ActorDep
) -> DocumentOut:
    opts = body.options
    options: dict[str, Any] = {
        **opts.extra,
        **opts.model_dump(exclude={"extra"}, exclude_none=True),
    }
    if opts.creditor is not None:
        options["creditor"] = str(opts.creditor)
    if opts.first_meeting is not None:
        options["first_meeting"] = opts.first_meeting.isoformat()
    doc = service.generate_document(
        session,
        actor,
        parse_id(case_id, "case"),
        body.type,
        body.format,
        options,
        based_on=body.based_on,
    )
    return _out(doc)


@router.get("/documents/{document_id}", summary="Register entry of one document version")
def read_document(document_id: str, session: SessionDep, actor: ActorDep) -> DocumentOut:
    return _out(service.get_document(session, actor, parse_id(document_id, "document")))


@router.get("/documents/{document_id}/content", summary="The file itself", response_class=Response)
def read_content(document_id: str, session: SessionDep, actor: ActorDep) -> Response:
    doc = service.get_document(session, actor, parse_id(document_id, "document"))
    data = service.read_content(session, actor, doc)
    return Response(
        content=data,
        media_type=doc.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{doc.filename}"',
            "X-Content-SHA256": hashlib.sha256(data).hexdigest(),  # also while still pending
            "Cache-Control": "no-store",
        },
    )


@router.post("/documents/{document_id}/status", summary="concept → definitief → verzonden")
def change_status(
    document_id: str, body: StatusChange, session: SessionDep, actor: ActorDep
) -> DocumentOut:
    return _out(service.set_status(session, actor, parse_id(document_id, "document"), body.status))
