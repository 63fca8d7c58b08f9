"""From context to file: template → markup → ``Letter`` → ODT, DOCX or PDF bytes."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Literal

from documents.model import Letter, Letterhead, parse_letter
from documents.templates import Environment, load_template, render
from documents.writers import WriteOptions

Format = Literal["pdf", "odt", "docx"]
FORMATS: tuple[Format, ...] = ("pdf", "odt", "docx")
MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def letterhead_from_settings(settings: Mapping[str, Any], fallback_name: str) -> Letterhead:
    """Tenant.settings["letterhead"]: municipality, department, address (lines or text),
    phone, website, email, logo (base64 PNG/JPEG, optionally a data: URL)."""
    head = settings.get("letterhead") or {}
    address = head.get("address") or []
    if isinstance(address, str):
        address = [line.strip() for line in address.replace(",", "\n").splitlines()]
    logo = head.get("logo")
    logo_bytes = None
    if logo:
        logo_bytes = base64.b64decode(str(logo).split(",", 1)[-1])
    return Letterhead(
        municipality=head.get("municipality") or fallback_name,
        department=head.get("department") or "",
        address_lines=tuple(a for a in address if a),
        phone=head.get("phone") or "",
        website=head.get("website") or "",
        email=head.get("email") or "",
        logo=logo_bytes,
    )


def render_markup(
    env: Environment, template: str, allowed: set[str], context: Mapping[str, Any]
) -> str:
    """The template's output: the letter's whole text, before any file format."""
    return render(load_template(env, template, allowed), context)


def build_letter(
    env: Environment,
    template: str,
    allowed: set[str],
    context: Mapping[str, Any],
    letterhead: Letterhead,
) -> Letter:
    markup = render_markup(env, template, allowed, context)
    return parse_letter(markup, letterhead, source=template)


def writer_for(fmt: str) -> Callable[[Letter, WriteOptions], bytes]:
    if fmt == "pdf":
        from documents.writers.pdf import write_pdf

        return write_pdf
    if fmt == "odt":
        from documents.writers.odt import write_odt

        return write_odt
    if fmt == "docx":
        from documents.writers.docx import write_docx

        return write_docx
    raise ValueError(f"unknown format {fmt!r}")


def write(letter: Letter, fmt: str, options: WriteOptions) -> bytes:
    if options.watermark:
        letter = replace(letter, watermark=options.watermark)
    return writer_for(fmt)(letter, options)
