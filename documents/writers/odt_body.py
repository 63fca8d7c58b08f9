"""The body of an ODT letter, serialised straight to ODF XML (content.xml's office:text).

Uses the style names ``documents.writers.odt`` declares with odfpy; building each element
through odfpy would cost ~50 µs per element, ten times the whole letter budget.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from documents.model import Block, BulletList, Heading, Letter, Paragraph, Table


def _esc(text: str) -> str:
    return escape(text)


def _p(style: str, para: Paragraph) -> str:
    inner = "".join(
        f'<text:span text:style-name="Vet">{_esc(r.text)}</text:span>' if r.bold else _esc(r.text)
        for r in para.runs
    )
    return f'<text:p text:style-name="{style}">{inner}</text:p>'


def _bold(text: str) -> str:
    return f'<text:span text:style-name="Vet">{_esc(text)}</text:span>'


def _text_cell(cell_style: str, para_style: str, inner: str) -> str:
    return (
        f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
        f'<text:p text:style-name="{para_style}">{inner}</text:p></table:table-cell>'
    )


def _cell(text: str, cell_style: str, align: str, bold: bool) -> str:
    para = "Rechts" if align == "r" else "Cel"
    return _text_cell(cell_style, para, _bold(text) if bold else _esc(text))


def _table_xml(table: Table, index: int, styles: list[str]) -> str:
    total = sum(table.widths)
    name = f"Tabel{index}"
    styles.append(
        f'<style:style style:name="{name}" style:family="table">'
        '<style:table-properties style:width="16.5cm" table:align="left"/>'
        "</style:style>"
    )
    cols = []
    for i, w in enumerate(table.widths):
        styles.append(
            f'<style:style style:name="{name}.{i}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{16.5 * w / total:.2f}cm"/>'
            "</style:style>"
        )
        cols.append(f'<table:table-column table:style-name="{name}.{i}"/>')
    rows = []

    def row(cells: tuple[str, ...], cell_style: str, bold: bool) -> None:
        tds = "".join(
            _cell(c, cell_style, a, bold) for c, a in zip(cells, table.align, strict=True)
        )
        rows.append(f"<table:table-row>{tds}</table:table-row>")

    if table.header:
        row(table.header, "CelK", True)
    for cells in table.rows:
        row(cells, "CelG", False)
    if table.total:
        row(table.total, "CelT", True)
    head = f'<table:table table:name="{name}" table:style-name="{name}">'
    if table.header:
        header = f"<table:table-header-rows>{rows[0]}</table:table-header-rows>"
        return f"{head}{''.join(cols)}{header}{''.join(rows[1:])}</table:table>"
    return f"{head}{''.join(cols)}{''.join(rows)}</table:table>"


def _block_xml(block: Block, index: int, styles: list[str], appeal_head: bool) -> str:
    if isinstance(block, Paragraph):
        return _p("Small" if block.small else "Body", block)
    if isinstance(block, Heading):
        style = "Bezwaar" if appeal_head else "Kop"
        return (
            f'<text:h text:style-name="{style}" text:outline-level="2">{_esc(block.text)}</text:h>'
        )
    if isinstance(block, BulletList):
        items = "".join(f"<text:list-item>{_p('Body', i)}</text:list-item>" for i in block.items)
        return f'<text:list text:style-name="Opsomming">{items}</text:list>'
    return _table_xml(block, index, styles)


def body_xml(letter: Letter, styles: list[str]) -> str:
    out = [
        '<text:p text:style-name="Ruimte"><draw:frame draw:style-name="Venster" '
        'draw:name="Adres" text:anchor-type="paragraph" svg:x="2.5cm" svg:y="5cm" '
        'svg:width="8.5cm" svg:height="3.5cm"><draw:text-box>'
    ]
    out += [f'<text:p text:style-name="Adres">{_esc(line)}</text:p>' for line in letter.recipient]
    out.append("</draw:text-box></draw:frame></text:p>")
    refs = [*letter.references, ("Onderwerp", letter.subject)]
    styles.append(
        '<style:style style:name="Kenmerken" style:family="table">'
        '<style:table-properties style:width="12cm" table:align="left"/></style:style>'
        '<style:style style:name="Kenmerken.A" style:family="table-column">'
        '<style:table-column-properties style:column-width="3.2cm"/></style:style>'
        '<style:style style:name="Kenmerken.B" style:family="table-column">'
        '<style:table-column-properties style:column-width="8.8cm"/></style:style>'
    )
    out.append(
        '<table:table table:name="Kenmerken" table:style-name="Kenmerken">'
        '<table:table-column table:style-name="Kenmerken.A"/>'
        '<table:table-column table:style-name="Kenmerken.B"/>'
    )
    for label, value in refs:
        out.append(
            "<table:table-row>"
            f"{_text_cell('CelG', 'Grijs', _esc(label))}{_text_cell('CelG', 'Cel', _esc(value))}"
            "</table:table-row>"
        )
    out.append('</table:table><text:p text:style-name="Body"/>')
    for index, block in enumerate(letter.blocks):
        out.append(_block_xml(block, index, styles, False))
    if letter.signature:
        sig = letter.signature
        out.append(
            f'<text:p text:style-name="Body">{_esc(sig.closing)}</text:p>'
            '<text:p text:style-name="Body"/>'
            f'<text:p text:style-name="Body">{_bold(sig.name)}</text:p>'
            f'<text:p text:style-name="Body">{_esc(sig.function)}</text:p>'
            f'<text:p text:style-name="Body">{_esc(sig.organisation)}</text:p>'
        )
    for index, block in enumerate(letter.appeal):
        out.append(_block_xml(block, 100 + index, styles, index == 0))
    return "".join(out)
