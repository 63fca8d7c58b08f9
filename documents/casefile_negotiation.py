"""Case-file data for the negotiation letters: creditors, proposal, settlement, court."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from casefiles import legal_calendar
from casefiles import service as cf
from engine.cases.models import Case
from engine.errors import FieldError, ValidationFailed
from engine.identity.actor import Actor

Ctx = dict[str, Any]
DEBT_ROWS = "debt_rows"  # kept in the context while it is built, not given to templates

PRODUCT_LABELS = {
    "schuldbemiddeling": "schuldbemiddeling",
    "saneringskrediet": "saneringskrediet",
    "nul_aanbod": "nul-aanbod",
    "wsnp": "Wsnp",
    "budgetbeheer": "budgetbeheer",
}


def missing(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, [FieldError(field, message)])


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def lines_of(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ",").split(",") if p.strip()]


def debt_rows(session: Session, actor: Actor, case: Case) -> list[dict[str, Any]]:
    creditors = {c.id: c for c in cf.case_creditors(session, actor, case.id)}
    rows = []
    for i, d in enumerate(cf.list_debts(session, actor, case.id), start=1):
        c = creditors.get(d.creditor_id)
        name = d.creditor_name or (c.name if c else "")
        rows.append(
            {
                "id": str(d.creditor_id),
                "name": name,
                "kind": "preferent" if d.preferent else "concurrent",
                "claim": d.current_amount,
                "client_number": d.creditor_reference or "onbekend",
                "invoices": [d.creditor_reference] if d.creditor_reference else ["onbekend"],
                "offer": d.proposed_payout,
                "percentage": d.proposed_percentage,
                "forecast": d.proposed_payout,
                "paid": d.proposed_payout,
                "status": d.status,
                "reference": f"{case.reference}-{i:02d}",
                "address": [name, *lines_of(c.address if c else "")],
            }
        )
    return rows


def shared_debt_rows(session: Session, actor: Actor, case: Case, ctx: Ctx) -> list[Ctx]:
    """``debt_rows`` once per context, however many letters to creditors share it."""
    if DEBT_ROWS not in ctx:
        ctx[DEBT_ROWS] = debt_rows(session, actor, case)
    rows: list[Ctx] = ctx[DEBT_ROWS]
    return rows


def creditor(session: Session, actor: Actor, case: Case, wanted: str, ctx: Ctx) -> Ctx:
    rows = [r for r in shared_debt_rows(session, actor, case, ctx) if r["id"] == str(wanted)]
    if not rows:
        raise missing("options.creditor", f"creditor {wanted} has no debt in this case")
    row = dict(rows[0])
    row["claim"] = sum((r["claim"] for r in rows), Decimal(0))
    row["invoices"] = [x for r in rows for x in r["invoices"]]
    return row


def proposal(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    proposal = cf.get_proposal(session, actor, case.id)
    if proposal is None:
        raise missing("proposal", f"case {case.reference} has no betaalvoorstel computed yet")
    vtlb = cf.get_vtlb(session, actor, case.id)
    rows = {r["id"]: r for r in shared_debt_rows(session, actor, case, ctx)}
    creditors = [
        {
            "name": s.creditor_name,
            "kind": "preferent" if s.preferent else "concurrent",
            "claim": s.claim,
            "offer": s.payout,
            "percentage": s.percentage,
            "id": str(s.creditor_id),
            "reference": rows.get(str(s.creditor_id), {}).get("reference", ""),
        }
        for s in proposal.shares
    ]
    sent = file.proposal_sent_on or ctx["today"]
    return {
        "product": proposal.product,
        "product_label": PRODUCT_LABELS.get(proposal.product, proposal.product),
        "income": vtlb.net_income,
        "vtlb": vtlb.vtlb,
        "capacity": proposal.afloscapaciteit,
        "term_months": proposal.term_months,
        "total_offer": proposal.total_payout,
        "total_debt": proposal.total_debt,
        "percentage": proposal.percentage,
        "preferent_count": proposal.preferent_creditors,
        "concurrent_count": proposal.concurrent_creditors,
        "answer_before": legal_calendar.creditor_response_due(sent),
        "creditors": creditors,
    }


def settlement(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    if file.settlement_agreed_on is None:
        raise missing("settlement", f"case {case.reference} has no agreed settlement yet")
    offer = ctx.get("proposal") or proposal(session, actor, case, file, options, ctx)
    agreed: date = file.settlement_agreed_on
    start = date(agreed.year + agreed.month // 12, agreed.month % 12 + 1, 1)
    months = start.month - 1 + offer["term_months"]
    end = date(start.year + months // 12, months % 12 + 1, 1) - timedelta(days=1)
    claims = [{**c, "forecast": c["offer"]} for c in offer["creditors"]]
    return {
        "date": agreed,
        "start_date": start,
        "end_date": end,
        "payout_moments": options.get("payout_moments", "maandelijks"),
        "claims": claims,
    }


def dwangakkoord(
    session: Session, actor: Actor, case: Case, file: Any, options: Mapping[str, Any], ctx: Ctx
) -> Ctx:
    rows = shared_debt_rows(session, actor, case, ctx)
    refusing = [r for r in rows if r["status"] in ("weigering", "heroverweging", "dwangakkoord")]
    if not refusing:
        raise missing("dwangakkoord", "no creditor refused: a dwangakkoord is not needed")
    total = sum((r["claim"] for r in rows), Decimal(0))
    agreed = [r for r in rows if r["status"] == "akkoord"]
    share = sum((r["claim"] for r in agreed), Decimal(0)) / total * 100 if total else Decimal(0)
    term = ctx["proposal"]["term_months"]
    return {
        "refusing": refusing,
        "agreed_count": len(agreed),
        "agreed_share": share,
        "reason": options.get("reason")
        or f"het aanbod de volledige afloscapaciteit "
        f"boven het vrij te laten bedrag gedurende {term} maanden omvat",
    }
