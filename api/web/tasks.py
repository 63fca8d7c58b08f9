"""A task: its form from the JSON Schema, server-side validation, completion."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web import forms
from api.web.auth_routes import checked_form, csrf_refused
from api.web.rendering import forbidden, not_found, redirect, render, require_user, tenant_tx
from engine.cases import service as case_service
from engine.errors import AlreadyCompleted, NotFound, PermissionDenied, ValidationFailed
from engine.process import runtime

router = APIRouter(include_in_schema=False)


def _page(request: Request, task_id: uuid.UUID) -> tuple[Any, Any, dict[str, Any]]:
    web_user = require_user(request)
    with tenant_tx(request, web_user) as session:
        view = runtime.get_task(session, task_id)
        case = case_service.get_case(session, view.item.case_id)
    return view.item, case, view.form or {"type": "object", "properties": {}}


@router.get("/taken/{task_id}")
def task_form(request: Request, task_id: uuid.UUID) -> Response:
    try:
        item, case, schema = _page(request, task_id)
    except NotFound:
        return not_found(request)
    fields = forms.build_fields(schema)
    context = {"item": item, "case": case, "schema": schema, "fields": fields, "errors": {}}
    return render(request, "task.html", context)


@router.post("/taken/{task_id}")
async def task_complete(request: Request, task_id: uuid.UUID) -> Response:
    web_user = require_user(request)
    form = await checked_form(request)
    if form is None:
        return csrf_refused(request)
    try:
        item, case, schema = _page(request, task_id)
    except NotFound:
        return not_found(request)
    fields = forms.build_fields(schema)
    values = {k: str(v) for k, v in form.items()}
    data, errors = forms.parse(fields, values)
    errors = forms.check(schema, data, errors)
    if not errors:
        try:
            with tenant_tx(request, web_user) as session:
                runtime.complete_task(session, web_user.actor, task_id, data)
        except ValidationFailed as failure:
            for field_error in failure.errors:
                errors.setdefault(field_error.field, []).append(forms.dutch(field_error.message))
            if not failure.errors:
                errors["form"] = [str(failure)]
        except PermissionDenied:
            return forbidden(request, "U heeft niet de rol die voor deze taak nodig is.")
        except (AlreadyCompleted, NotFound):
            return render(
                request,
                "error.html",
                {"title": "Taak al afgerond", "message": "Iemand heeft deze taak al afgerond."},
                status=409,
            )
    if errors:
        context = {
            "item": item,
            "case": case,
            "schema": schema,
            "fields": fields,
            "errors": errors,
            "labels": forms.labels(fields),
        }
        return render(request, "task.html", context, status=400)
    return redirect(request, f"/zaken/{case.id}?afgerond=1")
