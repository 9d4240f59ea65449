"""The quarterly business review as a PDF (fpdf2), with CJK vendor names.

Fonts: Noto Sans CJK from Debian's fonts-noto-cjk when installed (it covers Latin and CJK),
else DejaVu Sans, else the PDF core font with characters outside Latin-1 replaced — the review
still renders, names in other scripts show as '?' (the page says so).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from fpdf import FPDF

from portal.lifecycle.qbr import QuarterlyReview

FONT_CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2: SC
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
)
BAND_LABELS = {"preferred": "Preferred", "approved": "Approved", "watch": "Watch", "exit": "Exit"}


def _font(pdf: FPDF) -> tuple[str, bool]:
    """(family, unicode): the first installed font of FONT_CANDIDATES."""
    for path, index in FONT_CANDIDATES:
        if Path(path).is_file():
            # Table headings ask for bold: the regular face serves for both.
            for style in ("", "B"):
                if path.endswith(".ttc"):
                    pdf.add_font("body", style, fname=path, collection_font_number=index)
                else:
                    pdf.add_font("body", style, fname=path)
            return "body", True
    return "helvetica", False


def _num(value: Decimal | None, digits: int = 1) -> str:
    if value is None:
        return "missing"
    return f"{value:.{digits}f}"


class _Writer:
    def __init__(self) -> None:
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.add_page()
        self.family, self.unicode = _font(self.pdf)

    def text(self, value: str) -> str:
        if self.unicode:
            return value
        return value.encode("latin-1", "replace").decode("latin-1")

    def heading(self, value: str, size: int = 13) -> None:
        self.pdf.ln(3)
        self.pdf.set_font(self.family, size=size)
        self.pdf.multi_cell(0, 7, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font(self.family, size=9)

    def line(self, value: str) -> None:
        self.pdf.multi_cell(0, 5, self.text(value), new_x="LMARGIN", new_y="NEXT")

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        self.pdf.set_font(self.family, size=8)
        with self.pdf.table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            head = table.row()
            for cell in header:
                head.cell(self.text(cell))
            for row in rows:
                out = table.row()
                for cell in row:
                    out.cell(self.text(cell))
        self.pdf.set_font(self.family, size=9)

    def chart(self, points: list[tuple[str, Decimal | None]], title: str) -> None:
        """A line chart of 0–100 scores, drawn with PDF vector lines."""
        pdf = self.pdf
        x0, y0, w, h = pdf.l_margin + 8, pdf.get_y() + 2, 150.0, 40.0
        if y0 + h + 12 > pdf.h - pdf.b_margin:
            pdf.add_page()
            y0 = pdf.get_y() + 2
        pdf.set_draw_color(180, 180, 180)
        pdf.rect(x0, y0, w, h)
        for mark in (0, 50, 100):
            y = y0 + h - h * mark / 100
            pdf.set_font(self.family, size=6)
            pdf.text(x0 - 7, y + 1, str(mark))
        step = w / max(len(points) - 1, 1)
        pdf.set_draw_color(31, 95, 191)
        pdf.set_line_width(0.6)
        previous = None
        for i, (label, value) in enumerate(points):
            x = x0 + step * i
            pdf.set_font(self.family, size=6)
            pdf.text(x - 4, y0 + h + 4, label)
            if value is None:
                previous = None
                continue
            y = y0 + h - h * float(value) / 100
            pdf.circle(x=x, y=y, radius=0.9, style="F")
            if previous is not None:
                pdf.line(previous[0], previous[1], x, y)
            previous = (x, y)
        pdf.set_line_width(0.2)
        pdf.set_y(y0 + h + 7)
        pdf.set_font(self.family, size=7)
        self.line(title)
        pdf.set_font(self.family, size=9)


def render_qbr_pdf(review: QuarterlyReview) -> bytes:
    out = _Writer()
    vendor = review.vendor
    card = review.scorecard
    out.heading(f"Quarterly business review {review.quarter.code}", 16)
    out.heading(vendor.legal_name, 14)
    out.line(f"Country {vendor.country} · category {vendor.category} · status {vendor.status}")
    if not out.unicode:
        out.line("(No Unicode font installed: characters outside Latin-1 are shown as '?'.)")

    out.heading("Scorecard")
    band = BAND_LABELS.get(card.band or "", "no band")
    out.line(f"Score {_num(card.score)} of 100 — {band}")
    for sentence in card.explanation:
        out.line(f"• {sentence}")
    out.table(
        ["KPI", "Value", "Target", "Weight %", "Points", "Change"],
        [
            [
                line.name,
                _num(line.value, 2),
                _num(line.target, 2),
                _num(line.weight),
                _num(line.contribution),
                _num(line.change) if line.change is not None else "",
            ]
            for line in card.lines
        ],
        [60, 22, 22, 22, 22, 22],
    )
    out.heading("Score trend")
    out.chart(list(review.scores), "Weighted score per quarter (gaps: no data).")
    out.heading("KPI trends")
    quarters = [code for code, _ in review.scores]
    out.table(
        ["KPI", *quarters],
        [[t.name, *(_num(v, 2) for _, v in t.values)] for t in review.trends],
        [50, *([130 / max(len(quarters), 1)] * len(quarters))],
    )

    out.heading("SLA breaches this quarter")
    if review.breaches:
        out.table(
            ["Metric", "Period", "Contracted", "Actual", "Source"],
            [
                [
                    b.metric,
                    f"{b.period_start:%Y-%m-%d} – {b.period_end:%Y-%m-%d}",
                    f"{b.contracted:f}",
                    f"{b.actual:f}",
                    b.source,
                ]
                for b in review.breaches
            ],
            [30, 50, 30, 30, 40],
        )
    else:
        out.line("None.")
    out.heading("Open risks")
    if review.risks:
        out.table(
            ["Risk", "Category", "L×I", "Status", "Review"],
            [
                [
                    r.title,
                    r.category,
                    f"{r.likelihood}×{r.impact}={r.rating}",
                    r.status,
                    f"{r.review_on:%Y-%m-%d}" if r.review_on else "",
                ]
                for r in review.risks
            ],
            [70, 30, 25, 25, 30],
        )
    else:
        out.line("None.")
    out.heading(f"Documents expiring in {review.next_quarter.code}")
    if review.expiring:
        for d in review.expiring:
            out.line(f"• {d.original_filename} ({d.kind or d.doc_type}) — {d.expiry_date}")
    else:
        out.line("None.")
    out.heading("Agreed actions")
    if review.actions:
        out.table(
            ["Action", "Owner", "Due", "Status"],
            [
                [a.text, a.owner_name or "", f"{a.due_on:%Y-%m-%d}" if a.due_on else "", a.status]
                for a in review.actions
            ],
            [95, 35, 25, 25],
        )
    else:
        out.line("None recorded yet.")
    return bytes(out.pdf.output())
