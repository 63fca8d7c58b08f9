"""DOCX writer (python-docx) for offices that still need Word files."""

from __future__ import annotations

import io
from datetime import UTC

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from documents.model import Block, BulletList, Heading, Letter, Paragraph, Table
from documents.writers import WriteOptions, restamped_zip

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
GREY = RGBColor(0x59, 0x59, 0x59)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _address(doc: DocxDocument, lines: tuple[str, ...]) -> None:
    """The address block in the window of a C5/DL envelope: 50 mm from the top edge."""
    spacer = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Cm(2.0)
    _spacing(spacer, 0)
    table = doc.add_table(rows=1, cols=1)
    row = table.rows[0]
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    row.height = Cm(4.5)
    cell = row.cells[0]
    cell.width = Cm(8.5)
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.add_run(line)
        _spacing(p, 0)


def _rule(paragraph: DocxParagraph, side: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _spacing(paragraph: DocxParagraph, after: float = 3) -> None:
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)


def _letterhead(doc: DocxDocument, letter: Letter) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(3), Cm(2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1)
    head = letter.letterhead
    header = section.header.paragraphs[0]
    if head.logo:
        header.add_run().add_picture(io.BytesIO(head.logo), height=Cm(1.6))
        header.add_run(" ")
    name = header.add_run(head.municipality)
    name.bold, name.font.size = True, Pt(14)
    section.header.add_paragraph().add_run(head.department).font.size = Pt(9)
    if letter.watermark:
        mark = section.header.add_paragraph()
        run = mark.add_run(letter.watermark)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(72), RGBColor(0xDD, 0xDD, 0xDD)
        _behind_text(mark)
    footer = section.footer.paragraphs[0]
    small = footer.add_run(f"{head.contact_line}    Pagina ")
    small.font.size, small.font.color.rgb = Pt(7.5), GREY
    _field(footer, "PAGE")
    footer.add_run(" van ").font.size = Pt(7.5)
    _field(footer, "NUMPAGES")


def _behind_text(paragraph: DocxParagraph) -> None:
    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w:w", "9600"),
        ("w:h", "2000"),
        ("w:hRule", "exact"),
        ("w:wrap", "around"),
        ("w:vAnchor", "page"),
        ("w:hAnchor", "page"),
        ("w:x", "1400"),
        ("w:y", "7000"),
    ):
        frame.set(qn(key), value)
    paragraph._p.get_or_add_pPr().insert(0, frame)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _add_paragraph(doc: DocxDocument, para: Paragraph) -> DocxParagraph:
    p = doc.add_paragraph()
    for run in para.runs:
        r = p.add_run(run.text)
        r.bold = run.bold or None
        if para.small:
            r.font.size = Pt(8)
    _spacing(p, 5)
    return p


def _table(doc: DocxDocument, table: Table) -> None:
    ncols = len(table.widths)
    rows = [*([table.header] if table.header else []), *table.rows]
    if table.total:
        rows.append(table.total)
    t = doc.add_table(rows=len(rows), cols=ncols)
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    total_w = sum(table.widths)
    for i, w in enumerate(table.widths):
        t.columns[i].width = Cm(16.5 * w / total_w)
    for r, (docx_row, cells) in enumerate(zip(t.rows, rows, strict=True)):
        docx_cells = docx_row.cells
        bold = (r == 0 and bool(table.header)) or (table.total is not None and r == len(rows) - 1)
        for c, (text, align) in enumerate(zip(cells, table.align, strict=True)):
            cell = docx_cells[c]
            cell.width = Cm(16.5 * table.widths[c] / total_w)
            p = cell.paragraphs[0]
            run = p.add_run(text)
            run.bold = bold or None
            run.font.size = Pt(9)
            _spacing(p, 0)
            if align == "r":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r == 0 and table.header:
                _rule(p, "bottom")
            elif bold:
                _rule(p, "top")
    doc.add_paragraph()


def _block(doc: DocxDocument, block: Block, appeal_head: bool = False) -> None:
    if isinstance(block, Paragraph):
        _add_paragraph(doc, block)
    elif isinstance(block, Heading):
        p = doc.add_paragraph()
        run = p.add_run(block.text)
        run.bold = True
        p.paragraph_format.keep_with_next = True
        _spacing(p, 2)
        p.paragraph_format.space_before = Pt(8)
        if appeal_head:
            _rule(p, "top")
    elif isinstance(block, BulletList):
        for item in block.items:
            p = _add_paragraph(doc, item)
            p.style = doc.styles["List Bullet"]
    else:
        _table(doc, block)


def write_docx(letter: Letter, options: WriteOptions) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Sans", Pt(10)
    _letterhead(doc, letter)
    props = doc.core_properties
    props.title, props.subject, props.language = letter.title, letter.subject, "nl-NL"
    props.author = options.author or letter.letterhead.municipality
    props.created = options.created_at.astimezone(UTC).replace(tzinfo=None)
    _address(doc, letter.recipient)
    refs = doc.add_table(rows=0, cols=2)
    for label, value in [*letter.references, ("Onderwerp", letter.subject)]:
        row = refs.add_row()
        first = row.cells[0].paragraphs[0].add_run(label)
        first.font.size, first.font.color.rgb = Pt(8), GREY
        row.cells[1].paragraphs[0].add_run(value).font.size = Pt(9)
        row.cells[0].width, row.cells[1].width = Cm(3.2), Cm(12)
    doc.add_paragraph()
    for block in letter.blocks:
        _block(doc, block)
    if letter.signature:
        sig = letter.signature
        for text, bold in (
            (sig.closing, False),
            ("", False),
            (sig.name, True),
            (sig.function, False),
            (sig.organisation, False),
        ):
            p = doc.add_paragraph()
            p.add_run(text).bold = bold or None
            _spacing(p, 0)
    for i, block in enumerate(letter.appeal):
        _block(doc, block, appeal_head=i == 0)
    buf = io.BytesIO()
    doc.save(buf)
    return restamped_zip(buf.getvalue(), options)
