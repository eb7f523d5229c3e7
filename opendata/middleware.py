"""The open data files answered early, as WhiteNoise answers a static file.

The files are written once per content version (``opendata.files``) and streamed from disk,
so the page cache (core/page_cache.py), which keeps bodies, does not keep them: each
download went through every middleware, the URL resolver and the view, for the same file
and the same headers until the next publish. ``DataFileMiddleware`` remembers, in each
process, which file and which headers the whole stack gave an address under the current
content version, and gives the next plain request of it the same: the file opened again
(the server may hand it to the kernel, sendfile) with those headers.

Only what cannot change the answer is skipped: the entry is that of the request's scheme,
host, negotiated language and gzip acceptance (page_cache.page_key, and the view's own
test), under the content version read for this request; a request with a query string, a
range or a conditional header, or one the page cache would not answer (a session, the
admin), and HEAD, go to the view as before. The view marks a response it may keep
(``file_response``): a whole file of the current version, never an earlier version's file
served while the new one is written. A file removed since (a newer version was written) is
served by the view again. On only when the page cache is (``PAGE_CACHE``).
"""

from django.conf import settings
from django.http import FileResponse

from core.cache import cache_answers, content_version
from core.page_cache import may_use_cache, page_key

from .datasets import DATASETS
from .views import ACCEPTS_GZIP, FORMATS

# Request headers that ask for something else than the whole file.
NOT_PLAIN = (
    "QUERY_STRING",
    "HTTP_RANGE",
    "HTTP_IF_RANGE",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Entries a process keeps at most (files × hosts × languages × gzip or not); all are
# dropped when it is full, as a stream of made-up Host ports would fill it.
MAX_ENTRIES = 256


def data_paths():
    return {
        f"/data/{dataset.name}.{extension}"
        for dataset in DATASETS.values()
        for extension in FORMATS
    }


class DataFileMiddleware:
    """Listed after RequestMemoMiddleware (the content version is read once per request)
    and before the page cache and everything a kept answer skips."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = data_paths()
        self.kept = {}

    def __call__(self, request):
        if not (
            settings.PAGE_CACHE_SECONDS
            and request.method == "GET"
            and request.path_info in self.paths
            and not any(request.META.get(name) for name in NOT_PLAIN)
            and may_use_cache(request)
        ):
            return self.get_response(request)
        version = content_version()
        if not cache_answers(version):
            return self.get_response(request)
        _language, digest = page_key(request)
        key = (digest, bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))))
        entry = self.kept.get(key)
        if entry is not None and entry[0] == version:
            try:
                file = open(entry[1], "rb")  # noqa: SIM115 (closed by the response)
            except FileNotFoundError:
                pass
            else:
                return replay(file, entry[2])
        response = self.get_response(request)
        if (
            getattr(response, "current_data_file", None) is not None
            and response.status_code == 200
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
        ):
            if len(self.kept) >= MAX_ENTRIES:
                self.kept.clear()
            self.kept[key] = (version, response.current_data_file, dict(response.items()))
        return response


class KeptFileResponse(FileResponse):
    """A file with the headers kept for it, rather than FileResponse's guesses (type,
    length, disposition)."""

    def set_headers(self, filelike):
        pass


def replay(file, headers):
    return KeptFileResponse(file, headers=headers)
