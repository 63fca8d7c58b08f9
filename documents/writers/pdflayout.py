"""Page layout for the PDF writer: A4, address block in the window of a C5/DL envelope.

Lays a ``Letter`` out as a list of pages of drawing operations first (so every page can
say "pagina 1 van 3"), then the writer replays them on a canvas.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from documents.model import Block, BulletList, Heading, Letter, Paragraph, Run, Table

PAGE_W, PAGE_H = 595.2756, 841.8898
LEFT, RIGHT = 25 * mm, 20 * mm
BODY_W = PAGE_W - LEFT - RIGHT
BOTTOM = 25 * mm
NEXT_TOP = PAGE_H - 30 * mm
ADDRESS_TOP = PAGE_H - 50 * mm  # window envelope: 50 mm from the top, 22-25 mm from left
REFS_TOP = PAGE_H - 95 * mm
REGULAR, BOLD, ITALIC = "AkkoordSans", "AkkoordSans-Bold", "AkkoordSans-Oblique"
SIZE, LEADING = 10.0, 14.0
SMALL, SMALL_LEADING = 8.0, 11.0
GREY = 0.35


@dataclass
class Op:
    kind: str  # text | rtext | line | grey
    x: float
    y: float
    font: str = REGULAR
    size: float = SIZE
    text: str = ""
    x2: float = 0.0


@dataclass
class Layout:
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = REFS_TOP

    @property
    def ops(self) -> list[Op]:
        return self.pages[-1]

    def need(self, height: float) -> bool:
        if self.y - height < BOTTOM:
            self.pages.append([])
            self.y = NEXT_TOP
            return True
        return False


def wrap_runs(runs: tuple[Run, ...], width: float, size: float) -> list[list[tuple[str, str]]]:
    """Word-wrap bold/regular runs to ``width``; each line is a list of (font, text)."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    space = stringWidth(" ", REGULAR, size)
    for run in runs:
        font = BOLD if run.bold else REGULAR
        words = run.text.split(" ")
        for i, word in enumerate(words):
            if word == "":
                if i > 0 and used > 0:
                    used += space
                    _append(lines[-1], font, " ")
                continue
            lead = " " if i > 0 and used > 0 and not _ends_space(lines[-1]) else ""
            w = stringWidth(lead + word, font, size)
            if used + w > width and used > 0:
                _rstrip(lines[-1])
                lines.append([])
                lead, used = "", 0.0
                w = stringWidth(word, font, size)
            _append(lines[-1], font, lead + word)
            used += w
    return lines


def _ends_space(line: list[tuple[str, str]]) -> bool:
    return bool(line) and line[-1][1].endswith(" ")


def _append(line: list[tuple[str, str]], font: str, text: str) -> None:
    if line and line[-1][0] == font:
        line[-1] = (font, line[-1][1] + text)
    else:
        line.append((font, text))


def _rstrip(line: list[tuple[str, str]]) -> None:
    if line:
        line[-1] = (line[-1][0], line[-1][1].rstrip())


def _draw_lines(
    layout: Layout, lines: list[list[tuple[str, str]]], x: float, size: float, leading: float
) -> None:
    for line in lines:
        layout.need(leading)
        layout.y -= leading
        cx = x
        for font, text in line:
            layout.ops.append(Op("text", cx, layout.y, font, size, text))
            cx += stringWidth(text, font, size)


def _paragraph(layout: Layout, p: Paragraph, x: float = LEFT, width: float = BODY_W) -> None:
    size, leading = (SMALL, SMALL_LEADING) if p.small else (SIZE, LEADING)
    _draw_lines(layout, wrap_runs(p.runs, width, size), x, size, leading)
    layout.y -= leading * 0.5


def _table(layout: Layout, t: Table) -> None:
    scale = BODY_W / sum(t.widths)
    widths = [w * scale for w in t.widths]
    pad, size, leading = 3.0, 9.0, 12.0

    def row(cells: tuple[str, ...], font: str, rule_above: bool, rule_below: bool) -> None:
        wrapped = [
            wrap_runs((Run(c),), w - 2 * pad, size) for c, w in zip(cells, widths, strict=True)
        ]
        height = max(len(w) for w in wrapped) * leading + 4
        if layout.need(height) and t.header and font != BOLD + "h":
            row(t.header, BOLD + "h", False, True)
        top = layout.y
        if rule_above:
            layout.ops.append(Op("line", LEFT, top, x2=LEFT + BODY_W))
        x = LEFT
        for lines, w, align in zip(wrapped, widths, t.align, strict=True):
            y = top - 2
            for line in lines:
                y -= leading
                text = "".join(s for _, s in line)
                real = BOLD if font.startswith(BOLD) else REGULAR
                if align == "r":
                    layout.ops.append(Op("rtext", x + w - pad, y + 3, real, size, text))
                else:
                    layout.ops.append(Op("text", x + pad, y + 3, real, size, text))
            x += w
        layout.y = top - height
        if rule_below:
            layout.ops.append(Op("line", LEFT, layout.y, x2=LEFT + BODY_W))

    if t.header:
        row(t.header, BOLD + "h", False, True)
    for cells in t.rows:
        row(cells, REGULAR, False, False)
    if t.total:
        row(t.total, BOLD, True, False)
    layout.y -= LEADING * 0.6


def _block(layout: Layout, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(layout, block)
    elif isinstance(block, Heading):
        layout.need(LEADING * 3)  # keep a heading with its first lines
        layout.y -= 4
        _draw_lines(layout, wrap_runs((Run(block.text, True),), BODY_W, SIZE), LEFT, SIZE, LEADING)
        layout.y -= 2
    elif isinstance(block, BulletList):
        for item in block.items:
            layout.need(LEADING)
            layout.ops.append(Op("text", LEFT + 4, layout.y - LEADING, REGULAR, SIZE, "•"))
            _draw_lines(layout, wrap_runs(item.runs, BODY_W - 14, SIZE), LEFT + 14, SIZE, LEADING)
        layout.y -= LEADING * 0.5
    else:
        _table(layout, block)


def lay_out(letter: Letter) -> Layout:
    layout = Layout()
    y = ADDRESS_TOP
    for line in letter.recipient[:7]:
        y -= LEADING
        layout.ops.append(Op("text", LEFT, y, REGULAR, SIZE, line))
    y = REFS_TOP
    for label, value in letter.references:
        y -= 12
        layout.ops.append(Op("grey", LEFT, y, REGULAR, SMALL, label))
        layout.ops.append(Op("text", LEFT + 32 * mm, y, REGULAR, 9, value))
    y -= 12 * 1.5 + LEADING
    layout.ops.append(Op("text", LEFT, y, BOLD, SIZE, "Onderwerp"))
    layout.y = y + LEADING
    subject = wrap_runs((Run(letter.subject),), BODY_W - 32 * mm, SIZE)
    _draw_lines(layout, subject, LEFT + 32 * mm, SIZE, LEADING)
    layout.y -= LEADING
    for block in letter.blocks:
        _block(layout, block)
    if letter.signature:
        sig = letter.signature
        layout.need(LEADING * 6)
        lines = [
            (sig.closing, REGULAR),
            ("", REGULAR),
            ("", REGULAR),
            (sig.name, BOLD),
            (sig.function, REGULAR),
            (sig.organisation, REGULAR),
        ]
        for text, font in lines:
            layout.y -= LEADING
            if text:
                layout.ops.append(Op("text", LEFT, layout.y, font, SIZE, text))
    if letter.appeal:
        layout.y -= LEADING
        layout.need(LEADING * 5)
        layout.ops.append(Op("line", LEFT, layout.y, x2=LEFT + BODY_W))
        layout.y -= 4
        for block in letter.appeal:
            _block(layout, block)
    return layout
