"""``akkoord process|timers|incident|audit``: models, scheduler, incidents, audit trail."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.cli.core import (
    console,
    err_console,
    load_settings,
    open_factory,
    reported_errors,
    tenant_ids,
)
from engine.audit import verify_chain
from engine.db import transaction
from engine.errors import NotFound
from engine.identity.actor import system_actor
from engine.process import registry, runtime

process_app = typer.Typer(help="Process models: deploy, list, validate.", no_args_is_help=True)
timers_app = typer.Typer(help="Timer events.", no_args_is_help=True)
incident_app = typer.Typer(help="Failed service tasks.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)

TenantOpt = Annotated[str | None, typer.Option("--tenant", "-t", help="Tenant slug (default: all)")]


def _model_files(paths: list[Path]) -> dict[str, str]:
    """Files of the given folders and files, keyed like the registry reads a folder."""
    files: dict[str, str] = {}
    for path in paths:
        if path.is_dir():
            files.update(registry.read_folder(path))
        elif path.is_file():
            files[path.name] = path.read_text(encoding="utf-8")
        else:
            raise NotFound(f"no such file or folder: {path}")
    return files


@process_app.command("validate")
def process_validate(
    paths: Annotated[list[Path], typer.Argument(help="Folders or .bpmn/.dmn/.json files")],
) -> None:
    """Parse and lint models without deploying; names file and element of every error."""
    with reported_errors():
        from api.wiring import load_domains

        load_domains()  # service handlers must be registered for the lint
        keys = registry.validate_files(_model_files(paths))
    console.print(f"[green]✓[/] valid: {', '.join(keys)}")


@process_app.command("deploy")
def process_deploy(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Folders or files (default: settings.bpmn_dir)")
    ] = None,
    tenant: TenantOpt = None,
) -> None:
    """Deploy models; unchanged files create no new version."""
    settings = load_settings()
    with reported_errors():
        factory = open_factory(settings)
        files = _model_files(paths or [settings.bpmn_dir])
        registry.validate_files(files)  # one clear error before touching any tenant
        for tenant_id, slug in tenant_ids(factory, tenant):
            with transaction(factory, tenant_id) as session:
                results = registry.deploy_files(session, system_actor(tenant_id, "cli"), files)
            for r in results:
                state = "[green]new[/]" if r.created else "unchanged"
                console.print(f"{slug}: {r.key} v{r.version} {state}")


@process_app.command("list")
def process_list(tenant: TenantOpt = None) -> None:
    """Deployed process versions per tenant."""
    settings = load_settings()
    table = Table("tenant", "key", "version", "name", "deployed at", "by")
    with reported_errors():
        factory = open_factory(settings)
        for tenant_id, slug in tenant_ids(factory, tenant):
            with transaction(factory, tenant_id) as session:
                for d in registry.list_definitions(session):
                    at = d.deployed_at.isoformat(timespec="seconds")
                    table.add_row(slug, d.key, str(d.version), d.name, at, d.deployed_by)
    console.print(table)


@timers_app.command("run-due")
def timers_run_due() -> None:
    """Fire every due timer once (what the scheduler in `akkoord serve` does)."""
    settings = load_settings()
    with reported_errors():
        fired = runtime.run_due_timers(open_factory(settings))
    console.print(f"fired timers of {fired} process instance(s)")


@incident_app.command("retry")
def incident_retry(
    incident_id: Annotated[str, typer.Argument(help="Incident id")],
    tenant: Annotated[str, typer.Option("--tenant", "-t", help="Tenant slug")],
) -> None:
    """Retry the failed step of an incident."""
    settings = load_settings()
    with reported_errors():
        try:
            key = uuid.UUID(incident_id)
        except ValueError:
            raise NotFound(f"no incident {incident_id}") from None
        factory = open_factory(settings)
        [(tenant_id, _slug)] = tenant_ids(factory, tenant)
        with transaction(factory, tenant_id) as session:
            runtime.retry_incident(session, system_actor(tenant_id, "cli"), key)
            still_open = runtime.open_incidents(session)
    console.print(f"[green]✓[/] incident {incident_id} retried")
    if still_open:
        console.print(f"{len(still_open)} incident(s) still open in {tenant!r}")


@audit_app.command("verify")
def audit_verify(tenant: TenantOpt = None) -> None:
    """Check each tenant's hash chain; exit 1 at the first broken link."""
    settings = load_settings()
    broken = False
    with reported_errors():
        factory = open_factory(settings)
        for tenant_id, slug in tenant_ids(factory, tenant):
            with transaction(factory) as session:
                report = verify_chain(session, tenant_id)
            if report.ok:
                console.print(f"[green]✓[/] {slug}: {report.entries} entries, chain intact")
            else:
                broken = True
                err_console.print(
                    f"[red]✗[/] {slug}: broken at entry {report.broken_at_seq}: {report.reason}",
                    highlight=False,
                )
    if broken:
        raise typer.Exit(1)
