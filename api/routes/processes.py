"""Process definitions: list deployed versions, deploy uploaded BPMN/DMN/form files."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status

from api.deps import ActorDep, SessionDep
from api.schemas import PROBLEM_RESPONSES, CamelModel
from engine.errors import FieldError, ValidationFailed
from engine.identity.roles import Role
from engine.process import registry

router = APIRouter(tags=["process-definitions"], responses=PROBLEM_RESPONSES)
MODEL_SUFFIXES = (".bpmn", ".dmn", ".json")
MAX_FILE_BYTES = 2 * 1024 * 1024


class ProcessDefinitionOut(CamelModel):
    id: uuid.UUID
    key: str
    name: str
    version: int
    content_hash: str
    deployed_by: str
    deployed_at: datetime
    files: list[str]


class DefinitionList(CamelModel):
    results: list[ProcessDefinitionOut]


class DeployedOut(CamelModel):
    key: str
    version: int
    created: bool


class DeployOut(CamelModel):
    results: list[DeployedOut]


@router.get("/process-definitions", summary="List deployed process versions")
def list_process_definitions(
    session: SessionDep, actor: ActorDep, key: str | None = None
) -> DefinitionList:
    definitions = registry.list_definitions(session, key)
    return DefinitionList(
        results=[
            ProcessDefinitionOut(
                id=d.id,
                key=d.key,
                name=d.name,
                version=d.version,
                content_hash=d.content_hash,
                deployed_by=d.deployed_by,
                deployed_at=d.deployed_at,
                files=sorted(d.files),
            )
            for d in definitions
        ]
    )


@router.post(
    "/process-definitions",
    status_code=status.HTTP_201_CREATED,
    summary="Deploy BPMN, DMN and form files (unchanged files create no new version)",
)
def deploy_process_definitions(
    session: SessionDep, actor: ActorDep, files: Annotated[list[UploadFile], File()]
) -> DeployOut:
    # Refuse before reading any upload: deploying is for process designers only.
    # Sync on purpose: parsing models is CPU work, FastAPI runs it in its thread pool.
    actor.require(Role.PROCESONTWERPER, Role.BEHEERDER)
    contents = read_uploads(files)
    results = registry.deploy_files(session, actor, contents)
    deployed = [DeployedOut(key=r.key, version=r.version, created=r.created) for r in results]
    return DeployOut(results=deployed)


def read_uploads(files: list[UploadFile]) -> dict[str, str]:
    """Uploaded model files by base name; every bad file is reported at once."""
    contents: dict[str, str] = {}
    errors: list[FieldError] = []
    for upload in files:
        name = PurePath(upload.filename or "").name
        data = upload.file.read(MAX_FILE_BYTES + 1)
        if not name.endswith(MODEL_SUFFIXES):
            errors.append(FieldError(name or "files", "only .bpmn, .dmn and .json files"))
        elif len(data) > MAX_FILE_BYTES:
            errors.append(FieldError(name, "file is larger than 2 MB"))
        elif name in contents:
            errors.append(FieldError(name, "file name appears twice"))
        else:
            try:
                contents[name] = data.decode("utf-8")
            except UnicodeDecodeError:
                errors.append(FieldError(name, "file is not UTF-8 text"))
    if errors:
        raise ValidationFailed(f"{len(errors)} uploaded file(s) cannot be used", errors)
    return contents
