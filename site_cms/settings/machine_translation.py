"""Which machine translator wagtail-localize offers editors, chosen from the environment.

Machine translation only pre-fills the translation editor: a person reviews each segment and
publishes (or submits) the English page; nothing reaches readers on its own.

- ``DEEPL_API_KEY``: DeepL (a key ending in ``:fx`` uses DeepL's free API).
- ``LIBRETRANSLATE_URL`` (+ optional ``LIBRETRANSLATE_API_KEY``): a LibreTranslate server.
- Neither: no machine translation.

When both are set, DeepL is used and LibreTranslate ignored.

The classes are wagtail-localize's, wrapped so that a service that fails or does not answer
in time pre-fills nothing instead of raising a server error (editorial.machine_translators).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEEPL_TRANSLATOR = "editorial.machine_translators.DeepLTranslator"
LIBRETRANSLATE_TRANSLATOR = "editorial.machine_translators.LibreTranslator"


def machine_translator_from_env(environ):
    """The value of ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` for these environment variables."""
    deepl_key = environ.get("DEEPL_API_KEY", "").strip()
    if deepl_key:
        return {"CLASS": DEEPL_TRANSLATOR, "OPTIONS": {"AUTH_KEY": deepl_key}}

    libretranslate_url = environ.get("LIBRETRANSLATE_URL", "").strip()
    if libretranslate_url:
        parts = urlsplit(libretranslate_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"LIBRETRANSLATE_URL must be an http(s) URL, not {libretranslate_url!r}."
            )
        return {
            "CLASS": LIBRETRANSLATE_TRANSLATOR,
            "OPTIONS": {
                # The translator appends "/translate" itself.
                "LIBRETRANSLATE_URL": libretranslate_url.rstrip("/"),
                # wagtail-localize always sends a key; servers without keys ignore an empty one.
                "API_KEY": environ.get("LIBRETRANSLATE_API_KEY", "").strip(),
            },
        }

    return None
