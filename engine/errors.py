"""Domain errors, defined once. The API maps each base class to one HTTP status."""

from __future__ import annotations

from dataclasses import dataclass


class AkkoordError(Exception):
    """Base of every error a user may see. The message is shown as is: keep it specific."""

    title = "Request could not be handled"


class NotFound(AkkoordError):
    title = "Not found"


class PermissionDenied(AkkoordError):
    title = "Not allowed"


class AuthenticationFailed(AkkoordError):
    title = "Not authenticated"


class Conflict(AkkoordError):
    title = "Conflict"


class StaleState(Conflict):
    title = "Changed by someone else"


class AlreadyCompleted(Conflict):
    title = "Already completed"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class ValidationFailed(AkkoordError):
    """Invalid input; carries every field error at once."""

    title = "Invalid input"

    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class ProcessModelError(ValidationFailed):
    """A BPMN/DMN/form file that cannot be deployed: names the file and element."""

    title = "Invalid process model"


class NoMatchingCase(NotFound):
    title = "No case is waiting for this message"
