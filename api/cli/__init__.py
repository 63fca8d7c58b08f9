"""The ``akkoord`` command line. Each domain module exposes ``app = typer.Typer()``.

Add one line per domain CLI module to ``CLI_MODULES`` as ``(module, command name)``
(shared file: smallest edit, commit at once).
"""

from __future__ import annotations

import importlib

import typer

from api.cli.core import app

CLI_MODULES: tuple[tuple[str, str], ...] = ()


def _mount() -> None:
    for module_name, name in CLI_MODULES:
        module = importlib.import_module(module_name)
        app.add_typer(module.app, name=name)


_mount()


def main() -> None:
    app()


__all__ = ["CLI_MODULES", "app", "main", "typer"]
