"""Restricted execution of BPMN scripts and expressions, and service-task dispatch.

Scripts may not import, may not touch dunder attributes and see only a small set of
builtins. Business logic belongs in service-task handlers (Python code), not in scripts.
"""

from __future__ import annotations

import ast
import datetime as _dt
import json
from decimal import Decimal
from functools import lru_cache
from types import CodeType
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from sqlalchemy.orm import Session

from engine import clock
from engine.errors import AkkoordError
from engine.identity.actor import Actor
from engine.process.handlers import ServiceContext, get_handler

_SAFE_BUILTINS: dict[str, Any] = {
    name: __builtins__[name] if isinstance(__builtins__, dict) else getattr(__builtins__, name)
    for name in (
        "abs",
        "all",
        "any",
        "bool",
        "dict",
        "enumerate",
        "filter",
        "float",
        "int",
        "isinstance",
        "len",
        "list",
        "map",
        "max",
        "min",
        "range",
        "reversed",
        "round",
        "set",
        "sorted",
        "str",
        "sum",
        "tuple",
        "zip",
        "True",
        "False",
        "None",
    )
}
_GLOBALS: dict[str, Any] = {
    "__builtins__": _SAFE_BUILTINS,
    "Decimal": Decimal,
    "date": _dt.date,
    "timedelta": _dt.timedelta,
}


class ScriptRefused(AkkoordError):
    title = "Script refused"


@lru_cache(maxsize=4096)
def checked(source: str, mode: str) -> CodeType:
    """Compiled once per source, after refusing imports and dunder access (a gateway's
    condition is evaluated at every pass; compiling it each time cost more than running it)."""
    tree = ast.parse(source, mode=mode)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            raise ScriptRefused("scripts may not import modules")
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise ScriptRefused(f"scripts may not use private attribute {node.attr!r}")
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            raise ScriptRefused(f"scripts may not use {node.id!r}")
    return compile(source, "<string>", mode)  # the name SpiffWorkflow finds a failing line by


class RestrictedEnvironment(TaskDataEnvironment):
    def __init__(self) -> None:
        super().__init__(dict(_GLOBALS))

    def evaluate(self, expression: str, context: Any, external_context: Any = None) -> Any:
        return super().evaluate(checked(expression, "eval"), context, external_context)

    def execute(self, script: str, context: Any, external_context: Any = None) -> bool:
        return bool(super().execute(checked(script, "exec"), context, external_context))


class CaseScriptEngine(PythonScriptEngine):
    """Script engine bound to one operation: knows the session, actor and case."""

    def __init__(self, session: Session, actor: Actor, case_id: Any) -> None:
        super().__init__(environment=RestrictedEnvironment())
        self.session = session
        self.actor = actor
        self.case_id = case_id

    def call_service(self, task: Any, **kwargs: Any) -> str:
        name: str = kwargs["operation_name"]
        params = {k: v["value"] for k, v in kwargs.get("operation_params", {}).items()}
        handler = get_handler(name)
        ctx = ServiceContext(
            session=self.session,
            actor=self.actor,
            case_id=self.case_id,
            task_key=task.task_spec.bpmn_id,
            data=task.data,
            now=clock.now(),
        )
        result = handler(ctx, **params)
        if result:
            task.data.update(result)
        return json.dumps(None)
