"""Service-task handler: BPMN models produce the right letter at the right step.

``<spiffworkflow:serviceTaskOperator id="documents.generate">`` with parameters ``type``
(letter type), optional ``format`` (pdf, odt or docx; default pdf), ``status`` and, for a
letter to creditors, optional ``creditor`` (else one letter per creditor of the case).
The step registers each letter with its text; the file is written after the step's
commit (``documents.production``), so a step with letters costs about what one without does.
"""

from __future__ import annotations

from typing import Any

from documents import letters
from documents.service import register_documents
from engine.process.handlers import ServiceContext, service_handler


@service_handler("documents.generate")
def generate_letter(ctx: ServiceContext, **params: Any) -> dict[str, Any]:
    doc_type = str(params.pop("type", ""))
    fmt = str(params.pop("format", "pdf") or "pdf")
    letter = letters.LETTERS.get(doc_type)
    creditors = None
    if letter is not None and letter.per_creditor and not params.get("creditor"):
        from documents.casefile_context import creditor_keys

        creditors = creditor_keys(ctx.session, ctx.actor, ctx.case_id)
    docs = register_documents(
        ctx.session,
        ctx.actor,
        ctx.case_id,
        doc_type,
        fmt,
        params,
        based_on=f"task:{ctx.task_key}",
        creditors=creditors,
    )
    return {"last_document_ids": [str(doc.id) for doc in docs]}
