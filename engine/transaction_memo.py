"""What several handlers of one workflow step ask the database again and again, kept for
the rest of the transaction.

A row got by its key is answered from the session (``engine.db`` holds loaded rows for the
transaction); the results of queries are not: the claims of a case, its persons, its latest
VTLB. ``memo(session)`` is a dict for those that lives as long as the session's current
transaction and is dropped on any rollback, also of a savepoint, so it never outlives the
rows it mirrors. Whoever puts a result in it keeps it up to date when writing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_KEY = "engine.transaction_memo"


def memo(session: Session) -> dict[Any, Any]:
    """The memo of the session's current transaction (begun now if it has not yet)."""
    root = session.get_transaction() or session.begin()
    held = session.info.get(_KEY)
    if held is None or held[0] is not root:
        held = session.info[_KEY] = (root, {})
    memo_of_root: dict[Any, Any] = held[1]
    return memo_of_root


def queue(session: Session, key: str) -> list[Any]:
    """The list ``key`` of rows the session's transaction writes at its commit (audit entries,
    processing-log rows). The transaction is begun now if it has not been, so that its
    rollback, which drops the list (``engine.audit.service``), cannot pass it by."""
    session.get_transaction() or session.begin()
    rows: list[Any] = session.info.setdefault(key, [])
    return rows


T = TypeVar("T")


def held_or_read(session: Session, key: Any, read: Callable[[], T]) -> T:
    """What the memo holds under ``key``; else ``read()``, held for the transaction."""
    held = memo(session)
    if key not in held:
        held[key] = read()
    found: T = held[key]
    return found


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: SessionTransaction) -> None:
    session.info.pop(_KEY, None)
