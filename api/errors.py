"""Domain errors mapped to HTTP once, as ``application/problem+json`` (RFC 9457).

One handler per AkkoordError base class; request validation lists every error at once;
anything unexpected becomes a bare 500 problem: no stack trace or message ever leaks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.errors import (
    AkkoordError,
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

PROBLEM_JSON = "application/problem+json"
BEARER_CHALLENGE = 'Bearer realm="akkoord"'
log = logging.getLogger("akkoord.api")

# Most specific first: the first matching base class decides the status.
STATUS_OF: tuple[tuple[type[AkkoordError], int], ...] = (
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (ValidationFailed, 400),
    (AkkoordError, 400),
)


def problem(
    request: Request | None,
    status: int,
    title: str,
    detail: str | None = None,
    *,
    invalid_params: Sequence[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.url.path
    if invalid_params is not None:
        body["invalidParams"] = list(invalid_params)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def status_of(exc: AkkoordError) -> int:
    return next(status for cls, status in STATUS_OF if isinstance(exc, cls))


def _akkoord_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AkkoordError)
    status = status_of(exc)
    headers = {"WWW-Authenticate": BEARER_CHALLENGE} if status == 401 else None
    params = None
    if isinstance(exc, ValidationFailed):
        params = [{"name": e.field, "reason": e.message} for e in exc.errors]
    return problem(request, status, exc.title, str(exc), invalid_params=params, headers=headers)


def _request_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    params = [_invalid_param(error) for error in exc.errors()]
    return problem(
        request,
        400,
        "Invalid input",
        f"{len(params)} field(s) are invalid",
        invalid_params=params,
    )


def _invalid_param(error: dict[str, Any]) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    where = loc[0] if loc and loc[0] in {"body", "query", "path", "header", "cookie"} else ""
    name = ".".join(loc[1:] if where else loc) or where or "body"
    return {"name": name, "in": where or "body", "reason": str(error.get("msg", "invalid"))}


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 401: "Not authenticated"}
    headers = dict(exc.headers or {})
    if exc.status_code == 401:
        headers.setdefault("WWW-Authenticate", BEARER_CHALLENGE)
    detail = exc.detail if isinstance(exc.detail, str) else None
    title = titles.get(exc.status_code, "Request could not be handled")
    return problem(request, exc.status_code, title, detail, headers=headers or None)


def internal_error(request: Request | None) -> JSONResponse:
    return problem(request, 500, "Internal error", "Something went wrong on our side.")


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return internal_error(request)


def install_error_handlers(app: FastAPI) -> None:
    for cls, _status in STATUS_OF:
        app.add_exception_handler(cls, _akkoord_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
