"""Every ``casefiles.*`` service task the process models in bpmn/ call has a handler once the
casefiles plugin is loaded (deploy refuses a model whose handler is missing)."""

from __future__ import annotations

import re
from pathlib import Path

from casefiles import plugin
from engine.process.handlers import handler_names

BPMN = Path(__file__).resolve().parents[2] / "bpmn"


def test_every_casefiles_service_task_of_the_models_is_registered() -> None:
    plugin.load()
    called = {
        name
        for model in BPMN.glob("*.bpmn")
        for name in re.findall(r'serviceTaskOperator id="(casefiles\.\w+)"', model.read_text())
    }
    assert called, "the models call no casefiles handler: the pattern no longer matches"
    assert called <= set(handler_names())
