"""The ``akkoord`` command line. Each domain module exposes ``app = typer.Typer()``.

Add one line per domain CLI module (``"api.cli.<domain>"``) to ``CLI_MODULES``; it is
mounted as ``akkoord <domain>`` (or the module's ``NAME`` when it defines one).
Shared file: smallest edit, commit at once.
"""

from __future__ import annotations

import importlib

import typer

from api.cli import admin, ops
from api.cli import setup as _setup  # noqa: F401  (registers init and serve)
from api.cli.core import app

app.add_typer(ops.process_app, name="process")
app.add_typer(admin.tenant_app, name="tenant")
app.add_typer(admin.user_app, name="user")
app.add_typer(admin.client_app, name="client")
app.add_typer(ops.timers_app, name="timers")
app.add_typer(ops.incident_app, name="incident")
app.add_typer(ops.audit_app, name="audit")

CLI_MODULES: tuple[str, ...] = ("api.cli.retention", "api.cli.documents", "api.cli.casefiles")


def _mount() -> None:
    for module_name in CLI_MODULES:
        module = importlib.import_module(module_name)
        name = getattr(module, "NAME", module_name.rsplit(".", 1)[-1])
        app.add_typer(module.app, name=name)


_mount()


def main() -> None:
    app()


__all__ = ["CLI_MODULES", "app", "main", "typer"]
