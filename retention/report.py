"""The verklaring van vernietiging (destruction report) of a list: the destroyed cases'
metadata, who proposed, reviewed and approved the list, and when. Built from the
permanent destruction log, so it can be produced again at any time; as CSV, XLSX or PDF.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import clock
from engine.errors import Conflict
from retention.lists import get_list, list_reviews
from retention.models import DestroyedResource, DestructionLogEntry

COLUMNS = {
    "reference": "Zaakidentificatie",
    "process_key": "Zaaktype",
    "result": "Resultaat",
    "selectielijstklasse": "Selectielijstklasse",
    "archiefnominatie": "Archiefnominatie",
    "brondatum": "Brondatum",
    "archiefactiedatum": "Archiefactiedatum",
    "started_at": "Startdatum",
    "closed_at": "Einddatum",
    "destroyed_at": "Vernietigd op",
    "resources": "Vernietigde gegevens",
    "state_hash": "Hash laatste toestand",
    "seq": "Volgnummer log",
}


@dataclass
class Verklaring:
    list_id: uuid.UUID
    list_name: str
    status: str
    author: str
    created_at: datetime
    reviewers: list[tuple[str, datetime]]
    archivist: str
    approved_at: datetime | None
    executed_at: datetime | None
    generated_at: datetime
    rows: list[dict[str, Any]] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=list(COLUMNS))
        return frame.rename(columns=COLUMNS)

    def header(self) -> list[tuple[str, str]]:
        return [
            ("Vernietigingslijst", self.list_name),
            ("Status", self.status),
            ("Opgesteld door", f"{self.author} op {_when(self.created_at)}"),
            ("Beoordeeld door", ", ".join(f"{n} op {_when(t)}" for n, t in self.reviewers)),
            ("Goedgekeurd door (archivaris)", f"{self.archivist} op {_when(self.approved_at)}"),
            ("Uitgevoerd op", _when(self.executed_at)),
            ("Aantal vernietigde zaken", str(len(self.rows))),
            ("Verklaring opgemaakt op", _when(self.generated_at)),
        ]


def _when(moment: datetime | None) -> str:
    return moment.astimezone(clock.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def build_verklaring(session: Session, list_id: uuid.UUID | str) -> Verklaring:
    dlist = get_list(session, list_id)
    if dlist.status not in ("deleted", "failed"):
        raise Conflict(
            f"list {dlist.name!r} is {dlist.status}; a verklaring van vernietiging "
            "exists once the list has been executed"
        )
    reviews = [r for r in list_reviews(session, dlist.id) if r.decision == "accepted"]
    entries = session.scalars(
        select(DestructionLogEntry)
        .where(DestructionLogEntry.list_id == dlist.id)
        .order_by(DestructionLogEntry.seq)
    )
    kinds: dict[uuid.UUID, list[str]] = {}
    for case_id, kind, count in session.execute(
        select(DestroyedResource.case_id, DestroyedResource.resource_type, func.count())
        .where(DestroyedResource.list_id == dlist.id)
        .group_by(DestroyedResource.case_id, DestroyedResource.resource_type)
        .order_by(DestroyedResource.resource_type)
    ).all():
        kinds.setdefault(case_id, []).append(f"{kind}: {count}")
    rows = [
        {
            **{name: getattr(e, name) for name in COLUMNS if name != "resources"},
            "resources": ", ".join(kinds.get(e.case_id, [])) or str(e.resources),
        }
        for e in entries
    ]
    for row in rows:
        for name in ("started_at", "closed_at", "destroyed_at"):
            row[name] = _when(row[name])
        for name in ("brondatum", "archiefactiedatum"):
            row[name] = row[name].isoformat() if row[name] else ""
    return Verklaring(
        list_id=dlist.id,
        list_name=dlist.name,
        status=dlist.status,
        author=dlist.author_name,
        created_at=dlist.created_at,
        reviewers=[(r.reviewer_name, r.created_at) for r in reviews if r.stage == "reviewer"],
        archivist=dlist.archivist_name or "-",
        approved_at=dlist.approved_at,
        executed_at=dlist.executed_at,
        generated_at=clock.now(),
        rows=rows,
    )


def verklaring_csv(verklaring: Verklaring) -> bytes:
    out = io.StringIO()
    for label, value in verklaring.header():
        out.write(f"# {label}: {value}\n")
    verklaring.frame().to_csv(out, index=False)
    return out.getvalue().encode("utf-8")


def verklaring_xlsx(verklaring: Verklaring) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame(verklaring.header(), columns=["Gegeven", "Waarde"]).to_excel(
            writer, sheet_name="Verklaring", index=False
        )
        verklaring.frame().to_excel(writer, sheet_name="Vernietigde zaken", index=False)
    return out.getvalue()


def verklaring_pdf(verklaring: Verklaring) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Verklaring van vernietiging - {verklaring.list_name}",
        author="Akkoord",
    )
    story: list[Any] = [Paragraph("Verklaring van vernietiging", styles["Title"])]
    story.append(
        Table(
            [
                [
                    Paragraph(f"<b>{_esc(k)}</b>", styles["BodyText"]),
                    Paragraph(_esc(v), styles["BodyText"]),
                ]
                for k, v in verklaring.header()
            ],
            colWidths=[70 * mm, 190 * mm],
        )
    )
    story.append(Spacer(1, 6 * mm))
    shown = [
        "reference",
        "process_key",
        "result",
        "selectielijstklasse",
        "brondatum",
        "archiefactiedatum",
        "closed_at",
        "destroyed_at",
        "resources",
    ]
    data = [[Paragraph(f"<b>{COLUMNS[c]}</b>", small) for c in shown]]
    data += [[Paragraph(_esc(str(row[c] or "")), small) for c in shown] for row in verklaring.rows]
    table = Table(
        data,
        repeatRows=1,
        colWidths=[28 * mm, 30 * mm, 20 * mm, 20 * mm, 20 * mm, 22 * mm, 30 * mm, 30 * mm, 70 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return out.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_verklaring(session: Session, list_id: uuid.UUID | str, fmt: str) -> tuple[bytes, str]:
    """(content, media type) of the verklaring in ``csv``, ``xlsx`` or ``pdf``."""
    verklaring = build_verklaring(session, list_id)
    if fmt == "csv":
        return verklaring_csv(verklaring), "text/csv; charset=utf-8"
    if fmt == "xlsx":
        return verklaring_xlsx(verklaring), (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    if fmt == "pdf":
        return verklaring_pdf(verklaring), "application/pdf"
    from engine.errors import FieldError, ValidationFailed

    raise ValidationFailed("format must be csv, xlsx or pdf", [FieldError("format", fmt)])
