"""``akkoord demo --cases N [--tenant demo]``: fill a tenant with synthetic cases."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from api.cli.core import console, load_settings, open_factory, reported_errors

NAME = "demo"
app = typer.Typer(help="Demo data: realistic synthetic debt relief cases.")


@app.callback(invoke_without_command=True)
def demo(
    cases: Annotated[int, typer.Option("--cases", "-n", min=1, help="How many cases")] = 100,
    tenant: Annotated[str, typer.Option("--tenant", "-t", help="Tenant slug")] = "demo",
    seed: Annotated[int | None, typer.Option(help="Random seed (repeatable data)")] = None,
) -> None:
    """Seed CASES synthetic cases (Dutch names, test-range BSNs, real creditors' kinds)
    spread over every phase and several outcomes, each driven through the real process."""
    from casefiles.demo import seed_demo

    settings = load_settings()
    with reported_errors():
        factory = open_factory(settings)
        started = time.perf_counter()
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("Meldingen registreren", total=cases)
            changes = seed_demo(factory, tenant, cases, lambda n: bar.advance(task, n), seed=seed)
            bar.update(task, description="Zaken door het proces geleid")
        for line in changes:
            console.print(line)
        console.print(f"{tenant}: {cases} cases in {time.perf_counter() - started:.1f} s")
