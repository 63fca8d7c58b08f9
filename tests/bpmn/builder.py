"""Shared pieces for describing the process models: the lane name and the Builder."""

from __future__ import annotations

import itertools

from tests.bpmn.modelgen import (
    Model,
    Node,
    decision,
    form,
    message,
    script,
    service,
    timer_date,
)

SHV = "schuldhulpverlener"


class Builder:
    def __init__(self, model: Model) -> None:
        self.m = model

    def node(
        self,
        kind: str,
        id: str,
        name: str,
        lane: str,
        col: float,
        row: int = 0,
        body: str = "",
        **attrs: str,
    ) -> str:
        self.m.add(Node(id, kind, name, lane, col, row, body, dict(attrs)))
        return id

    def start(self, id: str, name: str, lane: str, col: float, row: int = 0) -> str:
        return self.node("startEvent", id, name, lane, col, row)

    def end(self, id: str, name: str, lane: str, col: float, row: int = 0) -> str:
        return self.node("endEvent", id, name, lane, col, row)

    def user(
        self,
        id: str,
        name: str,
        lane: str,
        col: float,
        filename: str,
        due: str | None = None,
        row: int = 0,
    ) -> str:
        return self.node("userTask", id, name, lane, col, row, form(filename, due))

    def svc(
        self, id: str, name: str, lane: str, col: float, operator: str, row: int = 0, **params: str
    ) -> str:
        return self.node("serviceTask", id, name, lane, col, row, service(operator, **params))

    def doc(
        self, id: str, name: str, lane: str, col: float, letter: str, row: int = 0, **options: str
    ) -> str:
        return self.svc(
            id, name, lane, col, "documents.generate", row, type=repr(letter), **options
        )

    def phase(self, id: str, name: str, lane: str, col: float, phase: str, row: int = 0) -> str:
        return self.svc(id, name, lane, col, "case.set_phase", row, phase=repr(phase))

    def script(self, id: str, name: str, lane: str, col: float, text: str, row: int = 0) -> str:
        return self.node("scriptTask", id, name, lane, col, row, script(text))

    def rule(
        self, id: str, name: str, lane: str, col: float, decision_id: str, row: int = 0
    ) -> str:
        return self.node("businessRuleTask", id, name, lane, col, row, decision(decision_id))

    def gw(
        self,
        id: str,
        name: str,
        lane: str,
        col: float,
        row: int = 0,
        kind: str = "exclusiveGateway",
    ) -> str:
        return self.node(kind, id, name, lane, col, row)

    def timer(self, id: str, name: str, lane: str, col: float, variable: str, row: int = 0) -> str:
        return self.node("intermediateCatchEvent", id, name, lane, col, row, timer_date(variable))

    def msg(
        self,
        id: str,
        name: str,
        lane: str,
        col: float,
        msg_name: str,
        variable: str | None = None,
        row: int = 0,
    ) -> str:
        if msg_name not in self.m.messages:
            self.m.messages.append(msg_name)
        return self.node(
            "intermediateCatchEvent", id, name, lane, col, row, message(msg_name, variable)
        )

    def receive(self, id: str, name: str, lane: str, col: float, msg_name: str) -> str:
        if msg_name not in self.m.messages:
            self.m.messages.append(msg_name)
        return self.node("receiveTask", id, name, lane, col, 0, messageRef=f"msg_{msg_name}")

    def boundary_timer(
        self, id: str, name: str, task: str, variable: str, interrupting: bool
    ) -> str:
        lane = next(n.lane for n in self.m.nodes if n.id == task)
        node = Node(
            id,
            "boundaryEvent",
            name,
            lane,
            0,
            0,
            timer_date(variable),
            {"cancelActivity": "true" if interrupting else "false"},
            attached_to=task,
        )
        self.m.add(node)
        return id

    def chain(self, *ids: str) -> None:
        for a, b in itertools.pairwise(ids):
            self.m.flow(a, b)

    def cond(self, source: str, target: str, name: str, expression: str) -> None:
        self.m.flow(source, target, name, expression)

    def default(self, source: str, target: str, name: str) -> None:
        self.m.flow(source, target, name)
        self.m.defaults[source] = f"f_{source}_{target}"
