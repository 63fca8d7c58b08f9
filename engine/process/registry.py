"""Process registry: deploy BPMN/DMN/form files as content-hashed versions.

Redeploying unchanged files creates nothing; a changed file creates a new version;
running instances keep the version they started with. Any parse or lint error names
the file and element and deploys nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from engine.audit import record
from engine.errors import FieldError, NotFound, ProcessModelError
from engine.identity.actor import Actor
from engine.identity.roles import Role
from engine.process.handlers import handler_names
from engine.process.models import ProcessDefinition
from engine.process.specs import CODEC, ParsedModels, build_spec, parse_models

FORM_PROPERTY = "formJsonSchemaFilename"
_MODEL_SUFFIXES = (".bpmn", ".dmn", ".json")


@dataclass(frozen=True)
class DeployResult:
    key: str
    version: int
    created: bool


@dataclass(frozen=True)
class _Candidate:
    key: str
    name: str
    files: dict[str, str]
    spec_blob: bytes
    forms: dict[str, Any]
    lanes: dict[str, str]
    content_hash: str


def read_folder(folder: Path) -> dict[str, str]:
    """Every model file below ``folder``, keyed by its path relative to it."""
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in _MODEL_SUFFIXES
    }


def validate_files(files: dict[str, str]) -> list[str]:
    """Parse and lint; returns the executable process keys or raises ProcessModelError."""
    return [c.key for c in _candidates(files)]


def deploy_folder(session: Session, actor: Actor, folder: Path) -> list[DeployResult]:
    return deploy_files(session, actor, read_folder(folder))


def deploy_files(session: Session, actor: Actor, files: dict[str, str]) -> list[DeployResult]:
    actor.require(Role.PROCESONTWERPER, Role.BEHEERDER)
    return [_deploy_one(session, actor, c) for c in _candidates(files)]


def list_definitions(session: Session, key: str | None = None) -> list[ProcessDefinition]:
    query = select(ProcessDefinition).order_by(ProcessDefinition.key, ProcessDefinition.version)
    if key is not None:
        query = query.where(ProcessDefinition.key == key)
    return list(session.scalars(query))


def latest_definition(session: Session, key: str) -> ProcessDefinition:
    definition = session.scalars(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
        # every case start asks: the files and the spec (some 300 kB) load only when needed
        .options(defer(ProcessDefinition.files), defer(ProcessDefinition.spec))
    ).first()
    if definition is None:
        raise NotFound(f"no process {key!r} is deployed")
    return definition


_forms_cache: dict[uuid.UUID, dict[str, Any]] = {}


def forms_of(session: Session, definition_id: uuid.UUID) -> dict[str, Any]:
    """Task forms of a deployed version; versions never change, so they are cached."""
    forms = _forms_cache.get(definition_id)
    if forms is None:
        forms = session.scalar(
            select(ProcessDefinition.forms).where(ProcessDefinition.id == definition_id)
        )
        forms = _forms_cache[definition_id] = forms or {}
    return forms


def get_definition(session: Session, key: str, version: int) -> ProcessDefinition:
    definition = session.scalars(
        select(ProcessDefinition).where(
            ProcessDefinition.key == key, ProcessDefinition.version == version
        )
    ).first()
    if definition is None:
        raise NotFound(f"process {key!r} has no version {version}")
    return definition


def _deploy_one(session: Session, actor: Actor, candidate: _Candidate) -> DeployResult:
    existing = session.scalars(
        select(ProcessDefinition).where(
            ProcessDefinition.key == candidate.key,
            ProcessDefinition.content_hash == candidate.content_hash,
        )
    ).first()
    if existing is not None:
        return DeployResult(candidate.key, existing.version, created=False)
    latest = session.scalar(
        select(func.max(ProcessDefinition.version)).where(ProcessDefinition.key == candidate.key)
    )
    definition = ProcessDefinition(
        tenant_id=actor.tenant_id,
        key=candidate.key,
        name=candidate.name,
        version=(latest or 0) + 1,
        content_hash=candidate.content_hash,
        files=candidate.files,
        spec=candidate.spec_blob,
        forms=candidate.forms,
        lanes=candidate.lanes,
        deployed_by=actor.label,
    )
    session.add(definition)
    session.flush()
    record(
        session,
        actor,
        "process.deployed",
        "process_definition",
        definition.id,
        after={
            "key": definition.key,
            "version": definition.version,
            "hash": definition.content_hash,
        },
    )
    return DeployResult(definition.key, definition.version, created=True)


def _candidates(files: dict[str, str]) -> list[_Candidate]:
    models = parse_models(files)
    if not models.executable_ids:
        error = FieldError("files", "no executable BPMN process found")
        raise ProcessModelError(error.message, [error])
    candidates, errors = [], []
    for key in models.executable_ids:
        try:
            candidates.append(_candidate(models, files, key))
        except ProcessModelError as exc:
            errors.extend(exc.errors)
    if errors:
        raise ProcessModelError(f"{errors[0].field}: {errors[0].message}", errors)
    return candidates


def _candidate(models: ParsedModels, files: dict[str, str], key: str) -> _Candidate:
    spec, subprocess_specs = build_spec(models, key)
    task_specs = [(key, t) for t in spec.task_specs.values()] + [
        (sub_key, t) for sub_key, sub in subprocess_specs.items() for t in sub.task_specs.values()
    ]
    errors: list[FieldError] = []
    forms: dict[str, Any] = {}
    lanes: dict[str, str] = {}
    used_files = {models.process_files[key]}
    used_files.update(
        models.process_files[s] for s in subprocess_specs if s in models.process_files
    )
    used_files.update(n for n in files if n.endswith(".dmn"))
    for process_key, task in task_specs:
        where = f"{models.process_files.get(process_key, process_key)}#{task.bpmn_id}"
        errors.extend(_lint_task(task, where, files, forms, lanes, used_files))
    if errors:
        raise ProcessModelError(f"{errors[0].field}: {errors[0].message}", errors)
    used = {n: files[n] for n in sorted(used_files)}
    digest = hashlib.sha256(json.dumps(used, sort_keys=True).encode()).hexdigest()
    return _Candidate(
        key,
        spec.description or key,
        used,
        CODEC.dump_specs(spec, subprocess_specs),
        forms,
        lanes,
        digest,
    )


def _lint_task(
    task: Any,
    where: str,
    files: dict[str, str],
    forms: dict[str, Any],
    lanes: dict[str, str],
    used_files: set[str],
) -> list[FieldError]:
    errors: list[FieldError] = []
    kind = type(task).__name__
    if kind == "UserTask":
        if task.lane not in {r.value for r in Role}:
            errors.append(
                FieldError(
                    where, f"user task must be in a lane named after a role, not {task.lane!r}"
                )
            )
        lanes[task.bpmn_id] = task.lane or ""
        form_name = (task.extensions or {}).get("properties", {}).get(FORM_PROPERTY)
        if form_name:
            errors.extend(_lint_form(form_name, where, files, forms, task.bpmn_id, used_files))
    elif kind == "ServiceTask" and task.operation_name not in handler_names():
        errors.append(FieldError(where, f"no service handler named {task.operation_name!r}"))
    return errors


def _lint_form(
    form_name: str,
    where: str,
    files: dict[str, str],
    forms: dict[str, Any],
    task_key: str,
    used_files: set[str],
) -> list[FieldError]:
    path = next((n for n in (form_name, f"forms/{form_name}") if n in files), None)
    if path is None:
        return [FieldError(where, f"form {form_name!r} not found")]
    try:
        schema = json.loads(files[path])
        jsonschema.Draft202012Validator.check_schema(schema)
    except (json.JSONDecodeError, jsonschema.SchemaError) as exc:
        return [FieldError(f"{path}", f"invalid form schema: {str(exc).splitlines()[0]}")]
    forms[task_key] = schema
    used_files.add(path)
    return []
