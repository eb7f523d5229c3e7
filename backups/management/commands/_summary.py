from django.utils.translation import ngettext

from backups.database import VENDOR_NAMES


def summary(manifest):
    """What an archive holds, in a few words."""
    counts = manifest["counts"]
    pages = counts.get("wagtailcore.page", 0)
    revisions = counts.get("wagtailcore.revision", 0)
    images = counts.get("wagtailimages.image", 0)
    documents = counts.get("wagtaildocs.document", 0)
    users = counts.get("auth.user", 0)
    files = sum(manifest["media_files"].values())
    vendor = manifest["database"]["vendor"]
    return ", ".join(
        [
            VENDOR_NAMES.get(vendor, vendor),
            ngettext("%(count)s page", "%(count)s pages", pages) % {"count": pages},
            ngettext("%(count)s revision", "%(count)s revisions", revisions) % {"count": revisions},
            ngettext("%(count)s image", "%(count)s images", images) % {"count": images},
            ngettext("%(count)s document", "%(count)s documents", documents) % {"count": documents},
            ngettext("%(count)s user", "%(count)s users", users) % {"count": users},
            ngettext("%(count)s media file", "%(count)s media files", files) % {"count": files},
        ]
    )
