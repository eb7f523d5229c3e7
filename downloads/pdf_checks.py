"""What a PDF file is, checked by its content: for the documents editors upload and the files
readers send with a proposal. No Wagtail form is imported here, so a model form of another
app can use it while the models are still loading.

Besides being a PDF, an accepted file must be only a document: a report needs no
JavaScript, no action that runs by itself (``/AA``, an ``/OpenAction`` other than "open at
this page"), no program launch, no embedded file, no multimedia, no XFA form and no form
that sends data; and it must not also be a web page (HTML or script in the bytes a browser
sniffs, or anything before ``%PDF-``), which is how a PDF/HTML polyglot runs a script on
a site that serves it carelessly.

The check reads the file's structure the way a viewer does, without a PDF library:
dictionary keys are read as PDF names (``/J#61vaScript`` is ``/JavaScript``), strings and
comments are skipped, stream data is skipped by its ``/Length``, and object streams
(``/ObjStm``, where most writers put their dictionaries) are decompressed and read too.
Decompression is bounded (``MAX_DECODED_BYTES`` for the whole file), so a compression bomb
costs a few megabytes and is refused. A structure the check cannot read (an object stream
compressed with an unusual filter or predictor, or encrypted) is refused rather than
trusted.
"""

import base64
import binascii
import re
import zlib
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Where a PDF's header and end-of-file marker may sit: the header must open the file, the
# marker closes it, maybe with a newline after it.
HEADER = b"%PDF-"
TRAILER_WINDOW = 1024
# What a browser reads to guess a file's type (the MIME sniffing standard reads 1,445 bytes).
SNIFF_WINDOW = 2048
HTML_MARKERS = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|img|meta|"
    rb"link|style|form|a\s)|javascript:",
    re.IGNORECASE,
)
# Every object stream of a file, decompressed, may take this much in all; real reports
# need a few hundred kilobytes. Decompressed a megabyte at a time.
MAX_DECODED_BYTES = 16 * 1024 * 1024
INFLATE_PIECE = 1024 * 1024
# Larger files are not read at all (uploads are capped well below: core.upload_limits).
MAX_FILE_BYTES = 64 * 1024 * 1024

# Names that make a PDF more than a document, with what the message calls them.
ACTIVE_NAMES = {
    "JavaScript": "javascript",
    "JS": "javascript",
    "AA": "automatic",
    "OpenAction": "automatic",
    "Launch": "launch",
    "EmbeddedFile": "embedded",
    "EmbeddedFiles": "embedded",
    "EF": "embedded",
    "RichMedia": "multimedia",
    "XFA": "xfa",
    "SubmitForm": "submit",
    "ImportData": "submit",
}
WHAT = {
    "javascript": _("JavaScript"),
    "automatic": _("actions that run by themselves when it is opened"),
    "launch": _("commands that launch programs"),
    "embedded": _("embedded files"),
    "multimedia": _("multimedia content"),
    "xfa": _("an XFA form"),
    "submit": _("a form that sends or imports data"),
}

NOT_PDF = "not_pdf"
POLYGLOT = "polyglot"
DAMAGED = "damaged"
ACTIVE = "active_content"
UNCHECKABLE = "uncheckable"


@dataclass
class Problem:
    code: str
    message: str
    found: list = field(default_factory=list)


# Whitespace and delimiters end a name (ISO 32000-2, 7.2.3).
NAME_CHARS = rb"[^\x00\t\n\x0c\r /<>\[\]()%{}]*"
TOKEN = re.compile(
    rb"\(|%|<<|>>|<|\[|\]|/" + NAME_CHARS + rb"|(?<![A-Za-z])stream(?:\r\n|\n|\r)"
    rb"|(?<!\d)\d+\s+\d+\s+obj(?![A-Za-z])"
)
STRING_PART = re.compile(rb"[()\\]")
LINE_END = re.compile(rb"[\r\n]")
OBJECT_HEADER = re.compile(rb"(?<!\d)\d+\s+\d+\s+obj(?![A-Za-z])")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
INTEGER = re.compile(rb"\s*(\d+)(?:\s+(\d+)\s+R)?")
ENDSTREAM = re.compile(rb"\s*endstream")
FILTER_ARRAY = re.compile(rb"\s*\[((?:\s*/" + NAME_CHARS + rb")*)\s*\]")
FILTER_NAME = re.compile(rb"\s*(/" + NAME_CHARS + rb")")


NUMBER_OBJECT = re.compile(rb"(?<!\d)(\d+)\s+(\d+)\s+obj\s*(\d+)\s*endobj")
REFERENCE = re.compile(rb"\s*(\d+)\s+(\d+)\s+R")
# What a "go to this page" destination or GoTo action may name.
DESTINATION_NAMES = {
    "S", "GoTo", "D", "Type", "Action", "XYZ", "Fit", "FitH", "FitV", "FitR", "FitB",
    "FitBH", "FitBV",
}  # fmt: skip


class Uncheckable(Exception):
    pass


def is_destination(data, pos):
    """Whether the value at ``pos`` is a destination, or a GoTo action that only names
    one; anything else an /OpenAction names (JavaScript, a link, a launch) runs by itself."""
    rest = data[pos : pos + 4096].lstrip()
    if rest.startswith(b"["):
        return True
    if not rest.startswith(b"<<"):
        return False
    end = rest.find(b">>")
    if end < 0:
        return False
    names = {decode_name(raw[1:]) for raw in re.findall(rb"/" + NAME_CHARS, rest[2:end])}
    return "GoTo" in names and names <= DESTINATION_NAMES


def contained_objects(keys, decoded, data):
    """The objects of an object stream: number -> (decoded data, offset of the object)."""
    first = next((INTEGER.match(data, pos) for name, pos in keys if name == "First"), None)
    if first is None:
        return {}
    offset = int(first[1])
    numbers = [int(value) for value in re.findall(rb"\d+", decoded[:offset])]
    return {
        number: (decoded, offset + position)
        for number, position in zip(numbers[::2], numbers[1::2], strict=False)
    }


def decode_name(raw):
    """A name as the viewer reads it: ``#xx`` escapes decoded."""
    return HEX_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw).decode("latin-1")


def _skip_string(data, pos, end):
    """The position after the literal string opened just before ``pos``: parentheses nest,
    a backslash escapes the next byte."""
    depth = 1
    while depth:
        match = STRING_PART.search(data, pos, end)
        if match is None:
            return end
        pos = match.end()
        if match.group() == b"\\":
            pos += 1
        else:
            depth += 1 if match.group() == b"(" else -1
    return pos


@dataclass
class Scan:
    data: bytes
    found: set = field(default_factory=set)
    objects: int = 0
    object_streams: int = 0
    encrypted: bool = False
    names: set = field(default_factory=set)
    decoded: int = 0
    # Objects an /OpenAction points to (number, generation), and the objects of the object
    # streams (number: (decoded data, offset)), to tell a destination from an action.
    open_actions: list = field(default_factory=list)
    compressed: dict = field(default_factory=dict)
    _numbers: dict | None = None

    def read(self, start, end, streams=True):
        """Reads the tokens from ``start`` to ``end``; ``streams``: the text is a file's own
        (stream data follows the ``stream`` keyword), not the inside of an object stream."""
        data = self.data
        pos = start
        keys = []  # (name, position after it) in the current object
        while True:
            match = TOKEN.search(data, pos, end)
            if match is None:
                return
            token = match.group()
            pos = match.end()
            if token == b"(":
                pos = _skip_string(data, pos, end)
            elif token == b"%":
                line_end = LINE_END.search(data, pos, end)
                pos = line_end.end() if line_end else end
            elif token == b"<":
                closing = data.find(b">", pos, end)
                pos = closing + 1 if closing >= 0 else end
            elif token.startswith(b"/"):
                name = decode_name(token[1:])
                keys.append((name, pos))
                self.note(name, pos, end)
            elif token.endswith(b"obj"):
                self.objects += 1
                keys = []
            elif streams and token.startswith(b"stream"):
                pos = self.stream(keys, pos, end)
                keys = []

    def note(self, name, pos, end):
        self.names.add(name)
        if name == "Encrypt":
            self.encrypted = True
        kind = ACTIVE_NAMES.get(name)
        if kind is None:
            return
        if name == "OpenAction":
            # "Open at this page" is a destination (an array, or a GoTo action), as LaTeX
            # and office suites write: harmless. It may sit in another object.
            reference = REFERENCE.match(self.data, pos, end)
            if reference:
                self.open_actions.append((int(reference[1]), int(reference[2])))
                return
            if is_destination(self.data, pos):
                return
        self.found.add(kind)

    def check_open_actions(self):
        for number, generation in self.open_actions:
            header = re.search(rb"(?<!\d)%d\s+%d\s+obj\b" % (number, generation), self.data)
            if header:
                data, pos = self.data, header.end()
            elif number in self.compressed:
                data, pos = self.compressed[number]
            else:
                continue  # points nowhere: a viewer does nothing
            if not is_destination(data, pos):
                self.found.add("automatic")

    def stream(self, keys, start, end):
        """Handles the data of a stream that starts at ``start``; the position after it."""
        names = [name for name, _pos in keys]
        stop = self._stream_end(keys, start, end)
        if "ObjStm" in names or "First" in names:
            self.object_streams += 1
            decoded = self.decode(keys, start, stop)
            inner = Scan(decoded)
            inner.read(0, len(decoded), streams=False)
            self.found |= inner.found
            self.names |= inner.names
            self.open_actions += inner.open_actions
            self.compressed.update(contained_objects(keys, decoded, self.data))
        elif OBJECT_HEADER.search(self.data, start, stop):
            # A viewer that follows the cross-reference table may find an object hidden in
            # what looks like another stream's data: read from the first such header.
            hidden = OBJECT_HEADER.search(self.data, start, stop)
            self.read(hidden.start(), stop, streams=False)
        after = ENDSTREAM.match(self.data, stop, end)
        return after.end() if after else stop

    def numbers(self):
        """The objects that hold only a number (writers such as pdfTeX keep the lengths of
        streams there), found in one pass over the file."""
        if self._numbers is None:
            self._numbers = {
                (int(number), int(generation)): int(value)
                for number, generation, value in NUMBER_OBJECT.findall(self.data)
            }
        return self._numbers

    def _stream_end(self, keys, start, end):
        """Where the data ends: by ``/Length`` (direct, or an object holding a number) when
        ``endstream`` follows it, else at the next ``endstream``."""
        for name, pos in keys:
            if name != "Length":
                continue
            number = INTEGER.match(self.data, pos, end)
            if number is None:
                break
            length = int(number.group(1))
            if number.group(2) is not None:
                length = self.numbers().get((length, int(number.group(2))))
                if length is None:
                    break
            if start + length <= end and ENDSTREAM.match(self.data, start + length, end):
                return start + length
            break
        found = self.data.find(b"endstream", start, end)
        return found if found >= 0 else end

    def decode(self, keys, start, stop):
        """The decompressed data of an object stream, within the file's budget."""
        filters = []
        for name, pos in keys:
            if name == "Filter":
                array = FILTER_ARRAY.match(self.data, pos)
                single = FILTER_NAME.match(self.data, pos)
                if array:
                    filters = [
                        decode_name(raw[1:]) for raw in re.findall(rb"/" + NAME_CHARS, array[1])
                    ]
                elif single:
                    filters = [decode_name(single.group(1)[1:])]
                else:
                    raise Uncheckable
            elif name == "Predictor":
                number = INTEGER.match(self.data, pos)
                if number is None or int(number.group(1)) > 1:
                    raise Uncheckable
        data = self.data[start:stop]
        for name in filters:
            data = self._apply(name, data)
        return data

    def _apply(self, name, data):
        budget = MAX_DECODED_BYTES - self.decoded
        try:
            if name in ("FlateDecode", "Fl"):
                output = inflate(data, budget)
            elif name in ("ASCIIHexDecode", "AHx"):
                text = re.sub(rb"\s", b"", data).split(b">")[0]
                output = binascii.unhexlify(text + b"0" * (len(text) % 2))
            elif name in ("ASCII85Decode", "A85"):
                text = re.sub(rb"\s", b"", data).split(b"~>")[0]
                output = base64.a85decode(text)
            else:
                raise Uncheckable
        except (zlib.error, binascii.Error, ValueError) as error:
            raise Uncheckable from error
        self.decoded += len(output)
        if self.decoded > MAX_DECODED_BYTES:
            raise Uncheckable
        return output


def inflate(data, budget):
    """``data`` decompressed, in pieces into one buffer so that memory stays near
    ``budget``; Uncheckable past it, or when the data ends before the compressed stream."""
    inflater = zlib.decompressobj()
    output = bytearray()
    pending = data
    while pending and not inflater.eof:
        output += inflater.decompress(pending, INFLATE_PIECE)
        if len(output) > budget:
            raise Uncheckable
        pending = inflater.unconsumed_tail
    if not inflater.eof:
        raise Uncheckable
    return output


def _read_all(file):
    file.seek(0)
    data = file.read(MAX_FILE_BYTES + 1)
    file.seek(0)
    return data


def pdf_problem(file):
    """What makes ``file`` unfit as a report's PDF (a ``Problem``), or None. A file that is
    not a PDF at all, whatever it is called, gets the code ``NOT_PDF``, for which each form
    has its own words."""
    data = _read_all(file)
    if HEADER not in data[:1024] or b"%%EOF" not in data[-TRAILER_WINDOW:]:
        return Problem(NOT_PDF, _("This file is not a PDF."))
    if not data.startswith(HEADER) or HTML_MARKERS.search(data, 0, SNIFF_WINDOW):
        return Problem(
            POLYGLOT,
            _(
                "This file is a PDF and a web page at the same time: it holds HTML or script "
                "code at its start. Export the document as PDF again and upload the new file."
            ),
        )
    if len(data) > MAX_FILE_BYTES:
        return _uncheckable()
    scan = Scan(data)
    try:
        scan.read(0, len(data))
        scan.check_open_actions()
    except Uncheckable:
        return _uncheckable()
    if scan.encrypted and scan.object_streams:
        # Encrypted object streams: what a viewer reads after decrypting them is unknown.
        return _uncheckable()
    has_cross_reference = b"trailer" in data or "XRef" in scan.names
    if not scan.objects or b"startxref" not in data[-TRAILER_WINDOW:] or not has_cross_reference:
        return Problem(
            DAMAGED,
            _(
                "This PDF could not be read: it seems damaged or incomplete. Export it again "
                "and upload the new file."
            ),
        )
    if scan.found:
        found = sorted(scan.found)
        return Problem(
            ACTIVE,
            format_lazy(
                _(
                    "This PDF contains {what}, which a report must not have. Export or print "
                    "it again as a plain PDF (for example PDF/A) and upload the new file."
                ),
                what=", ".join(str(WHAT[kind]) for kind in found),
            ),
            found,
        )
    return None


def _uncheckable():
    return Problem(
        UNCHECKABLE,
        format_lazy(
            _(
                "This PDF could not be checked: its structure is protected by a password, "
                "compressed in an unusual way, or expands beyond {limit}. Export it again as a "
                "plain PDF without a password and upload the new file."
            ),
            limit=filesizeformat(MAX_DECODED_BYTES),
        ),
    )
