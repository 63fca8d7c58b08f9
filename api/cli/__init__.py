"""The ``akkoord`` command line. Each domain module exposes ``app = typer.Typer()``.

Add one line per domain CLI module (``"api.cli.<domain>"``) to ``CLI_MODULES``; it is
mounted as ``akkoord <domain>`` (or the module's ``NAME`` when it defines one).
Shared file: smallest edit, commit at once.
"""

from __future__ import annotations

import importlib

import typer

from api.cli.core import app

CLI_MODULES: tuple[str, ...] = ("api.cli.retention",)


def _mount() -> None:
    for module_name in CLI_MODULES:
        module = importlib.import_module(module_name)
        name = getattr(module, "NAME", module_name.rsplit(".", 1)[-1])
        app.add_typer(module.app, name=name)


_mount()


def main() -> None:
    app()


__all__ = ["CLI_MODULES", "app", "main", "typer"]
