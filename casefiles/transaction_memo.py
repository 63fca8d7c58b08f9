"""Rows that several handlers of one workflow step need, kept for the rest of the transaction.

The session holds loaded rows only weakly: a row nobody references is dropped, and the next
handler of the same step loads it again (one more query). ``memo(session)`` is a dict that
lives as long as the session's current transaction and is dropped on any rollback, also of
the savepoint of a failed service task, so it never outlives the rows it mirrors. Only what
the writers in this package keep up to date belongs in it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_KEY = "casefiles.transaction_memo"


def memo(session: Session) -> dict[Any, Any]:
    """The memo of the session's current transaction (begun now if it has not yet)."""
    root = session.get_transaction() or session.begin()
    held = session.info.get(_KEY)
    if held is None or held[0] is not root:
        held = session.info[_KEY] = (root, {})
    memo_of_root: dict[Any, Any] = held[1]
    return memo_of_root


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: SessionTransaction) -> None:
    session.info.pop(_KEY, None)
