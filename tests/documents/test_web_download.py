"""Web UI: a letter the process registered a moment ago downloads at once."""

from __future__ import annotations

from documents import render_pending
from documents.models import Document
from tests.documents.readback import normalise, text_of
from tests.security.web_world import WebWorld, anna_registers_a_letter, login, world

__all__ = ["world"]


def _pending_letter(world: WebWorld) -> Document:
    doc, _anna = anna_registers_a_letter(world)
    assert doc.pending
    return doc


def test_a_pending_letter_is_listed_and_downloads_with_its_text(world: WebWorld) -> None:
    doc = _pending_letter(world)
    login(world.client, "anna")
    page = world.client.get(f"/zaken/{world.case_a}")
    assert f"/documenten/{doc.id}" in page.text and "wordt aangemaakt" in page.text

    download = world.client.get(f"/documenten/{doc.id}")
    assert download.status_code == 200 and download.headers["content-type"] == "application/pdf"
    assert doc.filename in download.headers["content-disposition"]
    assert "Ontvangstbevestiging" in normalise(text_of("pdf", download.content))
    again = world.client.get(f"/documenten/{doc.id}")
    assert again.content == download.content
    assert render_pending(world.db.factory) == 1  # the job stores the letter the user got
    assert world.client.get(f"/documenten/{doc.id}").content == download.content


def test_another_municipality_cannot_download_it(world: WebWorld) -> None:
    doc = _pending_letter(world)
    login(world.client, "bart", tenant="zeist")
    assert world.client.get(f"/documenten/{doc.id}").status_code == 404
    with world.db.tx() as session:
        assert session.get(Document, doc.id).pending  # type: ignore[union-attr]
