"""``akkoord documents render`` writes the letter of a case and registers it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli import documents as cli
from engine.clock import FrozenClock
from engine.settings import get_settings
from tests.casefiles.conftest import CaseWorld
from tests.documents.conftest import open_case_with_debts
from tests.documents.readback import normalise, text_of

runner = CliRunner()


@pytest.fixture
def cli_db(cw: CaseWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[CaseWorld]:
    monkeypatch.setenv("AKKOORD_DATABASE_URL", cw.db.url)
    get_settings.cache_clear()
    cli._factory.cache_clear()
    yield cw
    cli._factory.cache_clear()
    get_settings.cache_clear()


def test_render_a_case_letter_to_a_file(
    cli_db: CaseWorld, frozen_clock: FrozenClock, tmp_path: Path
) -> None:
    sc = open_case_with_debts(cli_db)
    with cli_db.db.tx(cli_db.tenant_id) as session:
        from engine.cases.service import get_case

        reference = get_case(session, sc.case_id).reference
    out = tmp_path / "voorstel.odt"
    args = [
        "documents",
        "render",
        "--tenant",
        "gemeente-a",
        "--as",
        "sanne",
        "--case",
        reference,
        "--type",
        "betaalvoorstel",
        "--format",
        "odt",
        "--creditor",
        sc.creditors["DUO"],
        "--out",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "version 1" in result.output
    text = normalise(text_of("odt", out.read_bytes()))
    assert "DUO" in text and "€ 1.640,12" in text
    listed = runner.invoke(
        app, ["documents", "list", "--tenant", "gemeente-a", "--case", reference]
    )
    assert listed.exit_code == 0 and "betaal" in listed.output

    bad = runner.invoke(
        app,
        [
            "documents",
            "render",
            "--tenant",
            "gemeente-a",
            "--case",
            reference,
            "--type",
            "aanmaning",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert bad.exit_code == 1 and "unknown letter type" in bad.output
    assert not (tmp_path / "x.pdf").exists()
