"""wagtail-localize's DeepL and LibreTranslate translators, made to fail softly.

Theirs post to the service and read its answer without handling errors, so a wrong key, an
exhausted quota, an outage or a slow answer turns "Translate with DeepL" into a server error.
These log a warning and pre-fill nothing instead; the editor then says so (see
``editorial.localize_views.machine_translate``) and the segments stay for a person to translate.
"""

import logging

import requests
from wagtail_localize.machine_translators import deepl, libretranslate

logger = logging.getLogger(__name__)

# Seconds to wait for the service: the editor waits for it before the page reloads.
DEFAULT_TIMEOUT = 10


class FailSoftly:
    """``failed`` tells whether the last ``translate`` got no usable answer."""

    failed = False

    def __init__(self, options):
        super().__init__({"TIMEOUT": DEFAULT_TIMEOUT, **options})

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        self.failed = False
        try:
            return super().translate(source_locale, target_locale, strings)
        except (requests.RequestException, KeyError, TypeError, ValueError) as error:
            # An unexpected answer (an error message instead of translations, HTML, fewer
            # translations than strings) raises KeyError, TypeError or ValueError.
            logger.warning(
                "%s did not translate %d strings from %s to %s: %r",
                self.display_name,
                len(strings),
                source_locale.language_code,
                target_locale.language_code,
                error,
            )
            self.failed = True
            return {}


class DeepLTranslator(FailSoftly, deepl.DeepLTranslator):
    pass


class LibreTranslator(FailSoftly, libretranslate.LibreTranslator):
    pass
