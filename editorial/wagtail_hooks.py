"""Admin hooks of the editorial tools; each part registers its own in its module."""

import editorial.checks_hooks  # noqa: F401
import editorial.fallback_publish  # noqa: F401
import editorial.guide.hooks  # noqa: F401
import editorial.localize_buttons  # noqa: F401
import editorial.localize_hooks  # noqa: F401
import editorial.media_hooks  # noqa: F401
import editorial.slug_hooks  # noqa: F401
import editorial.translations.hooks  # noqa: F401
import editorial.workflow_guard  # noqa: F401
