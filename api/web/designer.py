"""Process designer: processes with versions and running counts, the bpmn-js modeler,
validate (server parse + lint, errors placed on the diagram), deploy, download."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select

from api.web.auth_routes import checked_form
from api.web.rendering import forbidden, not_found, render, require_user, secure, tenant_tx
from api.web.sessions import WebUser
from engine.errors import NotFound, PermissionDenied, ValidationFailed
from engine.process import registry
from engine.process.models import ProcessDefinition, ProcessInstance

router = APIRouter(include_in_schema=False)
DESIGNERS = {"procesontwerper", "beheerder"}


def _designer(request: Request) -> WebUser | None:
    web_user = require_user(request)
    return web_user if DESIGNERS & {str(r) for r in web_user.actor.roles} else None


def _refused(request: Request) -> Response:
    return forbidden(request, "Het procesontwerp is voor procesontwerpers en beheerders.")


@router.get("/processen")
def processes(request: Request) -> Response:
    web_user = _designer(request)
    if web_user is None:
        return _refused(request)
    with tenant_tx(request, web_user) as session:
        definitions = registry.list_definitions(session)
        running = dict(
            session.execute(
                select(ProcessInstance.definition_id, func.count())
                .where(ProcessInstance.status == "running")
                .group_by(ProcessInstance.definition_id)
            ).all()
        )
    grouped: dict[str, list[Any]] = {}
    for definition in definitions:
        grouped.setdefault(definition.key, []).append(definition)
    context = {"grouped": sorted(grouped.items()), "running": running}
    return render(request, "processes.html", context)


def _definition(request: Request, web_user: WebUser, key: str, version: int) -> ProcessDefinition:
    with tenant_tx(request, web_user) as session:
        return registry.get_definition(session, key, version)


def main_file(definition: ProcessDefinition) -> str:
    for name, text in sorted(definition.files.items()):
        if name.endswith(".bpmn") and f'id="{definition.key}"' in text:
            return name
    return next(n for n in sorted(definition.files) if n.endswith(".bpmn"))


@router.get("/processen/{key}/{version}")
def edit(request: Request, key: str, version: int) -> Response:
    web_user = _designer(request)
    if web_user is None:
        return _refused(request)
    try:
        definition = _definition(request, web_user, key, version)
    except NotFound:
        return not_found(request)
    return render(
        request, "designer.html", {"definition": definition, "file_name": main_file(definition)}
    )


@router.get("/processen/{key}/{version}/{file_name:path}")
def download(request: Request, key: str, version: int, file_name: str) -> Response:
    web_user = _designer(request)
    if web_user is None:
        return _refused(request)
    try:
        definition = _definition(request, web_user, key, version)
    except NotFound:
        return not_found(request)
    if file_name not in definition.files:
        return not_found(request)
    headers = {"Content-Disposition": f'attachment; filename="{file_name.rsplit("/", 1)[-1]}"'}
    media = "application/json" if file_name.endswith(".json") else "application/xml"
    return secure(request, Response(definition.files[file_name], media_type=media, headers=headers))


async def _files(request: Request, key: str, version: int) -> tuple[WebUser, dict[str, str]]:
    web_user = _designer(request)
    if web_user is None:
        raise PermissionDenied("designer role needed")
    form = await checked_form(request)
    if form is None:
        raise PermissionDenied("csrf")
    definition = _definition(request, web_user, key, version)
    files = dict(definition.files)
    files[str(form.get("file_name", main_file(definition)))] = str(form.get("content", ""))
    return web_user, files


def _answer(request: Request, ok: bool, title: str, errors: list[dict[str, str]]) -> Response:
    body = {"ok": ok, "title": title, "errors": errors}
    return secure(request, JSONResponse(body, status_code=200 if ok else 400))


def _errors(failure: ValidationFailed) -> list[dict[str, str]]:
    result = []
    for item in failure.errors:
        element = item.field.split("#", 1)[1] if "#" in item.field else ""
        result.append({"field": item.field, "element": element, "message": item.message})
    return result or [{"field": "", "element": "", "message": str(failure)}]


@router.post("/processen/{key}/{version}/valideren")
async def validate(request: Request, key: str, version: int) -> Response:
    try:
        _web_user, files = await _files(request, key, version)
        registry.validate_files(files)
    except PermissionDenied:
        return _answer(request, False, "Geen toegang of formulier verlopen.", [])
    except NotFound:
        return _answer(request, False, "Dit proces bestaat niet.", [])
    except ValidationFailed as failure:
        return _answer(request, False, "Het model bevat fouten.", _errors(failure))
    return _answer(request, True, "Het model is geldig.", [])


@router.post("/processen/{key}/{version}/publiceren")
async def deploy(request: Request, key: str, version: int) -> Response:
    try:
        web_user, files = await _files(request, key, version)
        with tenant_tx(request, web_user) as session:
            results = registry.deploy_files(session, web_user.actor, files)
    except PermissionDenied:
        return _answer(request, False, "Geen toegang of formulier verlopen.", [])
    except NotFound:
        return _answer(request, False, "Dit proces bestaat niet.", [])
    except ValidationFailed as failure:
        return _answer(
            request, False, "Niet gepubliceerd: het model bevat fouten.", _errors(failure)
        )
    text = ", ".join(
        f"{r.key} versie {r.version}" + ("" if r.created else " (ongewijzigd)") for r in results
    )
    return _answer(request, True, f"Gepubliceerd: {text}.", [])
