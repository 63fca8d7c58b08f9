"""REST routers. Each module exposes ``router = APIRouter()``; the app includes them in order.

Add one line per domain module (shared file: smallest edit, commit at once).
"""

from __future__ import annotations

ROUTER_MODULES: tuple[str, ...] = (
    "api.routes.processes",
    "api.routes.cases",
    "api.routes.tasks",
    "api.routes.messages",
    "api.routes.casefiles",
    "api.routes.casefiles_negotiation",
    "api.routes.retention",
    "api.routes.documents",
)
