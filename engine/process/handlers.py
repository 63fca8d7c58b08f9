"""Service-task handlers, registered by name so domain packages can add theirs.

A BPMN service task names its handler in ``spiffworkflow:serviceTaskOperator id="..."``;
its parameters are Python expressions over the task data. The handler receives a
``ServiceContext`` and the evaluated parameters as keyword arguments and returns a small
dict (ids, flags, amounts that route) that is merged into the workflow data, or None.
Business data belongs in the case file, never in the workflow.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.errors import ProcessModelError
from engine.identity.actor import Actor


@dataclass(frozen=True)
class ServiceContext:
    session: Session
    actor: Actor
    case_id: uuid.UUID
    task_key: str
    data: Mapping[str, Any]
    now: datetime


Handler = Callable[..., "dict[str, Any] | None"]
_HANDLERS: dict[str, Handler] = {}


def service_handler(name: str) -> Callable[[Handler], Handler]:
    """Register ``fn(ctx, **params)`` as the handler for service tasks named ``name``."""

    def register(fn: Handler) -> Handler:
        if name in _HANDLERS and _HANDLERS[name] is not fn:
            raise ValueError(f"service handler {name!r} is registered twice")
        _HANDLERS[name] = fn
        return fn

    return register


def get_handler(name: str) -> Handler:
    try:
        return _HANDLERS[name]
    except KeyError:
        raise ProcessModelError(f"no service handler named {name!r} is registered") from None


def handler_names() -> frozenset[str]:
    return frozenset(_HANDLERS)
