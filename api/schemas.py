"""Shared pydantic bases for the REST API: camelCase JSON, pages of results."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from engine.errors import NotFound


class CamelModel(BaseModel):
    """JSON fields in lowerCamelCase (NL API Design Rules); Python names stay snake_case."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class PageParams(CamelModel):
    limit: int
    offset: int


Limit = Annotated[int, Query(ge=1, le=200, description="Results per page")]
Offset = Annotated[int, Query(ge=0, description="Results to skip")]
# Path ids are plain strings: a malformed id is answered like an unknown one (404).
CaseIdPath = Annotated[str, Path(alias="caseId", description="Case id (UUID)")]
TaskIdPath = Annotated[str, Path(alias="taskId", description="Task id (UUID)")]


class Problem(CamelModel):
    """An error answer (RFC 9457 problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, object]] = {
    code: {"model": Problem, "description": text}
    for code, text in (
        (400, "Invalid input (problem+json, lists every invalid field)"),
        (401, "Missing or invalid access token"),
        (403, "The client lacks the role this needs"),
        (404, "Unknown id, or one of another municipality"),
        (409, "Already done, or changed by someone else"),
    )
}


def parse_id(value: str, what: str) -> uuid.UUID:
    """A path id; a malformed one is just an unknown id (404), like another tenant's."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(f"no {what} {value}") from None
