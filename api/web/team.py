"""Team lead: the team's caseload per case worker per phase and what is overdue."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.pages import PHASES
from api.web.rendering import forbidden, render, require_user, tenant_tx
from casefiles.service_team import team_caseload, team_overdue
from engine.errors import PermissionDenied

router = APIRouter(include_in_schema=False)


@router.get("/team")
def team_page(request: Request) -> Response:
    web_user = require_user(request)
    try:
        with tenant_tx(request, web_user) as session:
            caseload = team_caseload(session, web_user.actor)
            overdue = team_overdue(session, web_user.actor)
    except PermissionDenied:
        return forbidden(request, "Dit overzicht is er voor teamleiders.")
    return render(
        request,
        "team.html",
        {"caseload": caseload, "overdue": overdue, "phases": list(PHASES.items())},
    )
