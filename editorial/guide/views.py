from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_localize.machine_translators import get_machine_translator

from editorial.checks import CHECKS


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


# The guide's sections, in order. Anchors are the same in both languages, so a link to a
# section (from the page editor, a message, an e-mail) works for everyone.
SECTIONS = {
    "writing": Section("writing-a-story", _("How to write a story")),
    "reports": Section("attaching-a-report", _("How to attach a report")),
    "translations": Section("asking-for-a-translation", _("How to ask for a translation")),
    "workflow": Section("review-and-publication", _("Review and publication")),
    "checks": Section("publishing-checks", _("Publishing checks")),
}


def guide_url(section=None):
    url = reverse("editorial_guide")
    return f"{url}#{SECTIONS[section].anchor}" if section else url


def check_anchor(check):
    return f"check-{check.code}"


def page_type_names(labels):
    return [capfirst(apps.get_model(label)._meta.verbose_name_plural) for label in labels]


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "editorial/guide/guide.html"
    page_title = _("Editor's guide")
    header_icon = "help"
    # A document with its own visible title, not a listing: no breadcrumbs.
    breadcrumbs_items = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        translator = get_machine_translator()
        context["sections"] = list(SECTIONS.values())
        context["section"] = SECTIONS
        context["machine_translator"] = translator.display_name if translator else None
        try:
            context["translations_url"] = reverse("editorial_translations")
        except NoReverseMatch:
            context["translations_url"] = None
        context["checks"] = [
            {
                "anchor": check_anchor(check),
                "title": check.title,
                "explanation": check.explanation,
                "applies_to": page_type_names(getattr(check, "page_types", ())),
            }
            for check in CHECKS
        ]
        return context
