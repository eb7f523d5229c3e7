"""Absolute addresses on the host a reader or client used.

The site answers on every host name that ``ALLOWED_HOSTS`` accepts (Django refuses any
other with a 400 before a view runs), so the host of the request is the site's real
address. Wagtail's ``Site.root_url`` (``http://localhost``) is a placeholder and never
appears in what the site serves. The CSV and JSON exports, the API, the feeds, the
sitemap and the head metadata all build their absolute URLs here.
"""


def absolute_url(request, url):
    """``url`` (a path, or an already absolute URL left as it is) on the request's host."""
    return request.build_absolute_uri(url)


def page_address(request, page):
    """The page's absolute URL on the request's host, or "" when it has no route."""
    url = page.get_url(request)
    return absolute_url(request, url) if url else ""
