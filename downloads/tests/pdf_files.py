"""PDF files for the upload tests: real ones drawn with ReportLab, and hostile ones written
byte by byte (JavaScript, automatic actions, embedded files, polyglots, compressed object
streams, escaped names, a compression bomb)."""

import zlib

from demo.pdf import build_pdf

CATALOG = b"<< /Type /Catalog /Pages 2 0 R %s >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s >>"


def report_pdf():
    """A real report, as the demo draws them."""
    return build_pdf(
        title="Portinerie di quartiere",
        subtitle="Rapporto finale",
        meta_lines=["Cooperativa Il Ponte", "https://example.org/JS/AA"],
        sections=[("Il progetto", ["Tre portinerie, molti vicini. (/JavaScript è un nome.)"])],
        language="it",
        author="Cooperativa Il Ponte",
    )


def write_pdf(*objects, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", trailer=b""):
    """A PDF with a cross-reference table: ``objects`` are numbered from 1; object 1 is the
    catalog."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def simple_pdf(catalog=b"", page=b"", *more):
    return write_pdf(CATALOG % catalog, PAGES, PAGE % page, *more)


def stream(data, dictionary=b""):
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), dictionary, data)


def object_stream(objects, first_number, filters=(b"/FlateDecode",)):
    """An object stream holding ``objects``, numbered from ``first_number``."""
    offsets, body = [], b""
    for body_part in objects:
        offsets.append(len(body))
        body += body_part + b"\n"
    header = b" ".join(b"%d %d" % (first_number + i, offset) for i, offset in enumerate(offsets))
    header += b"\n"
    data = header + body
    for name in reversed(filters):
        if name == b"/FlateDecode":
            data = zlib.compress(data)
        elif name == b"/ASCIIHexDecode":
            data = data.hex().encode() + b">"
    dictionary = b"/Type /ObjStm /N %d /First %d /Filter [%s]" % (
        len(objects),
        len(header),
        b" ".join(filters),
    )
    return stream(data, dictionary)


def compression_bomb(size):
    """An object stream that inflates to ``size`` bytes of spaces, from a few kilobytes."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    data = compressor.compress(b"4 0\n")
    for _ in range(size // len(chunk)):
        data += compressor.compress(chunk)
    data += compressor.flush()
    return simple_pdf(b"", b"", stream(data, b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode"))
