"""What a PDF file is, checked by its content: for the documents editors upload and the files
readers send with a proposal. No Wagtail form is imported here, so a model form of another
app can use it while the models are still loading."""

# Where a PDF's header and end-of-file marker may sit: the header must open the file
# (some writers put a few bytes before it), the marker closes it, maybe with a newline.
HEADER_WINDOW = 1024
TRAILER_WINDOW = 1024


def looks_like_pdf(file):
    """True when the content is a PDF, whatever the file is called."""
    file.seek(0)
    head = file.read(HEADER_WINDOW)
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(size - TRAILER_WINDOW, 0))
    tail = file.read()
    file.seek(0)
    return b"%PDF-" in head and b"%%EOF" in tail
