from django.conf import settings

from .cache import content_version


def fragment_cache(request):
    """What the templates' fragment caches vary on."""
    return {
        "content_version": content_version,
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
