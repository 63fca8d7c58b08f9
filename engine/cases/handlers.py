"""Built-in service-task handlers every process may use."""

from __future__ import annotations

from typing import Any

from engine.cases.service import close_case, get_case, set_phase
from engine.process.handlers import ServiceContext, service_handler


@service_handler("case.set_phase")
def set_case_phase(ctx: ServiceContext, *, phase: str) -> dict[str, Any]:
    set_phase(ctx.session, ctx.actor, get_case(ctx.session, ctx.case_id), phase)
    return {"phase": phase}


@service_handler("case.close")
def close_case_with_result(ctx: ServiceContext, *, result: str) -> dict[str, Any]:
    case = get_case(ctx.session, ctx.case_id)
    if case.status != "closed":
        close_case(ctx.session, ctx.actor, case, result=result)
    return {"case_result": result}
