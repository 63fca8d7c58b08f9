"""What the case file's service-task handlers share: the authority the process gives them,
moments for timers (Amsterdam time), and the audit note of a step."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from casefiles.held_case_file import case_file_of
from casefiles.service_common import today
from casefiles.service_deadlines import add_deadline
from engine.audit import record
from engine.identity.actor import Actor
from engine.identity.roles import Role
from engine.process.handlers import ServiceContext

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PROCESS_ROLES = frozenset({Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER})


def process_actor(ctx: ServiceContext) -> Actor:
    """The actor of the step, with the authority the process gives its service tasks."""
    return dataclasses.replace(ctx.actor, roles=ctx.actor.roles | PROCESS_ROLES)


def end_of_day(day: date) -> str:
    """The moment a term ending on ``day`` has passed: midnight after it, Amsterdam time."""
    moment = datetime.combine(day + timedelta(days=1), time(0), AMSTERDAM)
    return moment.astimezone(UTC).isoformat()


def morning_of(day: date) -> str:
    """08:00 Amsterdam time on ``day``: when a planned step (evaluation, check) comes up."""
    return datetime.combine(day, time(8), AMSTERDAM).astimezone(UTC).isoformat()


def add_month(day: date) -> date:
    """The same day one month later (the last day of the month when it has fewer days)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def plan_term(ctx: ServiceContext, *, kind: str, due_on: date, label: str, rule: str) -> bool:
    """A term of this case starting today; only a case with a case file keeps its terms.
    Returns whether the term was planned."""
    if case_file_of(ctx.session, ctx.case_id) is None:
        return False
    add_deadline(
        ctx.session,
        process_actor(ctx),
        ctx.case_id,
        kind=kind,
        starts_on=today(),
        due_on=due_on,
        label=label,
        rule=rule,
    )
    return True


def move_to_status(ctx: ServiceContext, status: str, action: str, **after: Any) -> None:
    """The case file reaches ``status`` in this step (when the case has a case file); noted."""
    cf = case_file_of(ctx.session, ctx.case_id)
    if cf is not None:
        cf.status = status
    note(ctx, action, **after)


def note(ctx: ServiceContext, action: str, **after: Any) -> None:
    record(
        ctx.session,
        ctx.actor,
        action,
        "case",
        ctx.case_id,
        case_id=ctx.case_id,
        based_on=f"task:{ctx.task_key}",
        after=after or None,
    )
