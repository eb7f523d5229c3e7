"""What the site reads out of a report's PDF: its number of pages, the text of each page and
a small picture of its cover, with PDFium (``pypdfium2``).

Everything is bounded, whatever the file: the cover is drawn at most ``COVER_WIDTH`` by
``COVER_MAX_HEIGHT`` pixels however large the page claims to be, text is read from the
first ``MAX_PAGES_READ`` pages only and at most ``MAX_PAGE_TEXT`` characters of each. A file
PDFium cannot open raises ``UnreadablePdf``; a page it cannot read is left without text.
The upload form (``downloads.pdf_checks``) has refused hostile files before they get here.
"""

import io
import re
import threading
from dataclasses import dataclass, field

import pypdfium2 as pdfium

COVER_WIDTH = 240
COVER_MAX_HEIGHT = 360
COVER_QUALITY = 70
MAX_PAGES_READ = 400
MAX_PAGE_TEXT = 20_000

# PDFium is not safe to call from two threads at once.
_pdfium_lock = threading.Lock()
_HYPHENATED = re.compile(r"(\w)-\s*[\r\n]+\s*(\w)")
_SPACES = re.compile(r"\s+")


class UnreadablePdf(Exception):
    pass


@dataclass
class PdfReading:
    page_count: int
    # The text of pages 1, 2… (at most MAX_PAGES_READ of them).
    page_texts: list[str] = field(default_factory=list)
    # WebP bytes and (width, height), or None when the first page could not be drawn.
    cover: bytes | None = None
    cover_size: tuple[int, int] | None = None


def tidy_text(text):
    """One line of text: words split at the end of a line joined again, runs of spaces and
    line breaks made one space."""
    text = _HYPHENATED.sub(r"\1\2", text.replace("\x00", ""))
    return _SPACES.sub(" ", text).strip()[:MAX_PAGE_TEXT]


def _page_text(page):
    textpage = page.get_textpage()
    try:
        return tidy_text(textpage.get_text_bounded())
    finally:
        textpage.close()


def _cover(page):
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return None
    scale = min(COVER_WIDTH / width, COVER_MAX_HEIGHT / height)
    bitmap = page.render(scale=scale)
    try:
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.convert("RGB").save(out, "WEBP", quality=COVER_QUALITY, method=6)
        return out.getvalue(), image.size
    finally:
        bitmap.close()


def _read_or_none(read, page):
    try:
        return read(page)
    except (pdfium.PdfiumError, OSError, ValueError):
        return None


def read_pdf(data):
    """A ``PdfReading`` of the PDF file ``data`` (bytes)."""
    with _pdfium_lock:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise UnreadablePdf(str(error)) from error
        try:
            reading = PdfReading(page_count=len(pdf))
            for number in range(min(reading.page_count, MAX_PAGES_READ)):
                try:
                    page = pdf[number]
                except pdfium.PdfiumError:
                    reading.page_texts.append("")
                    continue
                try:
                    reading.page_texts.append(_read_or_none(_page_text, page) or "")
                    if number == 0:
                        reading.cover, reading.cover_size = _read_or_none(_cover, page) or (
                            None,
                            None,
                        )
                finally:
                    page.close()
            return reading
        finally:
            pdf.close()
