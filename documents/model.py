"""The document model every writer draws from: one letter, independent of the file format.

Templates render to a small XML vocabulary (``parse_letter``), which becomes these
dataclasses; the ODT, DOCX and PDF writers only ever see this model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from engine.errors import FieldError, ValidationFailed

_SPACE = re.compile(r"\s+")
Align = Literal["l", "r", "c"]


@dataclass(frozen=True)
class Letterhead:
    municipality: str
    department: str = ""
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    website: str = ""
    email: str = ""
    logo: bytes | None = None  # PNG or JPEG

    @property
    def contact_line(self) -> str:
        parts = [*self.address_lines, self.phone and f"T {self.phone}", self.website]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    small: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...]
    widths: tuple[float, ...]  # relative
    total: tuple[str, ...] | None = None


Block = Paragraph | Heading | BulletList | Table


@dataclass(frozen=True)
class Signature:
    closing: str
    name: str
    function: str = ""
    organisation: str = ""


@dataclass
class Letter:
    title: str
    subject: str
    recipient: tuple[str, ...]
    references: tuple[tuple[str, str], ...]
    blocks: list[Block]
    signature: Signature | None
    letterhead: Letterhead
    appeal: list[Block] = field(default_factory=list)  # bezwaarclausule, decisions only
    watermark: str | None = None

    def plain_text(self) -> str:
        """Everything a reader sees, one line per element (for checks and search)."""
        lines = [self.subject, *self.recipient, *(f"{k}: {v}" for k, v in self.references)]
        for block in [*self.blocks, *self.appeal]:
            lines.extend(block_text(block))
        if self.signature:
            lines += [self.signature.closing, self.signature.name, self.signature.function]
        return "\n".join(lines)


def block_text(block: Block) -> list[str]:
    if isinstance(block, Paragraph | Heading):
        return [block.text]
    if isinstance(block, BulletList):
        return [i.text for i in block.items]
    rows = [block.header, *block.rows, *([block.total] if block.total else [])]
    return [" | ".join(r) for r in rows]


# -- parsing the template output -------------------------------------------------------


def _text(el: etree._Element) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())


def _paragraph(el: etree._Element) -> Paragraph:
    raw = [(el.text or "", False)]
    for child in el:
        raw += [(child.text or "", child.tag == "b"), (child.tail or "", False)]
    runs: list[Run] = []
    after_space = True
    for text, bold in raw:
        collapsed = _SPACE.sub(" ", text)
        if after_space:
            collapsed = collapsed.lstrip()
        if collapsed:
            runs.append(Run(collapsed, bold))
            after_space = collapsed.endswith(" ")
    if runs and runs[-1].text.endswith(" "):
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold)
    return Paragraph(tuple(runs), small=el.get("size") == "small")


def _table(el: etree._Element) -> Table:
    def cells(row: etree._Element) -> tuple[str, ...]:
        return tuple(_text(c) for c in row.iter("c"))

    header = next((cells(r) for r in el.iter("th")), ())
    rows = tuple(cells(r) for r in el.iter("tr"))
    total = next((cells(r) for r in el.iter("total")), None)
    ncols = len(header) or (len(rows[0]) if rows else 0)
    align = tuple((el.get("align") or "l" * ncols).ljust(ncols, "l"))
    widths = tuple(float(w) for w in (el.get("widths") or ",".join("1" * ncols)).split(","))
    if len(widths) != ncols or any(len(r) != ncols for r in rows):
        raise ValueError("table rows, widths and header must have the same number of columns")
    return Table(header, rows, align, widths, total)  # type: ignore[arg-type]


def _blocks(parent: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    for el in parent:
        if el.tag == "p":
            blocks.append(_paragraph(el))
        elif el.tag == "h":
            blocks.append(Heading(_text(el)))
        elif el.tag == "ul":
            blocks.append(BulletList(tuple(_paragraph(li) for li in el.iter("li"))))
        elif el.tag == "table":
            blocks.append(_table(el))
    return blocks


def parse_letter(markup: str, letterhead: Letterhead, *, source: str) -> Letter:
    """Turn rendered template XML into a ``Letter``; malformed output names the template."""
    try:
        root = etree.fromstring(markup.encode("utf-8"))
        sig = root.find("signature")
        appeal = root.find("appeal")
        return Letter(
            title=root.get("title") or root.get("subject") or "",
            subject=root.get("subject") or "",
            recipient=tuple(_text(x) for x in root.iterfind("to/line") if _text(x)),
            references=tuple((r.get("label") or "", _text(r)) for r in root.iterfind("ref")),
            blocks=_blocks(body if (body := root.find("body")) is not None else root),
            signature=Signature(
                closing=sig.get("closing") or "Met vriendelijke groet,",
                name=sig.get("name") or "",
                function=sig.get("function") or "",
                organisation=sig.get("organisation") or "",
            )
            if sig is not None
            else None,
            letterhead=letterhead,
            appeal=_blocks(appeal) if appeal is not None else [],
        )
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ValidationFailed(
            f"template {source} produced an invalid letter: {exc}",
            [FieldError("template", source)],
        ) from exc
