"""The shipped process models: valid, drawable, lanes named after roles, forms in Dutch, DMN."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from api.wiring import load_domains
from engine.identity.roles import Role
from engine.process.registry import read_folder, validate_files

MODELS = Path(__file__).resolve().parents[2] / "bpmn"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
PROCESSES = ["schuldhulp", "budgetplan", "schuldregeling", "budgetbeheer"]
FLOW_NODES = [
    "startEvent",
    "endEvent",
    "userTask",
    "serviceTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "exclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "intermediateCatchEvent",
    "boundaryEvent",
    "receiveTask",
]


def test_models_validate_and_lint_with_every_handler_registered() -> None:
    load_domains()
    assert sorted(validate_files(read_folder(MODELS))) == sorted(PROCESSES)


@pytest.mark.parametrize("key", PROCESSES)
def test_every_element_has_a_diagram_shape_or_edge_with_bounds(key: str) -> None:
    tree = etree.parse(str(MODELS / f"{key}.bpmn"))
    process = tree.find("bpmn:process", NS)
    assert process is not None
    shapes = {s.get("bpmnElement"): s for s in tree.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in tree.iterfind(".//bpmndi:BPMNEdge", NS)}
    nodes = [n for tag in FLOW_NODES for n in process.iterfind(f"bpmn:{tag}", NS)]
    assert nodes
    for node in nodes:
        shape = shapes.get(node.get("id"))
        assert shape is not None, f"{key}: no shape for {node.get('id')}"
        bounds = shape.find("dc:Bounds", NS)
        assert bounds is not None and float(bounds.get("width", 0)) > 0
    for lane in process.iterfind(".//bpmn:lane", NS):
        assert lane.get("id") in shapes, f"{key}: lane {lane.get('name')} is not drawn"
    for flow in process.iterfind("bpmn:sequenceFlow", NS):
        edge = edges.get(flow.get("id"))
        assert edge is not None, f"{key}: no edge for {flow.get('id')}"
        assert len(edge.findall("di:waypoint", NS)) >= 2


@pytest.mark.parametrize("key", PROCESSES)
def test_lanes_are_roles_and_every_user_task_has_a_dutch_form(key: str) -> None:
    tree = etree.parse(str(MODELS / f"{key}.bpmn"))
    lanes = [lane.get("name") for lane in tree.iterfind(".//bpmn:lane", NS)]
    assert lanes and set(lanes) <= {r.value for r in Role}
    spiff = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
    for task in tree.iterfind(".//bpmn:userTask", NS):
        names = {p.get("name"): p.get("value") for p in task.iter(f"{spiff}property")}
        form = json.loads((MODELS / "forms" / str(names["formJsonSchemaFilename"])).read_text())
        assert form["title"] and form["required"], task.get("id")
        for name, field in form["properties"].items():
            assert field.get("title"), f"{names['formJsonSchemaFilename']}: {name} has no title"


def _decide(decision_id: str, data: dict[str, Any]) -> dict[str, Any]:
    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_dmn_files([str(p) for p in MODELS.glob("*.dmn")])
    engine = parser.get_engine(decision_id, None)
    task = _Task(data)
    result: dict[str, Any] = engine.result(task)
    return result


class _Task:
    """Just enough of a task for the DMN engine: data and a script engine."""

    def __init__(self, data: dict[str, Any]) -> None:
        from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

        from engine.process.scripting import RestrictedEnvironment

        self.data = data
        self.task_spec = None
        engine = PythonScriptEngine(environment=RestrictedEnvironment())
        self.workflow = type("W", (), {"script_engine": engine})()


@pytest.mark.parametrize(
    ("eviction", "cut_off", "insurance", "expected"),
    [
        (True, False, False, "crisis"),
        (False, True, False, "crisis"),
        (False, False, True, "crisis"),
        (True, True, True, "crisis"),
        (False, False, False, "regulier"),
    ],
)
def test_crisis_triage(eviction: bool, cut_off: bool, insurance: bool, expected: str) -> None:
    result = _decide(
        "crisis_triage",
        {
            "dreigende_huisuitzetting": eviction,
            "dreigende_afsluiting": cut_off,
            "opzegging_zorgverzekering": insurance,
        },
    )
    assert result["termijn_type"] == expected
    assert result["crisis"] is (expected == "crisis")


@pytest.mark.parametrize(
    ("wsnp", "capacity", "credit", "expected"),
    [
        (True, "300.00", False, "wsnp_verwijzing"),
        (False, "0.00", True, "nul_aanbod"),
        (False, "-12.50", False, "nul_aanbod"),
        (False, "258.41", True, "saneringskrediet"),
        (False, "258.41", False, "schuldbemiddeling"),
        (False, "0.01", False, "schuldbemiddeling"),
    ],
)
def test_product_choice(wsnp: bool, capacity: str, credit: bool, expected: str) -> None:
    result = _decide(
        "product_keuze",
        {
            "wsnp_aangewezen": wsnp,
            "afloscapaciteit": capacity,
            "saneringskrediet_mogelijk": credit,
        },
    )
    assert result["product"] == expected


@pytest.mark.parametrize(
    ("result", "category"),
    [("verstrekt", "8.1.9"), ("beeindigd", "8.3.5"), ("afgebroken", "8.4.1"), ("geweigerd", "8.2")],
)
def test_case_result_maps_to_selectielijst_category(result: str, category: str) -> None:
    assert _decide("resultaat_selectielijst", {"resultaat": result})["selectielijst_categorie"] == (
        category
    )


def test_models_run_in_memory_from_melding_to_afwijzing() -> None:
    """Without a database: the main model executes with stand-in service tasks."""
    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
    from SpiffWorkflow.util.task import TaskState

    class StandIn(PythonScriptEngine):
        def call_service(self, task: Any, **kwargs: Any) -> str:
            later = "2099-01-01T00:00:00+00:00"
            task.data.update(
                {
                    "casefiles.plan_first_meeting": {"eerste_gesprek_uiterlijk": later},
                    "casefiles.plan_decision_deadline": {"beschikking_uiterlijk": later},
                    "casefiles.record_preparer": {"beschikking_opgesteld_door": "sanne"},
                    "casefiles.check_four_eyes": {"vier_ogen_ok": True},
                }.get(kwargs["operation_name"], {})
            )
            return "null"

    parser = SpiffBpmnParser(validator=VALIDATOR)
    parser.add_bpmn_files([str(p) for p in MODELS.glob("*.bpmn")])
    parser.add_dmn_files([str(p) for p in MODELS.glob("*.dmn")])
    wf = BpmnWorkflow(parser.get_spec("schuldhulp"), parser.get_subprocess_specs("schuldhulp"))
    from engine.process.scripting import RestrictedEnvironment

    wf.script_engine = StandIn(environment=RestrictedEnvironment())
    wf.do_engine_steps()
    answers = {
        "melding_beoordelen": {
            "dreigende_huisuitzetting": False,
            "dreigende_afsluiting": False,
            "opzegging_zorgverzekering": True,
            "afspraak_eerste_gesprek": "2026-03-03T10:00:00+01:00",
        },
        "eerste_gesprek": {"vervolg": "aanvraag", "gesprek_datum": "2026-03-03"},
        "screening": {"uitkomst": "compleet"},
        "beschikking_voorbereiden": {"besluit": "afwijzing", "grond": "fraude"},
        "beschikking_goedkeuren": {"goedgekeurd": True},
    }
    seen = []
    while not wf.completed:
        [task] = wf.get_tasks(state=TaskState.READY, manual=True)
        seen.append(task.task_spec.bpmn_id)
        task.data.update(answers[task.task_spec.bpmn_id])
        task.run()
        wf.do_engine_steps()
    assert seen == list(answers)
    assert wf.data["resultaat"] == "geweigerd"
    assert wf.data["selectielijst_categorie"] == "8.2"


@pytest.mark.parametrize("key", PROCESSES)
def test_shapes_do_not_overlap_and_sit_inside_their_lane(key: str) -> None:
    tree = etree.parse(str(MODELS / f"{key}.bpmn"))
    attached = {b.get("id") for b in tree.iterfind(".//bpmn:boundaryEvent", NS)}
    lanes = {lane.get("id"): lane for lane in tree.iterfind(".//bpmn:lane", NS)}
    lane_of = {
        ref.text: lane_id
        for lane_id, lane in lanes.items()
        for ref in lane.iterfind("bpmn:flowNodeRef", NS)
    }

    def box(shape: Any) -> tuple[float, float, float, float]:
        b = shape.find("dc:Bounds", NS)
        x, y = float(b.get("x")), float(b.get("y"))
        return x, y, x + float(b.get("width")), y + float(b.get("height"))

    shapes = {s.get("bpmnElement"): box(s) for s in tree.iterfind(".//bpmndi:BPMNShape", NS)}
    nodes = [n for n in lane_of if n not in attached]
    for i, a in enumerate(nodes):
        ax1, ay1, ax2, ay2 = shapes[a]
        lx1, ly1, lx2, ly2 = shapes[lane_of[a]]
        assert lx1 <= ax1 and ax2 <= lx2 and ly1 <= ay1 and ay2 <= ly2, f"{a} outside its lane"
        for b in nodes[i + 1 :]:
            bx1, by1, bx2, by2 = shapes[b]
            assert ax2 <= bx1 or bx2 <= ax1 or ay2 <= by1 or by2 <= ay1, f"{a} overlaps {b}"
