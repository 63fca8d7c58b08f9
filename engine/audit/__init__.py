"""Append-only, hash-chained audit trail per tenant."""

from engine.audit.service import record, verify_chain

__all__ = ["record", "verify_chain"]
