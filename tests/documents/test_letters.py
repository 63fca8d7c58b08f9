"""Every letter renders in ODT, DOCX and PDF with the facts a person would check."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import NameObject

from documents.letters import LETTERS, allowed_names, sample_context_for
from documents.model import Letter
from documents.rendering import FORMATS, build_letter, letterhead_from_settings, write
from documents.templates import environment
from documents.writers import WriteOptions
from tests.documents.conftest import LETTERHEAD
from tests.documents.readback import normalise, pdf_text, text_of

HEAD = letterhead_from_settings({"letterhead": LETTERHEAD}, "Gemeente Zwolle")
OPTIONS = WriteOptions(created_at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC), author="Fatima")

EXPECTED: dict[str, list[str]] = {
    "ontvangstbevestiging": ["1 september 2026", "dinsdag 15 september 2026", "10:30 uur"],
    "uitnodiging_eerste_gesprek": [
        "dinsdag 15 september 2026",
        "10:30 uur",
        "Stadskantoor, Lübeckplein 2, Zwolle",
        "huurspecificatie",
    ],
    "beschikking_toelating": [
        "toe te laten",
        "problematische schulden",
        "zes weken",
        "Postbus 10007, 8000 GA Zwolle",
    ],
    "beschikking_afwijzing": ["af te wijzen", "budgetcoaching", "zes weken"],
    "plan_van_aanpak": ["€ 1.761,34", "€ 12.480,80", "15 januari 2027", "kosteloos"],
    "budgetplan": ["€ 1.610,00", "€ 684,00", "€ 80,00", "€ 346,67", "€ 293,79"],
    "kennisgeving": ["Woonstichting De Linie", "KL-4434", "14 maart 1984", "1 september 2026"],
    "saldoverzoek": ["KL-4434", "F2026-1006", "€ 1.873,45"],
    "betaalvoorstel": [
        "€ 258,41",
        "€ 1.873,45",
        "€ 698,20",
        "37,27%",
        "€ 4.651,38",
        "7 december 2026",
        "€ 12.480,80",
        "Huisartsenpraktijk Assendorp",
        "€ 44,72",
        "18 maanden",
    ],
    "regeling_geaccordeerd": [
        "10 februari 2027",
        "31 augustus 2028",
        "02-Z2026-000042",
        "37,27%",
        "€ 4.651,38",
    ],
    "verzoek_dwangakkoord": [
        "Rechtbank Overijssel",
        "Intrum Nederland",
        "€ 1.015,00",
        "93,10%",
        "€ 1.502,93",
        "8,13%",
    ],
    "beeindigingsbeschikking": ["22 november 2026", "niet gehouden aan de afspraken", "zes weken"],
    "slotbrief_finale_kwijting": [
        "€ 698,20",
        "37,27%",
        "finale kwijting",
        "BKR",
        "31 augustus 2028",
    ],
    "budgetbeheer_maandoverzicht": [
        "oktober 2026",
        "€ 412,18",
        "€ 498,61",
        "€ -684,00",
        "24 oktober 2026",
    ],
}
COMMON = ["Gemeente Zwolle", "Z2026-000042", "Fatima el Amrani"]


def render(
    key: str, fmt: str, context: dict[str, Any] | None = None, options: WriteOptions = OPTIONS
) -> bytes:
    letter_type = LETTERS[key]
    ctx = context or sample_context_for(letter_type)
    letter = build_letter(
        environment(), letter_type.template, allowed_names(letter_type), ctx, HEAD
    )
    return write(letter, fmt, options)


def test_every_letter_type_has_expectations() -> None:
    assert set(EXPECTED) == set(LETTERS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", sorted(LETTERS))
def test_letter_shows_its_key_facts(key: str, fmt: str) -> None:
    text = normalise(text_of(fmt, render(key, fmt)))
    for expected in [*COMMON, *EXPECTED[key]]:
        assert expected in text, f"{key}.{fmt} lacks {expected!r}"
    appeal = "Bent u het niet eens met dit besluit?" in text
    assert appeal == LETTERS[key].appealable


@pytest.mark.parametrize("fmt", FORMATS)
def test_betaalvoorstel_lists_every_creditor_with_its_percentage(fmt: str) -> None:
    ctx = sample_context_for(LETTERS["betaalvoorstel"])
    text = normalise(text_of(fmt, render("betaalvoorstel", fmt, ctx)))
    for row in ctx["proposal"]["creditors"]:
        amount = f"{row['claim']:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        assert f"{row['name']}" in text and f"€ {amount}" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_with_markup_characters_are_printed_as_written(fmt: str) -> None:
    ctx = sample_context_for(LETTERS["saldoverzoek"])
    ctx["creditor"] = {**ctx["creditor"], "client_number": "A&B <12>"}
    ctx["recipient"] = {**ctx["recipient"], "address": ["Bakker & Zn <B.V.>", "Postbus 1"]}
    text = normalise(text_of(fmt, render("saldoverzoek", fmt, ctx)))
    assert "Bakker & Zn <B.V.>" in text and "A&B <12>" in text


def test_pdf_is_pdfa_2b_with_embedded_fonts_and_srgb_intent() -> None:
    reader = PdfReader(io.BytesIO(render("betaalvoorstel", "pdf")))
    xmp = reader.xmp_metadata
    assert xmp is not None
    root: Any = reader.trailer["/Root"]
    raw = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in raw and "<pdfaid:conformance>B" in raw
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == NameObject("/GTS_PDFA1")
    assert intent["/DestOutputProfile"].get_object()["/N"] == 3
    assert reader.metadata is not None and str(reader.metadata.title).startswith("Betaalvoorstel")
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # TrueType, embedded


def test_watermark_appears_in_every_format() -> None:
    options = WriteOptions(created_at=OPTIONS.created_at, watermark="CONCEPT")
    for fmt in FORMATS:
        assert "CONCEPT" in text_of(fmt, render("budgetplan", fmt, options=options))
        assert "CONCEPT" not in text_of(fmt, render("budgetplan", fmt))


def test_protected_pdf_does_not_open_without_its_password() -> None:
    options = WriteOptions(created_at=OPTIONS.created_at, password="Geheim-2026")
    data = render("betaalvoorstel", "pdf", options=options)
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt("fout-wachtwoord") == 0
    with pytest.raises(Exception, match=r"(?i)decrypt|password|encrypt"):
        PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "€ 698,20" in normalise(pdf_text(data, "Geheim-2026"))


def test_long_letters_flow_onto_more_pages_with_page_numbers() -> None:
    ctx = sample_context_for(LETTERS["betaalvoorstel"])
    rows = ctx["proposal"]["creditors"]
    ctx["proposal"]["creditors"] = [
        {**rows[i % len(rows)], "name": f"Schuldeiser {i:03d}"} for i in range(120)
    ]
    data = render("betaalvoorstel", "pdf", ctx)
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 4
    text = normalise(text_of("pdf", data))
    assert f"Pagina {pages} van {pages}" in text and "Schuldeiser 119" in text
    assert text.count("Schuldeiser Soort Vordering") >= pages - 2  # header repeats


def test_model_plain_text_keeps_decimal_amounts_exact() -> None:
    ctx = sample_context_for(LETTERS["budgetplan"])
    ctx["budget"]["buffer"] = Decimal("0.005")
    letter_type = LETTERS["budgetplan"]
    letter: Letter = build_letter(
        environment(), letter_type.template, allowed_names(letter_type), ctx, HEAD
    )
    assert "€ 0,01" in letter.plain_text()  # half-up, never float rounding
