"""One transaction for a page read: the session check and the page's queries share it (one
connection, one BEGIN and COMMIT instead of two of each).

Only GET and HEAD pages get one, read-only: on SQLite they read beside the writer instead of
queueing for its lock. A page that changes data checks the session in a short read
transaction of its own and writes in another, so it never holds a transaction open while it
awaits the request body.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.deps import READING_METHODS
from engine.db import begin_session, commit_and_close, rollback_and_close, scope_to_tenant


class PageRead:
    """The read transaction of one page request, opened by whoever needs it first."""

    def __init__(self, request: Request) -> None:
        self._factory = request.app.state.session_factory
        self._session: Session | None = None

    def session(self) -> Session:
        if self._session is None:
            self._session = begin_session(self._factory, read_only=True)
        return self._session

    def hand_over(self, tenant_id: int) -> Session:
        """The open transaction, scoped to the tenant, for the page to finish."""
        session = scope_to_tenant(self.session(), tenant_id)
        self._session = None
        return session

    @property
    def is_open(self) -> bool:
        return self._session is not None

    def finish(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            commit_and_close(session)

    def abandon(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            rollback_and_close(session)


def page_read(request: Request) -> PageRead | None:
    found = getattr(request.state, "page_read", None)
    return found if isinstance(found, PageRead) else None


async def read_in_one_transaction(request: Request) -> AsyncIterator[None]:
    """Route dependency of the web pages: finishes what the page left open (a session check
    whose page did not query) before the answer goes out."""
    if request.method not in READING_METHODS:
        yield
        return
    read = request.state.page_read = PageRead(request)
    try:
        yield
    except BaseException:
        if read.is_open:
            await run_in_threadpool(read.abandon)
        raise
    if read.is_open:
        await run_in_threadpool(read.finish)
