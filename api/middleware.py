"""Headers every response carries (security, API version, Server-Timing), trailing-slash
refusal and the last-resort 500.

Pure ASGI (no BaseHTTPMiddleware) so it adds nothing measurable to each request and
also wraps the 500 answer of an unexpected error.
"""

from __future__ import annotations

import logging
import time

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import internal_error, problem

API_VERSION = "1.0.0"
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"referrer-policy", b"no-referrer"),
)
log = logging.getLogger("akkoord.api")


class ApiHeadersMiddleware:
    """Security headers and ``API-Version`` on every response; ``/path/`` answers 404."""

    def __init__(self, app: ASGIApp, api_prefix: str = "/api/") -> None:
        self.app = app
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        is_api = path.startswith(self.api_prefix)
        started = False
        arrived = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = _with_headers(list(message.get("headers", [])), is_api)
                message["headers"] = [*headers, _server_timing(arrived)]
            await send(message)

        if path != "/" and path.endswith("/"):
            # NL API Design Rules: no trailing slashes, and no redirect either.
            response = problem(Request(scope), 404, "Not found", "Paths have no trailing slash.")
            await response(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s", path)
            if started:
                raise
            await internal_error(Request(scope))(scope, receive, send_with_headers)


def _server_timing(arrived: float) -> tuple[bytes, bytes]:
    # Server time up to the response start, so benchmarks need not count loopback and client.
    return (b"server-timing", f"app;dur={(time.perf_counter() - arrived) * 1000:.1f}".encode())


def _with_headers(headers: list[tuple[bytes, bytes]], is_api: bool) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    extra = list(SECURITY_HEADERS)
    extra.append((b"api-version", API_VERSION.encode()))
    if is_api:
        # API answers are never cached; web pages decide for themselves.
        extra.append((b"cache-control", b"no-store"))
    return headers + [(name, value) for name, value in extra if name not in present]
