"""ODT writer (odfpy): ODF 1.2 text documents that LibreOffice and Word open as letters."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from odf.draw import Frame, Image, TextBox
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    Footer,
    GraphicProperties,
    Header,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableColumn
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListStyle, P, PageCount, PageNumber

from documents.model import Letter, Letterhead
from documents.writers import WriteOptions, zip_entry
from documents.writers.odt_body import body_xml

MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
FONT = "Liberation Sans"


def _style(
    doc: OpenDocumentText,
    name: str,
    family: str,
    auto: bool = False,
    text: dict[str, Any] | None = None,
    para: dict[str, Any] | None = None,
    **children: dict[str, Any],
) -> Style:
    style = Style(name=name, family=family)
    if text:
        style.addElement(TextProperties(**text))
    if para:
        style.addElement(ParagraphProperties(**para))
    if "cell" in children:
        style.addElement(TableCellProperties(**children["cell"]))
    if "column" in children:
        style.addElement(TableColumnProperties(**children["column"]))
    if "table" in children:
        style.addElement(TableProperties(**children["table"]))
    if "graphic" in children:
        style.addElement(GraphicProperties(**children["graphic"]))
    (doc.automaticstyles if auto else doc.styles).addElement(style)
    return style


class _Styles:
    def __init__(self, doc: OpenDocumentText) -> None:
        doc.fontfacedecls.addElement(
            FontFace(name=FONT, fontfamily=FONT, fontfamilygeneric="swiss", fontpitch="variable")
        )
        base = {"fontname": FONT, "fontsize": "10pt", "language": "nl", "country": "NL"}
        self.normal = _style(
            doc,
            "Standard",
            "paragraph",
            False,
            text=base,
            para={"marginbottom": "0.18cm", "lineheight": "125%"},
        )
        self.body = _style(
            doc,
            "Body",
            "paragraph",
            text=base,
            para={"marginbottom": "0.18cm", "lineheight": "125%"},
        )
        self.address = _style(doc, "Adres", "paragraph", text=base)
        self.small = _style(
            doc,
            "Small",
            "paragraph",
            text={**base, "fontsize": "8pt"},
            para={"marginbottom": "0.15cm"},
        )
        self.heading = _style(
            doc,
            "Kop",
            "paragraph",
            text={**base, "fontweight": "bold"},
            para={"margintop": "0.3cm", "marginbottom": "0.1cm", "keepwithnext": "always"},
        )
        self.bold = _style(doc, "Vet", "text", text={"fontweight": "bold"})
        self.grey = _style(
            doc, "Grijs", "paragraph", text={**base, "fontsize": "8pt", "color": "#595959"}
        )
        self.right = _style(
            doc, "Rechts", "paragraph", text={**base, "fontsize": "9pt"}, para={"textalign": "end"}
        )
        self.cell_text = _style(doc, "Cel", "paragraph", text={**base, "fontsize": "9pt"})
        self.name = _style(
            doc, "Naam", "paragraph", text={**base, "fontsize": "14pt", "fontweight": "bold"}
        )
        self.spacer = _style(doc, "Ruimte", "paragraph", text=base, para={"marginbottom": "6.4cm"})
        self.appeal = _style(
            doc,
            "Bezwaar",
            "paragraph",
            text={**base, "fontweight": "bold"},
            para={"margintop": "0.6cm", "paddingtop": "0.2cm", "bordertop": "0.5pt solid #000000"},
        )
        self.cell = _style(doc, "CelG", "table-cell", cell={"padding": "0.05cm", "border": "none"})
        self.head_cell = _style(
            doc,
            "CelK",
            "table-cell",
            cell={"padding": "0.05cm", "borderbottom": "0.5pt solid #000000"},
        )
        self.total_cell = _style(
            doc,
            "CelT",
            "table-cell",
            cell={"padding": "0.05cm", "bordertop": "0.5pt solid #000000"},
        )
        self.frame = _style(
            doc,
            "Venster",
            "graphic",
            graphic={
                "wrap": "run-through",
                "verticalpos": "from-top",
                "verticalrel": "page",
                "horizontalpos": "from-left",
                "horizontalrel": "page",
                "border": "none",
                "padding": "0cm",
                "runthrough": "foreground",
                "backgroundcolor": "transparent",
            },
        )
        self.mark = _style(
            doc,
            "Watermerk",
            "paragraph",
            text={**base, "fontsize": "72pt", "color": "#DDDDDD", "fontweight": "bold"},
            para={"textalign": "center"},
        )
        bullets = ListStyle(name="Opsomming")
        level = ListLevelStyleBullet(level=1, bulletchar="•")
        level.addElement(ListLevelProperties(spacebefore="0.2cm", minlabelwidth="0.5cm"))
        bullets.addElement(level)
        doc.styles.addElement(bullets)
        self.bullets = bullets


def _master(doc: OpenDocumentText, s: _Styles, letter: Letter) -> None:
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            margintop="1.2cm",
            marginbottom="1.2cm",
            marginleft="2.5cm",
            marginright="2cm",
            printorientation="portrait",
        )
    )
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    head = letter.letterhead
    first = P(stylename=s.name)
    if head.logo:
        frame = Frame(width="2.2cm", height="1.6cm", anchortype="as-char", name="Logo")
        jpeg = head.logo.startswith(b"\xff\xd8")
        name, media = (
            ("Pictures/logo.jpg", "image/jpeg") if jpeg else ("Pictures/logo.png", "image/png")
        )
        href = doc.addPicture(name, media, head.logo)
        frame.addElement(Image(href=href))
        first.addElement(frame)
        first.addText(" ")
    first.addText(head.municipality)
    header.addElement(first)
    header.addElement(P(stylename=s.body, text=head.department))
    if letter.watermark:
        mark = P(stylename=s.mark)
        frame = Frame(
            stylename=s.frame,
            width="17cm",
            height="4cm",
            x="2cm",
            y="12cm",
            anchortype="paragraph",
            name="Watermerk",
        )
        box = TextBox()
        box.addElement(P(stylename=s.mark, text=letter.watermark))
        frame.addElement(box)
        mark.addElement(frame)
        header.addElement(mark)
    master.addElement(header)
    footer = Footer()
    fp = P(stylename=s.grey, text=f"{head.contact_line}    Pagina ")
    fp.addElement(PageNumber(selectpage="current"))
    fp.addText(" van ")
    fp.addElement(PageCount())
    footer.addElement(fp)
    master.addElement(footer)
    doc.masterstyles.addElement(master)


# -- the static part (styles, page, letterhead) is built once with odfpy; the body is
# -- serialised straight to XML with the same style names (odfpy is ~50 µs per element).

_BODY_MARK = "@@AKKOORD-BODY@@"


@lru_cache(maxsize=32)
def _skeleton(head: Letterhead, watermark: str | None) -> dict[str, bytes]:
    """Every part of the package except the body, for one letterhead and watermark."""
    doc = OpenDocumentText()
    s = _Styles(doc)
    fake = Letter(
        title="",
        subject="",
        recipient=(),
        references=(),
        blocks=[],
        signature=None,
        letterhead=head,
        watermark=watermark,
    )
    _master(doc, s, fake)
    # One of each element, so odfpy declares every namespace the body uses.
    anchor = P(stylename=s.spacer)
    frame = Frame(stylename=s.frame, width="1cm", height="1cm", anchortype="paragraph")
    frame.addElement(TextBox())
    anchor.addElement(frame)
    doc.text.addElement(anchor)
    lst = List(stylename=s.bullets)
    lst.addElement(ListItem())
    doc.text.addElement(lst)
    table = OdfTable(name="T")
    table.addElement(TableColumn())
    doc.text.addElement(table)
    doc.text.addElement(H(outlinelevel=2, stylename=s.heading, text=_BODY_MARK))
    buf = io.BytesIO()
    doc.write(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return {name: z.read(name) for name in z.namelist()}


def _meta(letter: Letter, options: WriteOptions) -> bytes:
    when = options.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = escape(options.author or letter.letterhead.municipality)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
        f"<meta:generator>Akkoord</meta:generator><dc:title>{escape(letter.title)}</dc:title>"
        f"<dc:subject>{escape(letter.subject)}</dc:subject>"
        f"<meta:initial-creator>{author}</meta:initial-creator><dc:creator>{author}</dc:creator>"
        f"<meta:creation-date>{when}</meta:creation-date><dc:date>{when}</dc:date>"
        "<dc:language>nl-NL</dc:language></office:meta></office:document-meta>"
    ).encode()


def write_odt(letter: Letter, options: WriteOptions) -> bytes:
    parts = _skeleton(letter.letterhead, letter.watermark)
    content = parts["content.xml"].decode("utf-8")
    start = content.index("<office:text>") + len("<office:text>")
    end = content.index("</office:text>")
    styles: list[str] = []
    body = body_xml(letter, styles)
    content = content[:start] + body + content[end:]
    if "<office:automatic-styles/>" in content:
        content = content.replace(
            "<office:automatic-styles/>",
            f"<office:automatic-styles>{''.join(styles)}</office:automatic-styles>",
            1,
        )
    else:
        content = content.replace(
            "</office:automatic-styles>", f"{''.join(styles)}</office:automatic-styles>", 1
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as z:
        mimetype = zip_entry("mimetype", options)
        mimetype.compress_type = zipfile.ZIP_STORED  # ODF: first and uncompressed
        z.writestr(mimetype, parts["mimetype"])
        for name, data in parts.items():
            if name == "mimetype":
                continue
            if name == "content.xml":
                data = content.encode("utf-8")
            elif name == "meta.xml":
                data = _meta(letter, options)
            z.writestr(zip_entry(name, options), data)
    return buf.getvalue()
