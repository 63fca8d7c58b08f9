"""``akkoord tenant|user|client create``: municipalities, people and API clients."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from api.cli.core import console, load_settings, open_factory, reported_errors
from engine.db import transaction
from engine.identity.actor import system_actor
from engine.identity.service import create_client, create_tenant, create_user, get_tenant_by_slug
from engine.process.registry import deploy_folder

tenant_app = typer.Typer(help="Municipalities (tenants).", no_args_is_help=True)
user_app = typer.Typer(help="People who log in to the web UI.", no_args_is_help=True)
client_app = typer.Typer(help="API clients (OAuth2 client credentials).", no_args_is_help=True)

TenantOpt = Annotated[str, typer.Option("--tenant", "-t", help="Tenant slug")]
RolesOpt = Annotated[
    list[str], typer.Option("--role", "-r", help="Role (repeat for several)", show_default=False)
]


@tenant_app.command("create")
def tenant_create(
    slug: Annotated[str, typer.Argument(help="Short id, e.g. 'utrecht'")],
    name: Annotated[str, typer.Option(help="Display name, e.g. 'Gemeente Utrecht'")] = "",
    deploy: Annotated[bool, typer.Option(help="Deploy the process models too")] = True,
) -> None:
    """Create a tenant (and deploy the process models into it)."""
    settings = load_settings()
    with reported_errors():
        factory = open_factory(settings)
        with transaction(factory) as session:
            tenant_id = create_tenant(session, slug=slug, name=name or slug.title()).id
        console.print(f"[green]✓[/] tenant {slug!r} created")
        if deploy and settings.bpmn_dir.is_dir():
            with transaction(factory, tenant_id) as session:
                actor = system_actor(tenant_id, "cli")
                results = deploy_folder(session, actor, settings.bpmn_dir)
            console.print(f"[green]✓[/] deployed {', '.join(r.key for r in results) or 'nothing'}")


@user_app.command("create")
def user_create(
    tenant: TenantOpt,
    username: Annotated[str, typer.Argument(help="Login name")],
    role: RolesOpt,
    full_name: Annotated[str, typer.Option(help="Full name")] = "",
    email: Annotated[str, typer.Option(help="E-mail address")] = "",
) -> None:
    """Create a user with a generated password, printed once."""
    settings = load_settings()
    password = secrets.token_urlsafe(12)
    with reported_errors():
        factory = open_factory(settings)
        with transaction(factory) as session:
            found = get_tenant_by_slug(session, tenant)
            create_user(
                session,
                tenant=found,
                username=username,
                password=password,
                roles=role,
                full_name=full_name,
                email=email,
            )
    console.print(f"[green]✓[/] user {username!r} created in {tenant!r}")
    console.print(f"password: {password}  (shown only now)", highlight=False)


@client_app.command("create")
def client_create(
    tenant: TenantOpt,
    name: Annotated[str, typer.Argument(help="What system this client is")],
    role: RolesOpt,
) -> None:
    """Register an API client; prints its id and secret once."""
    settings = load_settings()
    with reported_errors():
        factory = open_factory(settings)
        with transaction(factory) as session:
            found = get_tenant_by_slug(session, tenant)
            client, secret = create_client(session, tenant=found, name=name, roles=role)
            client_id = client.client_id
    console.print(f"[green]✓[/] client {name!r} registered in {tenant!r}")
    console.print(f"client_id:     {client_id}", highlight=False)
    console.print(f"client_secret: {secret}  (shown only now)", highlight=False)
