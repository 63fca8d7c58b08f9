"""The archivist's journey through ``akkoord retention`` on a real database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli import retention as cli
from engine import clock
from engine.settings import get_settings
from tests.retention.conftest import Team, make_cases

runner = CliRunner()


@pytest.fixture
def cli_db(team: Team, monkeypatch: pytest.MonkeyPatch) -> Iterator[Team]:
    monkeypatch.setenv("AKKOORD_DATABASE_URL", team.db.url)
    get_settings.cache_clear()
    cli._factory.cache_clear()
    yield team
    cli._factory.cache_clear()
    get_settings.cache_clear()


def _ok(*args: str) -> str:
    result = runner.invoke(app, ["retention", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_due_to_verklaring_via_the_cli(
    cli_db: Team, clock_2020: clock.FrozenClock, tmp_path: Path
) -> None:
    ids = make_cases(cli_db, 3)
    clock_2020.set(datetime(2020, 3, 1, 10, tzinfo=UTC))
    t = ["--tenant", "gemeente-a"]
    assert "3 case(s) due" in _ok("due", *t)
    out = _ok("propose", *t, "--as", "rita", "--name", "Maart")
    list_id = out.split()[1]
    refused = runner.invoke(app, ["retention", "approve", *t, "--as", "rita", list_id])
    assert refused.exit_code == 1 and "ready_to_review" in refused.output
    _ok(
        "review",
        *t,
        "--as",
        "ruben",
        list_id,
        "--request-changes",
        "--item",
        f"{ids[0]}=bezwaar loopt",
    )
    _ok("remove", *t, "--as", "rita", list_id, str(ids[0]), "bezwaar loopt", "--date", "2021-01-01")
    _ok("submit", *t, "--as", "rita", list_id)
    _ok("review", *t, "--as", "ruben", list_id, "--accept")
    _ok("submit", *t, "--as", "rita", list_id)
    own = runner.invoke(app, ["retention", "approve", *t, "--as", "ruben", list_id])
    assert own.exit_code == 1 and "another archivist" in own.output
    assert "ready_to_delete" in _ok("approve", *t, "--as", "anna", list_id)
    clock_2020.advance(timedelta(days=7))
    assert "destroyed 2, failed 0: deleted" in _ok("execute", *t, list_id)
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"verklaring.{fmt}"
        _ok("report", *t, list_id, "--format", fmt, "--output", str(target))
        assert target.stat().st_size > 100
    assert "Z00001" in (tmp_path / "verklaring.csv").read_text()
    held = _ok("hold", *t, "--as", "anna", str(ids[0]), "--kind", "beroep", "--reason", "beroep")
    assert "1 active hold" in held
    bad = runner.invoke(
        app,
        ["retention", "hold", *t, "--as", "anna", str(ids[0]), "--kind", "ruzie", "--reason", "x"],
    )
    assert bad.exit_code == 1 and "kind" in bad.output
