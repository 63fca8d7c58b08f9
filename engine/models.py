"""Imports every kernel model so the metadata is complete (migrations, tests)."""

from engine.audit.models import AuditEntry, AuditHead
from engine.cases import handlers as _builtin_handlers  # noqa: F401  (registers case.*)
from engine.cases.models import Case
from engine.identity.models import ApiClient, Tenant, User
from engine.process.models import (
    CompletedTask,
    Incident,
    PendingMessage,
    PendingTimer,
    ProcessDefinition,
    ProcessInstance,
    WorkItem,
)

__all__ = [
    "ApiClient",
    "AuditEntry",
    "AuditHead",
    "Case",
    "CompletedTask",
    "Incident",
    "PendingMessage",
    "PendingTimer",
    "ProcessDefinition",
    "ProcessInstance",
    "Tenant",
    "User",
    "WorkItem",
]
