"""The tenant's letterhead (name, department, address, phone, website, logo) in every format."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from PIL import Image
from pypdf import PdfReader

from documents.letters import LETTERS, allowed_names, sample_context_for
from documents.rendering import build_letter, letterhead_from_settings, write
from documents.templates import environment
from documents.writers import WriteOptions
from tests.documents.readback import normalise, text_of


def _logo() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (0, 90, 160)).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


SETTINGS = {"letterhead": {
    "municipality": "Gemeente Deventer", "department": "Team Geldzaken",
    "address": "Grote Kerkhof 1, 7411 KT Deventer", "phone": "0570 69 39 39",
    "website": "www.deventer.nl", "logo": _logo(),
}}  # fmt: skip


def _render(fmt: str) -> bytes:
    letter_type = LETTERS["ontvangstbevestiging"]
    head = letterhead_from_settings(SETTINGS, "Deventer")
    letter = build_letter(environment(), letter_type.template, allowed_names(letter_type),
                          sample_context_for(letter_type), head)  # fmt: skip
    return write(letter, fmt, WriteOptions(created_at=datetime(2026, 11, 22, tzinfo=UTC)))


def test_letterhead_settings_are_parsed() -> None:
    head = letterhead_from_settings(SETTINGS, "Deventer")
    assert head.address_lines == ("Grote Kerkhof 1", "7411 KT Deventer")
    assert head.logo is not None and head.logo.startswith(b"\x89PNG")
    assert letterhead_from_settings({}, "Gemeente Olst").municipality == "Gemeente Olst"


def test_letterhead_and_logo_in_every_format() -> None:
    pdf = _render("pdf")
    text = normalise(text_of("pdf", pdf))
    assert "Gemeente Deventer" in text and "Team Geldzaken" in text and "0570 69 39 39" in text
    resources: Any = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    assert "/XObject" in resources  # the logo image
    odt = _render("odt")
    assert "Gemeente Deventer" in text_of("odt", odt)
    assert any(n.startswith("Pictures/") for n in zipfile.ZipFile(io.BytesIO(odt)).namelist())
    docx = _render("docx")
    assert "Gemeente Deventer" in text_of("docx", docx)
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(docx)).namelist())
