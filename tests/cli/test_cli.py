"""The `akkoord` command line against a temporary SQLite data dir."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli import app

MODELS = Path(__file__).resolve().parents[1] / "data" / "api"


@pytest.fixture
def akkoord(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("AKKOORD_DATABASE_URL", raising=False)
    monkeypatch.delenv("AKKOORD_SECRET_KEY", raising=False)
    monkeypatch.setenv("AKKOORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AKKOORD_BPMN_DIR", str(MODELS))
    monkeypatch.setenv("AKKOORD_ENVIRONMENT", "test")
    return CliRunner()


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_init_is_idempotent(akkoord: CliRunner) -> None:
    first = run(akkoord, "init")
    assert first.exit_code == 0, first.output
    assert "database migrated" in first.output
    assert re.search(r"log in as 'admin' with password \S{12,}", first.output)
    assert "demo: deployed api_simple v1" in first.output
    second = run(akkoord, "init")
    assert second.exit_code == 0, second.output
    assert "Nothing to do" in second.output
    assert "password" not in second.output


def test_audit_verify_detects_tampering(akkoord: CliRunner, tmp_path: Path) -> None:
    assert run(akkoord, "init").exit_code == 0
    ok = run(akkoord, "audit", "verify", "--tenant", "demo")
    assert ok.exit_code == 0, ok.output
    assert "chain intact" in ok.output
    with sqlite3.connect(tmp_path / "var" / "akkoord.db") as conn:
        conn.execute("UPDATE audit_entries SET action = 'user.deleted' WHERE seq = 2")
    broken = run(akkoord, "audit", "verify")
    assert broken.exit_code == 1
    assert "broken at entry 2" in broken.output


def test_client_create_prints_secret_once(akkoord: CliRunner) -> None:
    run(akkoord, "init", "--no-demo")
    assert run(akkoord, "tenant", "create", "utrecht", "--name", "Gemeente Utrecht").exit_code == 0
    created = run(akkoord, "client", "create", "--tenant", "utrecht", "bank", "-r", "intake")
    assert created.exit_code == 0, created.output
    assert re.search(r"client_id:\s+utrecht-\w+", created.output)
    assert re.search(r"client_secret:\s+\S{20,}", created.output)
    listed = run(akkoord, "process", "list", "--tenant", "utrecht")
    assert "api_simple" in listed.output


def test_errors_are_one_clear_line(akkoord: CliRunner, tmp_path: Path) -> None:
    run(akkoord, "init", "--no-demo")
    unknown = run(akkoord, "user", "create", "--tenant", "nergens", "piet", "-r", "intake")
    assert unknown.exit_code == 1
    assert "no tenant 'nergens'" in unknown.output
    bad_role = run(akkoord, "client", "create", "--tenant", "nergens", "x", "-r", "koning")
    assert bad_role.exit_code == 1
    broken = tmp_path / "kapot.bpmn"
    broken.write_text("<bpmn:definitions")
    invalid = run(akkoord, "process", "validate", str(broken))
    assert invalid.exit_code == 1
    assert "kapot.bpmn" in invalid.output
    assert run(akkoord, "incident", "retry", "nope", "--tenant", "x").exit_code == 1


def test_validate_and_timers(akkoord: CliRunner) -> None:
    valid = run(akkoord, "process", "validate", str(MODELS))
    assert valid.exit_code == 0, valid.output
    assert "api_simple" in valid.output
    run(akkoord, "init", "--no-demo")
    timers = run(akkoord, "timers", "run-due")
    assert timers.exit_code == 0, timers.output
    assert "fired timers of 0" in timers.output


def test_scheduler_thread_fires_timers_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from api.cli import setup
    from engine.process import runtime

    called = threading.Event()

    def fake_run_due_timers(factory: object) -> int:
        called.set()
        return 0

    monkeypatch.setattr(runtime, "run_due_timers", fake_run_due_timers)
    stop = threading.Event()
    thread = setup.start_scheduler(None, 0.01, stop)  # type: ignore[arg-type]
    assert called.wait(10)
    stop.set()
    thread.join(10)
    assert not thread.is_alive()


def test_scheduler_runs_domain_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    import api.wiring
    from api.cli import setup
    from engine.process import runtime

    ran = threading.Event()
    monkeypatch.setattr(runtime, "run_due_timers", lambda factory: 0)
    monkeypatch.setattr(
        api.wiring, "scheduled_jobs", lambda: [("test.job", lambda factory: ran.set(), 3600.0)]
    )
    stop = threading.Event()
    thread = setup.start_scheduler(object(), 0.01, stop)  # type: ignore[arg-type]
    assert ran.wait(10)
    stop.set()
    thread.join(10)


def test_retention_jobs_are_scheduled() -> None:
    from api.wiring import scheduled_jobs

    assert {name for name, _job, _every in scheduled_jobs()} >= {
        "retention.execute_due_lists",
        "retention.prune_expired_logs",
    }
