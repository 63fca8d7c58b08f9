"""Service-task handlers of the debt-relief process models (bpmn/*.bpmn), one module per
phase; importing this package registers every ``casefiles.*`` handler.

Each handler does its work in the case file through the case file services and returns only
the small facts the process routes or waits on: flags, counts, amounts as strings and ISO
moments for timers. Service tasks act with the authority of the process: the person whose
step triggered them was already checked against the lane of that step.
"""

from casefiles.handlers import budget_management, budget_plan, intake, monitoring, negotiation
from casefiles.handlers.monitoring import report_deviation
from casefiles.handlers.negotiation import notify_if_all_answered

# The modules are imported for their @service_handler registrations; the two functions are
# what the case file and inbound messages call to signal the waiting process.
__all__ = [
    "budget_management",
    "budget_plan",
    "intake",
    "monitoring",
    "negotiation",
    "notify_if_all_answered",
    "report_deviation",
]
