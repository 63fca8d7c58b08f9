"""Who is acting: a person, an API client or a system job, always within one tenant."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.errors import PermissionDenied
from engine.identity.roles import Role


@dataclass(frozen=True)
class Actor:
    tenant_id: int
    kind: Literal["user", "client", "system"]
    id: str
    name: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    # how a person signs what they send (letters): known at login, so no step reads it again
    full_name: str = ""
    email: str = ""

    def has_role(self, role: str) -> bool:
        return self.kind == "system" or role in self.roles

    def require(self, *roles: Role) -> None:
        """Refuse unless the actor holds one of ``roles``."""
        if self.kind == "system" or any(r in self.roles for r in roles):
            return
        wanted = " or ".join(r.value for r in roles)
        raise PermissionDenied(f"this needs the role {wanted}")

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.name}"


def system_actor(tenant_id: int, job: str) -> Actor:
    return Actor(tenant_id=tenant_id, kind="system", id=job, name=job)
