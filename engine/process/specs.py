"""Parse BPMN/DMN files into SpiffWorkflow specs and (de)serialize specs once per version."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.errors import FieldError, ProcessModelError

SERIALIZER_VERSION = "spiff-3.2/akkoord-1"


@dataclass(frozen=True)
class ParsedModels:
    parser: SpiffBpmnParser
    process_files: dict[str, str]  # process id -> file name

    @property
    def executable_ids(self) -> list[str]:
        return sorted(self.process_files)


def parse_models(files: dict[str, str]) -> ParsedModels:
    """Parse every .bpmn and .dmn file; raise one ProcessModelError listing what is wrong."""
    parser = SpiffBpmnParser(validator=VALIDATOR)
    errors: list[FieldError] = []
    for name, text in sorted(files.items()):
        if not name.endswith((".bpmn", ".dmn")):
            continue
        try:
            tree = etree.fromstring(text.encode())
            if name.endswith(".bpmn"):
                parser.add_bpmn_xml(tree, filename=name)
            else:
                parser.add_dmn_xml(tree, filename=name)
        except etree.XMLSyntaxError as exc:
            errors.append(
                FieldError(f"{name}#line {exc.lineno}", f"not well-formed XML: {exc.msg}")
            )
        except ValidationException as exc:
            errors.append(_field_error(exc, name))
    if errors:
        raise ProcessModelError(_summary(errors), errors)
    process_files = {pid: pp.filename for pid, pp in parser.process_parsers.items()}
    return ParsedModels(parser, process_files)


def build_spec(models: ParsedModels, key: str) -> tuple[BpmnProcessSpec, dict[str, Any]]:
    try:
        return models.parser.get_spec(key), models.parser.get_subprocess_specs(key)
    except ValidationException as exc:
        error = _field_error(exc, models.process_files.get(key, "?"))
        raise ProcessModelError(_summary([error]), [error]) from None
    except SpiffWorkflowException as exc:
        error = FieldError(f"{models.process_files.get(key, '?')}#{key}", str(exc))
        raise ProcessModelError(_summary([error]), [error]) from None


def _field_error(exc: ValidationException, default_file: str) -> FieldError:
    file_name = getattr(exc, "file_name", None) or default_file
    element = getattr(exc, "id", None) or getattr(exc, "name", None) or "?"
    line = getattr(exc, "line_number", None)
    where = f"{file_name}#{element}" + (f" (line {line})" if line else "")
    message = str(exc).split("\n")[0]
    return FieldError(where, message)


def _summary(errors: list[FieldError]) -> str:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{first.field}: {first.message}{more}"


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """Instance state without the process spec: the spec is stored once per version."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct: dict[str, Any] = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def restore(
        self, dct: dict[str, Any], spec: BpmnProcessSpec, subprocess_specs: dict[str, Any]
    ) -> BpmnWorkflow:
        workflow = BpmnWorkflow(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], uuid.UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(uuid.UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class SpecCodec:
    """Serializer setup shared by the registry (specs) and instance state."""

    def __init__(self) -> None:
        self.registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
        self.serializer = BpmnWorkflowSerializer(self.registry)
        self.workflow_converter = SpeclessWorkflowConverter(BpmnWorkflow, self.registry)

    def dump_specs(self, spec: BpmnProcessSpec, subprocess_specs: dict[str, Any]) -> bytes:
        payload = {
            "spec": self.registry.convert(spec),
            "subprocess_specs": self.workflow_converter.mapping_to_dict(subprocess_specs),
        }
        return json.dumps(payload, cls=self.serializer._encoder_cls).encode()

    def load_specs(self, blob: bytes) -> tuple[BpmnProcessSpec, dict[str, Any]]:
        payload = json.loads(blob, cls=self.serializer.json_decoder_cls)
        spec = self.registry.restore(payload["spec"])
        subprocess_specs = self.workflow_converter.mapping_from_dict(payload["subprocess_specs"])
        return spec, subprocess_specs


CODEC = SpecCodec()
_spec_cache: dict[uuid.UUID, tuple[BpmnProcessSpec, dict[str, Any]]] = {}
_spec_lock = threading.Lock()


def specs_for(
    definition_id: uuid.UUID, blob: Callable[[], bytes]
) -> tuple[BpmnProcessSpec, dict[str, Any]]:
    """Specs of a deployed version, restored once per process (versions never change);
    ``blob`` is asked for the stored spec only then."""
    cached = _spec_cache.get(definition_id)
    if cached is None:
        with _spec_lock:
            cached = _spec_cache.get(definition_id)
            if cached is None:
                cached = _spec_cache[definition_id] = CODEC.load_specs(blob())
    return cached
