"""PDF writer (reportlab): embedded TrueType fonts, PDF/A-2b (XMP + sRGB output intent).

A password-protected PDF is encrypted with AES-256 (pypdf) and is then no longer PDF/A
(the standard forbids encryption); protect only reports that need it.
"""

from __future__ import annotations

import io
import zlib
from datetime import UTC
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from documents.model import Letter
from documents.writers import WriteOptions
from documents.writers.pdflayout import (
    BOLD,
    GREY,
    ITALIC,
    LEFT,
    PAGE_H,
    PAGE_W,
    REGULAR,
    RIGHT,
    SMALL,
    Op,
    lay_out,
)

MEDIA_TYPE = "application/pdf"
PRODUCER = "Akkoord (ReportLab)"
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"


class _FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """Flate at level 1: letters are small, speed matters more than the last few percent."""

    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, 1)


@cache
def register_fonts() -> None:
    pdfdoc.PDFZCompress = _FastFlate()  # reportlab looks this filter up at write time
    for name, file in ((REGULAR, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))


@cache
def srgb_profile() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


@cache
def _logo_reader(data: bytes) -> ImageReader:
    return ImageReader(io.BytesIO(data))


def write_pdf(letter: Letter, options: WriteOptions) -> bytes:
    register_fonts()
    layout = lay_out(letter)
    buf = io.BytesIO()
    canvas = Canvas(
        buf,
        pagesize=(PAGE_W, PAGE_H),
        pageCompression=1,
        invariant=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        pdfVersion=(1, 7),
    )
    _metadata(canvas, letter, options)
    total = len(layout.pages)
    for number, ops in enumerate(layout.pages, start=1):
        if options.watermark:
            _watermark(canvas, options.watermark)
        if number == 1:
            _letterhead(canvas, letter)
        else:
            _running_header(canvas, letter)
        _replay(canvas, ops)
        _footer(canvas, letter, number, total)
        canvas.showPage()
    canvas.save()
    data = buf.getvalue()
    return _encrypt(data, options.password) if options.password else data


def _replay(canvas: Canvas, ops: list[Op]) -> None:
    for op in ops:
        if op.kind == "text":
            canvas.setFont(op.font, op.size)
            canvas.drawString(op.x, op.y, op.text)
        elif op.kind == "rtext":
            canvas.setFont(op.font, op.size)
            canvas.drawRightString(op.x, op.y, op.text)
        elif op.kind == "grey":
            canvas.setFillGray(GREY)
            canvas.setFont(op.font, op.size)
            canvas.drawString(op.x, op.y, op.text)
            canvas.setFillGray(0)
        elif op.kind == "line":
            canvas.setLineWidth(0.5)
            canvas.line(op.x, op.y, op.x2, op.y)


def _letterhead(canvas: Canvas, letter: Letter) -> None:
    head = letter.letterhead
    top = PAGE_H - 18 * mm
    x = LEFT
    if head.logo:
        reader = _logo_reader(head.logo)
        iw, ih = reader.getSize()
        h = 16 * mm
        w = h * iw / ih
        canvas.drawImage(reader, LEFT, top - h + 4 * mm, width=w, height=h, mask="auto")
        x = LEFT + w + 4 * mm
    canvas.setFont(BOLD, 14)
    canvas.drawString(x, top, head.municipality)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(x, top - 12, head.department)
    col = PAGE_W - RIGHT - 55 * mm
    canvas.setFillGray(GREY)
    canvas.setFont(REGULAR, SMALL)
    lines = [*head.address_lines, head.phone and f"T {head.phone}", head.email, head.website]
    y = top
    for line in (ln for ln in lines if ln):
        canvas.drawString(col, y, line)
        y -= 10
    canvas.setFillGray(0)


def _running_header(canvas: Canvas, letter: Letter) -> None:
    canvas.setFillGray(GREY)
    canvas.setFont(REGULAR, SMALL)
    ref = dict(letter.references).get("Ons kenmerk", "")
    canvas.drawString(LEFT, PAGE_H - 18 * mm, f"{letter.letterhead.municipality} · {ref}")
    canvas.setFillGray(0)


def _footer(canvas: Canvas, letter: Letter, number: int, total: int) -> None:
    canvas.setFillGray(GREY)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(LEFT, 12 * mm, letter.letterhead.contact_line)
    canvas.drawRightString(PAGE_W - RIGHT, 12 * mm, f"Pagina {number} van {total}")
    canvas.setFillGray(0)


def _watermark(canvas: Canvas, text: str) -> None:
    canvas.saveState()
    canvas.setFillGray(0.86)
    canvas.setFont(BOLD, 96)
    canvas.translate(PAGE_W / 2, PAGE_H / 2)
    canvas.rotate(55)
    canvas.drawCentredString(0, -30, text)
    canvas.restoreState()


def _metadata(canvas: Canvas, letter: Letter, options: WriteOptions) -> None:
    when = options.created_at.astimezone(UTC)
    iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    pdf_date = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    canvas.setTitle(letter.title)
    canvas.setAuthor(options.author or letter.letterhead.municipality)
    canvas.setSubject(letter.subject)
    canvas.setCreator("Akkoord")
    canvas.setProducer(PRODUCER)
    canvas.setKeywords("")
    doc = canvas._doc
    doc.info._dateFormatter = lambda *_: pdf_date
    doc.info.trapped = "False"
    catalog = doc.Catalog
    catalog.Lang = PDFString("nl-NL")
    xmp = _xmp(letter.title, options.author or letter.letterhead.municipality, letter.subject, iso)
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp.encode("utf-8"),
        filters=[],
    )
    icc = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": doc.Reference(icc),
        }
    )
    catalog.OutputIntents = PDFArray([intent])
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]


def _xmp(title: str, author: str, subject: str, when: str) -> str:
    t, a, s = escape(title), escape(author), escape(subject)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{a}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{s}</rdf:li></rdf:Alt></dc:description>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:CreatorTool>Akkoord</xmp:CreatorTool>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<pdf:Keywords></pdf:Keywords>
<pdf:Trapped>False</pdf:Trapped>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _encrypt(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
