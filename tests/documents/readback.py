"""Read a rendered document back as text, the way a person would see it."""

from __future__ import annotations

import io


def pdf_text(data: bytes, password: str | None = None) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if password:
        reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


def odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    doc = load(io.BytesIO(data))
    parts = [teletype.extractText(el) for el in doc.getElementsByType(P)]
    parts += [teletype.extractText(el) for el in doc.getElementsByType(H)]
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def text_of(fmt: str, data: bytes) -> str:
    return {"pdf": pdf_text, "odt": odt_text, "docx": docx_text}[fmt](data)


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())
