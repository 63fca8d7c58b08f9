"""The root typer app; commands live in api.cli.commands_* modules."""

from __future__ import annotations

import typer

app = typer.Typer(help="Akkoord: BPMN case engine for debt relief.", no_args_is_help=True)


@app.callback()
def _root() -> None:
    """Akkoord command line."""
