"""Case worker pages: dashboard, work queue (claim/unclaim), team lead approvals."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.auth_routes import checked_form, csrf_refused
from api.web.queries import assigned_tasks, caseload_per_phase, deadlines_at_risk, queue_tasks
from api.web.rendering import redirect, render, require_user, tenant_tx
from casefiles.service_common import today
from casefiles.service_deadlines import deadline_view
from engine import clock
from engine.errors import AkkoordError
from engine.identity.actor import Actor
from engine.process import runtime

router = APIRouter(include_in_schema=False)
PHASES = {
    "": "Geen fase",  # a case gets its phase from the process; until then ""
    "intake": "Intake",
    "stabilisatie": "Stabilisatie",
    "schuldregeling": "Schuldregeling",
    "looptijd": "Looptijd schuldregeling",
    "budgetbeheer": "Budgetbeheer",
    "afsluiting": "Afsluiting",
}
AT_RISK_DAYS = 10
QUEUE_PAGE = 50  # tasks per work queue page
LAST_PAGE = 1000  # deeper than anyone pages; filters narrow the queue instead


def _my_roles(actor: Actor) -> set[str]:
    return {str(role) for role in actor.roles}


@router.get("/")
def dashboard(request: Request) -> Response:
    web_user = require_user(request)
    day = today()
    with tenant_tx(request, web_user) as session:
        mine = assigned_tasks(session, web_user.actor.id, limit=20)
        open_for_me = queue_tasks(session, _my_roles(web_user.actor), unassigned=True, limit=10)
        at_risk = deadlines_at_risk(session, day, AT_RISK_DAYS, limit=20)
        caseload = caseload_per_phase(session, web_user.actor.id)
    return render(
        request,
        "dashboard.html",
        {
            "mine": mine,
            "open_for_me": open_for_me,
            "deadlines": [(deadline_view(row, day), row.case_id, ref) for row, ref in at_risk],
            "caseload": [(PHASES.get(phase, phase), count) for phase, count in caseload],
        },
    )


def _queue_filters(request: Request) -> dict[str, str]:
    q = request.query_params
    return {k: q.get(k, "") for k in ("rol", "fase", "termijn")}


def _horizon(filters: dict[str, str]) -> datetime | None:
    """Tasks due within "termijn" days from now; none when no term was chosen."""
    if not filters["termijn"]:
        return None
    days = int(filters["termijn"]) if filters["termijn"].isdigit() else 0
    return clock.now() + timedelta(days=days)


def _page_number(request: Request) -> int:
    raw = request.query_params.get("pagina", "1")
    return min(max(int(raw), 1), LAST_PAGE) if raw.isdigit() else 1


def _page_url(filters: dict[str, str], page: int) -> str:
    return "/werkvoorraad?" + urlencode({**filters, "pagina": page})


@router.get("/werkvoorraad")
def work_queue(request: Request) -> Response:
    web_user = require_user(request)
    filters = _queue_filters(request)
    roles = _my_roles(web_user.actor)
    page = _page_number(request)
    first = (page - 1) * QUEUE_PAGE
    with tenant_tx(request, web_user) as session:
        wanted = {filters["rol"]} & roles if filters["rol"] else roles
        # one task more than the page holds tells whether a next page exists
        items = queue_tasks(session, wanted, phase=filters["fase"], due_before=_horizon(filters),
                            offset=first, limit=QUEUE_PAGE + 1)  # fmt: skip
    return render(
        request,
        "queue.html",
        {
            "items": items[:QUEUE_PAGE],
            "first": first + 1,
            "previous_url": _page_url(filters, page - 1) if page > 1 else None,
            "next_url": _page_url(filters, page + 1) if len(items) > QUEUE_PAGE else None,
            "filters": filters,
            "roles": sorted(roles),
            "phases": [(k, v) for k, v in PHASES.items() if k],
        },
    )


@router.post("/taken/{task_id}/claim")
async def claim(request: Request, task_id: uuid.UUID) -> Response:
    return await _claim_or_unclaim(request, task_id, claim=True)


@router.post("/taken/{task_id}/unclaim")
async def unclaim(request: Request, task_id: uuid.UUID) -> Response:
    return await _claim_or_unclaim(request, task_id, claim=False)


async def _claim_or_unclaim(request: Request, task_id: uuid.UUID, *, claim: bool) -> Response:
    web_user = require_user(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    try:
        with tenant_tx(request, web_user) as session:
            if claim:
                runtime.claim_task(session, web_user.actor, task_id)
            else:
                runtime.unclaim_task(session, web_user.actor, task_id)
    except AkkoordError as error:
        return render(
            request,
            "error.html",
            {"title": "Dat lukte niet", "message": _dutch(error)},
            status=409,
        )
    back = str(form.get("next", "/werkvoorraad"))
    return redirect(request, back if back.startswith("/") and not back.startswith("//") else "/")


def _dutch(error: AkkoordError) -> str:
    text = str(error)
    if "claimed by someone else" in text:
        return "Deze taak is al door iemand anders opgepakt."
    if "needs the role" in text or "lane" in text:
        return "U heeft niet de rol die voor deze taak nodig is."
    return f"De taak kon niet worden bijgewerkt ({text})."


@router.get("/goedkeuringen")
def approvals(request: Request) -> Response:
    web_user = require_user(request)
    context: dict[str, Any] = {"items": [], "allowed": True}
    if "teamleider" not in _my_roles(web_user.actor):
        context["allowed"] = False
        return render(request, "approvals.html", context)
    with tenant_tx(request, web_user) as session:
        context["items"] = queue_tasks(session, {"teamleider"}, limit=200)
    return render(request, "approvals.html", context)
