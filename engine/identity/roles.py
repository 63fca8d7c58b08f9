"""The roles of Akkoord. A BPMN lane is named after the role that may work its tasks."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    INTAKE = "intake"
    SCHULDHULPVERLENER = "schuldhulpverlener"
    BUDGETBEHEERDER = "budgetbeheerder"
    TEAMLEIDER = "teamleider"
    ARCHIVARIS = "archivaris"
    PROCESONTWERPER = "procesontwerper"
    BEHEERDER = "beheerder"
    AUDITOR = "auditor"


ALL_ROLES = frozenset(Role)
CASE_WORKER_ROLES = frozenset(
    {Role.INTAKE, Role.SCHULDHULPVERLENER, Role.BUDGETBEHEERDER, Role.TEAMLEIDER}
)


def parse_roles(names: list[str] | tuple[str, ...] | set[str]) -> frozenset[Role]:
    from engine.errors import FieldError, ValidationFailed

    unknown = [n for n in names if n not in {r.value for r in Role}]
    if unknown:
        raise ValidationFailed(
            f"unknown role(s): {', '.join(unknown)}; known: {', '.join(sorted(Role))}",
            [FieldError("roles", f"unknown role {n!r}") for n in unknown],
        )
    return frozenset(Role(n) for n in names)
