from django import template

from ..listing import report_downloads

register = template.Library()


@register.simple_tag
def downloads_of(reports):
    """Each of ``reports`` with the files it offers and their covers, in one query."""
    return report_downloads(reports)
