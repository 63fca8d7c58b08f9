"""Templates are data an administrator edits: mistakes are clear errors, never blanks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from documents import service
from documents.models import Document
from documents.templates import (
    BUILTIN_DIR,
    TemplateInvalid,
    load_template,
    make_environment,
    render,
)
from engine.clock import FrozenClock
from engine.errors import ValidationFailed
from tests.casefiles.conftest import CaseWorld
from tests.documents.conftest import open_case_with_debts

ALLOWED = {"today", "tenant", "case", "client", "recipient", "caseworker", "creditor", "proposal"}


def _override(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    source = (BUILTIN_DIR / "betaalvoorstel.xml.j2").read_text()
    assert old in source
    (folder / "betaalvoorstel.xml.j2").write_text(source.replace(old, new, 1))
    return folder


def _line_of(folder: Path, needle: str) -> int:
    lines = (folder / "betaalvoorstel.xml.j2").read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_unknown_variable_is_refused_on_load_naming_template_and_line(tmp_path: Path) -> None:
    folder = _override(tmp_path, "{{ creditor.claim|euro }}", "{{ schuldeiser.claim|euro }}")
    with pytest.raises(TemplateInvalid) as caught:
        load_template(make_environment(folder), "betaalvoorstel.xml.j2", ALLOWED)
    line = _line_of(folder, "schuldeiser.claim")
    assert f"betaalvoorstel.xml.j2, line {line}" in str(caught.value)
    assert "schuldeiser" in str(caught.value)


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    folder = _override(tmp_path, "{% endfor %}", "{% endfro %}")
    with pytest.raises(TemplateInvalid, match=r"betaalvoorstel.xml.j2, line \d+"):
        load_template(make_environment(folder), "betaalvoorstel.xml.j2", ALLOWED)


def test_missing_field_fails_rendering_naming_template_and_line(tmp_path: Path) -> None:
    from documents.letters import LETTERS, sample_context_for

    folder = _override(tmp_path, "{{ creditor.client_number }}", "{{ creditor.klantnummer }}")
    template = load_template(make_environment(folder), "betaalvoorstel.xml.j2", ALLOWED)
    with pytest.raises(TemplateInvalid) as caught:
        render(template, sample_context_for(LETTERS["betaalvoorstel"]))
    assert f"line {_line_of(folder, 'klantnummer')}" in str(caught.value)
    assert "klantnummer" in str(caught.value)


def test_broken_override_template_stores_no_document(
    cw: CaseWorld, frozen_clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = open_case_with_debts(cw)
    folder = _override(tmp_path, "{{ creditor.client_number }}", "{{ creditor.klantnummer }}")
    monkeypatch.setattr(service, "_template_dir", lambda: folder)
    with (
        pytest.raises(ValidationFailed, match=r"betaalvoorstel\.xml\.j2, line"),
        cw.db.tx(cw.tenant_id) as session,
    ):
        service.generate_document(
            session,
            cw.worker,
            sc.case_id,
            "betaalvoorstel",
            "pdf",
            {"creditor": sc.creditors["Eneco"]},
        )
    with cw.db.tx(cw.tenant_id) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_every_builtin_template_passes_validation() -> None:
    from documents.letters import LETTERS, allowed_names

    env = make_environment(None)
    for letter in LETTERS.values():
        load_template(env, letter.template, allowed_names(letter))


def test_a_municipality_may_override_a_template_for_itself_only(
    cw: CaseWorld, frozen_clock: FrozenClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.documents.readback import normalise, text_of

    sc = open_case_with_debts(cw)
    base = tmp_path / "templates"
    own = base / "gemeente-a"
    own.mkdir(parents=True)
    source = (BUILTIN_DIR / "saldoverzoek.xml.j2").read_text()
    marker = "Wij begeleiden namens Gemeente A"
    (own / "saldoverzoek.xml.j2").write_text(source.replace("Wij begeleiden", marker, 1))
    monkeypatch.setattr(service, "_template_dir", lambda: base)
    with cw.db.tx(cw.tenant_id) as session:
        doc = service.generate_document(
            session,
            cw.worker,
            sc.case_id,
            "saldoverzoek",
            "odt",
            {"creditor": sc.creditors["Eneco"]},
        )
        data = service.read_content(session, cw.worker, doc)
    assert marker in normalise(text_of("odt", data))
    other = make_environment(base / "gemeente-b", base).get_template("saldoverzoek.xml.j2")
    assert other.filename is not None
    assert marker not in Path(other.filename).read_text()
