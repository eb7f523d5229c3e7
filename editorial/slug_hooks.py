"""Page addresses are plain ASCII: a title with accents gives `citta`, not `citt%C3%A0`.

WAGTAIL_ALLOW_UNICODE_SLUGS = False (settings) makes Wagtail's own slug field and its
server-side slug from the title transliterate; wagtail-localize slugifies translated slugs
to ASCII too. A slug typed or pasted with accents, posted by any page editor form, is
transliterated here before the form sees it.
"""

from django.utils.text import slugify
from wagtail import hooks


def ascii_slug(value):
    """``value`` as an ASCII slug: letters lose their accents (NFKD), the rest goes."""
    return slugify(value)


def transliterate_posted_slug(request):
    slug = request.POST.get("slug")
    if request.method == "POST" and slug and not slug.isascii():
        data = request.POST.copy()
        data["slug"] = ascii_slug(slug)
        request.POST = data


@hooks.register("before_create_page")
def transliterate_new_page_slug(request, parent_page, page_class):
    transliterate_posted_slug(request)


@hooks.register("before_edit_page")
def transliterate_edited_page_slug(request, page):
    transliterate_posted_slug(request)
