"""Writes the BPMN models of bpmn/ with diagram interchange (run: python -m tests.bpmn.modelgen).

The models are data and may be edited in a modeler afterwards; this generator only gives
them a consistent left-to-right layout on a grid with lanes as horizontal bands. Running it
again overwrites bpmn/*.bpmn: once a model was edited by hand, edit it by hand only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"

SIZES = {
    "startEvent": (36, 36),
    "endEvent": (36, 36),
    "intermediateCatchEvent": (36, 36),
    "boundaryEvent": (36, 36),
    "exclusiveGateway": (50, 50),
    "eventBasedGateway": (50, 50),
    "parallelGateway": (50, 50),
}
TASK = (100, 80)
COL_W = 150
ROW_H = 150
LEFT = 160


@dataclass
class Node:
    id: str
    kind: str
    name: str
    lane: str
    col: float
    row: int = 0
    body: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    attached_to: str | None = None


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None


@dataclass
class Model:
    key: str
    name: str
    lanes: list[str]
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        return node

    def flow(self, source: str, target: str, name: str = "", condition: str | None = None) -> None:
        self.flows.append(Flow(f"f_{source}_{target}", source, target, name, condition))


def form(filename: str, due: str | None = None) -> str:
    props = f'<spiffworkflow:property name="formJsonSchemaFilename" value="{filename}"/>'
    if due:
        props += f'<spiffworkflow:property name="dueDateVariable" value="{due}"/>'
    return (
        "<bpmn:extensionElements><spiffworkflow:properties>"
        f"{props}</spiffworkflow:properties></bpmn:extensionElements>"
    )


def service(operator: str, **params: str) -> str:
    inner = "".join(
        f'<spiffworkflow:parameter id="{k}" type="str" value={quoteattr(v)}/>'
        for k, v in params.items()
    )
    return (
        f'<bpmn:extensionElements><spiffworkflow:serviceTaskOperator id="{operator}">'
        f"<spiffworkflow:parameters>{inner}</spiffworkflow:parameters>"
        "</spiffworkflow:serviceTaskOperator></bpmn:extensionElements>"
    )


def decision(decision_id: str) -> str:
    return (
        "<bpmn:extensionElements><spiffworkflow:calledDecisionId>"
        f"{decision_id}</spiffworkflow:calledDecisionId></bpmn:extensionElements>"
    )


def timer_date(variable: str) -> str:
    return (
        "<bpmn:timerEventDefinition><bpmn:timeDate>"
        f"{escape(variable)}</bpmn:timeDate></bpmn:timerEventDefinition>"
    )


def message(name: str, variable: str | None = None) -> str:
    ext = (
        "<bpmn:extensionElements><spiffworkflow:messageVariable>"
        f"{variable}</spiffworkflow:messageVariable></bpmn:extensionElements>"
        if variable
        else ""
    )
    return (
        f'<bpmn:messageEventDefinition messageRef="msg_{name}">{ext}</bpmn:messageEventDefinition>'
    )


def script(text: str) -> str:
    return f"<bpmn:script>{escape(text)}</bpmn:script>"


def size(node: Node) -> tuple[int, int]:
    return SIZES.get(node.kind, TASK)


def render(model: Model) -> str:
    lane_rows = {lane: 1 for lane in model.lanes}
    for n in model.nodes:
        lane_rows[n.lane] = max(lane_rows[n.lane], n.row + 1)
    lane_top: dict[str, int] = {}
    y = 60
    for lane in model.lanes:
        lane_top[lane] = y
        y += ROW_H * lane_rows[lane]
    total_h = y - 60
    max_col = max(n.col for n in model.nodes)
    width = int(LEFT + (max_col + 1) * COL_W)

    centre: dict[str, tuple[float, float]] = {}
    for n in model.nodes:
        if n.attached_to:
            continue
        centre[n.id] = (LEFT + 60 + n.col * COL_W, lane_top[n.lane] + ROW_H / 2 + n.row * ROW_H)
    for n in model.nodes:
        if n.attached_to:
            cx, cy = centre[n.attached_to]
            centre[n.id] = (cx + 25, cy + TASK[1] / 2)
    by_id = {n.id: n for n in model.nodes}

    out: list[str] = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>')
    w(
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
        'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" '
        f'id="{model.key}_defs" targetNamespace="https://akkoord.nl/bpmn" '
        'exporter="akkoord modelgen" exporterVersion="1">'
    )
    w(f'  <bpmn:collaboration id="{model.key}_collab">')
    w(
        f'    <bpmn:participant id="{model.key}_participant" name={quoteattr(model.name)} '
        f'processRef="{model.key}"/>'
    )
    if model.messages:
        w('    <bpmn:correlationKey name="case_key">')
        w("      <bpmn:correlationPropertyRef>case_id</bpmn:correlationPropertyRef>")
        w("    </bpmn:correlationKey>")
    w("  </bpmn:collaboration>")
    for m in model.messages:
        w(f'  <bpmn:message id="msg_{m}" name="{m}"/>')
    if model.messages:
        w('  <bpmn:correlationProperty id="case_id" name="case_id">')
        for m in model.messages:
            w(f'    <bpmn:correlationPropertyRetrievalExpression messageRef="msg_{m}">')
            w("      <bpmn:formalExpression>case_id</bpmn:formalExpression>")
            w("    </bpmn:correlationPropertyRetrievalExpression>")
        w("  </bpmn:correlationProperty>")
    w(f'  <bpmn:process id="{model.key}" name={quoteattr(model.name)} isExecutable="true">')
    w(f'    <bpmn:laneSet id="{model.key}_lanes">')
    for lane in model.lanes:
        w(f'      <bpmn:lane id="lane_{lane}" name="{lane}">')
        for n in model.nodes:
            if n.lane == lane:
                w(f"        <bpmn:flowNodeRef>{n.id}</bpmn:flowNodeRef>")
        w("      </bpmn:lane>")
    w("    </bpmn:laneSet>")
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for f in model.flows:
        outgoing.setdefault(f.source, []).append(f.id)
        incoming.setdefault(f.target, []).append(f.id)
    for n in model.nodes:
        attrs = dict(n.attrs)
        if n.name:
            attrs["name"] = n.name
        if n.attached_to:
            attrs["attachedToRef"] = n.attached_to
        if n.id in model.defaults:
            attrs["default"] = model.defaults[n.id]
        attr_text = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
        refs = "".join(f"<bpmn:incoming>{i}</bpmn:incoming>" for i in incoming.get(n.id, []))
        refs += "".join(f"<bpmn:outgoing>{o}</bpmn:outgoing>" for o in outgoing.get(n.id, []))
        # extensionElements must come first, then incoming/outgoing, then the rest
        body = n.body
        ext = ""
        if body.startswith("<bpmn:extensionElements>"):
            cut = body.index("</bpmn:extensionElements>") + len("</bpmn:extensionElements>")
            ext, body = body[:cut], body[cut:]
        w(f'    <bpmn:{n.kind} id="{n.id}"{attr_text}>{ext}{refs}{body}</bpmn:{n.kind}>')
    for f in model.flows:
        name = f" name={quoteattr(f.name)}" if f.name else ""
        if f.condition:
            w(
                f'    <bpmn:sequenceFlow id="{f.id}"{name} sourceRef="{f.source}" '
                f'targetRef="{f.target}"><bpmn:conditionExpression>{escape(f.condition)}'
                "</bpmn:conditionExpression></bpmn:sequenceFlow>"
            )
        else:
            w(
                f'    <bpmn:sequenceFlow id="{f.id}"{name} sourceRef="{f.source}" '
                f'targetRef="{f.target}"/>'
            )
    w("  </bpmn:process>")

    # diagram interchange
    w(f'  <bpmndi:BPMNDiagram id="{model.key}_diagram">')
    w(f'    <bpmndi:BPMNPlane id="{model.key}_plane" bpmnElement="{model.key}_collab">')
    w(
        f'      <bpmndi:BPMNShape id="{model.key}_participant_di" '
        f'bpmnElement="{model.key}_participant" isHorizontal="true">'
        f'<dc:Bounds x="40" y="60" width="{width}" height="{total_h}"/></bpmndi:BPMNShape>'
    )
    for lane in model.lanes:
        w(
            f'      <bpmndi:BPMNShape id="lane_{lane}_di" bpmnElement="lane_{lane}" '
            f'isHorizontal="true"><dc:Bounds x="70" y="{lane_top[lane]}" '
            f'width="{width - 30}" height="{ROW_H * lane_rows[lane]}"/></bpmndi:BPMNShape>'
        )
    for n in model.nodes:
        cx, cy = centre[n.id]
        nw, nh = size(n)
        marker = ' isMarkerVisible="true"' if n.kind == "exclusiveGateway" else ""
        label = ""
        if n.kind in SIZES and n.name:
            label = (
                f'<bpmndi:BPMNLabel><dc:Bounds x="{cx - 45:.0f}" y="{cy + nh / 2 + 4:.0f}" '
                'width="90" height="27"/></bpmndi:BPMNLabel>'
            )
        w(
            f'      <bpmndi:BPMNShape id="{n.id}_di" bpmnElement="{n.id}"{marker}>'
            f'<dc:Bounds x="{cx - nw / 2:.0f}" y="{cy - nh / 2:.0f}" width="{nw}" height="{nh}"/>'
            f"{label}</bpmndi:BPMNShape>"
        )
    for f in model.flows:
        points = _waypoints(by_id[f.source], by_id[f.target], centre)
        pts = "".join(f'<di:waypoint x="{x:.0f}" y="{y:.0f}"/>' for x, y in points)
        w(f'      <bpmndi:BPMNEdge id="{f.id}_di" bpmnElement="{f.id}">{pts}</bpmndi:BPMNEdge>')
    w("    </bpmndi:BPMNPlane>")
    w("  </bpmndi:BPMNDiagram>")
    w("</bpmn:definitions>")
    return "\n".join(out) + "\n"


def _waypoints(
    source: Node, target: Node, centre: dict[str, tuple[float, float]]
) -> list[tuple[float, float]]:
    sx, sy = centre[source.id]
    tx, ty = centre[target.id]
    sw, sh = size(source)
    tw, th = size(target)
    if source.attached_to:  # leave a boundary event downwards, then go sideways
        start = (sx, sy + sh / 2)
        if tx > sx and ty > sy + 30:
            return [start, (sx, ty), (tx - tw / 2, ty)]
        low = sy + 50
        end = (tx, ty + th / 2) if ty < low else (tx, ty - th / 2)
        return [start, (sx, low), (tx, low), end]
    if tx > sx:
        if abs(ty - sy) < 1:
            return [(sx + sw / 2, sy), (tx - tw / 2, ty)]
        if source.kind in ("exclusiveGateway", "eventBasedGateway", "parallelGateway"):
            start = (sx, sy + sh / 2) if ty > sy else (sx, sy - sh / 2)
            return [start, (sx, ty), (tx - tw / 2, ty)]
        mid = tx - tw / 2 - 20
        return [(sx + sw / 2, sy), (mid, sy), (mid, ty), (tx - tw / 2, ty)]
    # backwards: go below (or above) and come back
    if ty <= sy:
        low = max(sy + sh / 2, ty + th / 2) + 25
        return [(sx, sy + sh / 2), (sx, low), (tx, low), (tx, ty + th / 2)]
    return [(sx, sy - sh / 2), (sx, sy - sh / 2 - 25), (tx, sy - sh / 2 - 25), (tx, ty - th / 2)]


def write(model: Model) -> Path:
    path = BPMN_DIR / f"{model.key}.bpmn"
    path.write_text(render(model), encoding="utf-8")
    return path


def main() -> None:
    from tests.bpmn import models

    for model in models.ALL():
        print(write(model))


if __name__ == "__main__":
    main()
