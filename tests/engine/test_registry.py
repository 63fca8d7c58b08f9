"""Deploying models: versions by content hash, errors that name file and element."""

from __future__ import annotations

import pytest

from engine.errors import PermissionDenied, ProcessModelError
from engine.identity.actor import Actor
from engine.identity.roles import Role
from engine.process import registry, runtime
from tests.engine.conftest import FEATURE_MODELS, World


def _files() -> dict[str, str]:
    return registry.read_folder(FEATURE_MODELS)


def test_unchanged_redeploy_creates_nothing(world: World) -> None:
    with world.db.tx(world.tenant_id) as session:
        results = registry.deploy_files(session, world.boss, _files())
    assert {(r.key, r.version, r.created) for r in results} == {
        ("feature_main", 1, False),
        ("feature_sub", 1, False),
    }


def test_changed_file_makes_new_version_and_running_cases_keep_theirs(world: World) -> None:
    with world.db.tx(world.tenant_id) as session:
        old_case = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 1500}
        )
    files = _files()
    files["feature_main.bpmn"] = files["feature_main.bpmn"].replace(
        'name="Beoordelen"', 'name="Beoordelen door teamleider"'
    )
    with world.db.tx(world.tenant_id) as session:
        results = {r.key: r for r in registry.deploy_files(session, world.boss, files)}
        new_case = runtime.start_case(
            session, world.boss, process_key="feature_main", data={"amount": 1500}
        )
    assert (results["feature_main"].version, results["feature_main"].created) == (2, True)
    assert results["feature_sub"].created is False
    with world.db.tx(world.tenant_id) as session:
        [old_task] = runtime.list_tasks(session, case_id=old_case.id)
        [new_task] = runtime.list_tasks(session, case_id=new_case.id)
    assert (old_task.name, new_task.name) == ("Beoordelen", "Beoordelen door teamleider")


@pytest.mark.parametrize(
    ("change", "expected_field", "expected_message"),
    [
        (
            ('name="intake"', 'name="stagiair"'),
            "feature_main.bpmn#intake_check",
            "lane named after a role",
        ),
        (
            ('id="test.record"', 'id="test.unknown"'),
            "feature_main.bpmn#record_ok",
            "no service handler named 'test.unknown'",
        ),
        (("review.json", "missing.json"), "feature_main.bpmn#review", "form 'missing.json'"),
        (
            ('<bpmn:userTask id="review"', '<bpmn:userTask id="review" bogus="1"'),
            "feature_main.bpmn",
            "bogus",
        ),
    ],
)
def test_broken_model_names_file_and_element_and_deploys_nothing(
    world: World, change: tuple[str, str], expected_field: str, expected_message: str
) -> None:
    files = _files()
    files["feature_main.bpmn"] = files["feature_main.bpmn"].replace(*change)
    with world.db.tx(world.tenant_id) as session, pytest.raises(ProcessModelError) as caught:
        registry.deploy_files(session, world.boss, files)
    assert any(
        e.field.startswith(expected_field) and expected_message in e.message
        for e in caught.value.errors
    ), caught.value.errors
    with world.db.tx(world.tenant_id) as session:
        assert [d.version for d in registry.list_definitions(session, "feature_main")] == [1]


def test_deploy_needs_designer_role(world: World) -> None:
    clerk = Actor(world.tenant_id, "user", "c", "clerk", frozenset({Role.INTAKE}))
    with world.db.tx(world.tenant_id) as session, pytest.raises(PermissionDenied):
        registry.deploy_files(session, clerk, _files())
