from django import template
from django.contrib.contenttypes.models import ContentType

from navigation.templatetags.site_tags import _site_sections

from ..models import ProposalPage

register = template.Library()


@register.simple_tag
def proposal_page():
    """The active language's "propose your story" page, or None. Taken from the section
    pages the header and footer already share, so the footer link costs no query."""
    content_type = ContentType.objects.get_for_model(ProposalPage)
    sections = _site_sections()[4]
    return next((page for page in sections if page.content_type_id == content_type.pk), None)
