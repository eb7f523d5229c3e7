"""Real PDF files for the demo reports, drawn with ReportLab at load time.

Every page carries a band that says the file is a demo copy written for this site, so
nobody mistakes it for the publisher's document.
"""

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

DEMO_NOTICE = {
    "it": "Copia dimostrativa: testo scritto per il sito demo, non è il documento originale.",
    "en": "Demo copy: text written for the demo site, not the original document.",
}
INK = colors.HexColor("#1d2a3a")
ACCENT = colors.HexColor("#0b6e69")


def _styles():
    base = getSampleStyleSheet()
    return {
        "cover_title": ParagraphStyle(
            "cover_title",
            parent=base["Title"],
            fontSize=24,
            leading=30,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=12 * mm,
        ),
        "cover_meta": ParagraphStyle(
            "cover_meta", parent=base["Normal"], fontSize=12, leading=17, textColor=INK
        ),
        "heading": ParagraphStyle(
            "heading", parent=base["Heading2"], textColor=ACCENT, spaceBefore=6 * mm
        ),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=11, leading=16),
    }


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _decorate(language):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, A4[1] - 12 * mm, A4[0], 12 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawString(15 * mm, A4[1] - 8 * mm, DEMO_NOTICE[language])
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica", 9)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, str(doc.page))
        canvas.restoreState()

    return draw


def build_pdf(*, title, subtitle, meta_lines, sections, language, author):
    """Return the bytes of a PDF with a cover and one chapter per (heading, paragraphs)."""
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        title=title,
        author=author,
        subject=subtitle,
        lang=language,
        creator="Storie di welfare (demo)",
    )
    styles = _styles()
    story = [
        Spacer(1, 30 * mm),
        Paragraph(_escape(title), styles["cover_title"]),
        Paragraph(_escape(subtitle), styles["cover_meta"]),
        Spacer(1, 6 * mm),
    ]
    story += [Paragraph(_escape(line), styles["cover_meta"]) for line in meta_lines]
    story.append(Spacer(1, 10 * mm))
    story.append(Paragraph(_escape(DEMO_NOTICE[language]), styles["body"]))
    story.append(PageBreak())
    for heading, paragraphs in sections:
        story.append(Paragraph(_escape(heading), styles["heading"]))
        story += [Paragraph(_escape(p), styles["body"]) for p in paragraphs]
    page_decoration = _decorate(language)
    doc.build(story, onFirstPage=page_decoration, onLaterPages=page_decoration)
    return buffer.getvalue()
