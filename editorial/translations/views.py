from collections import Counter

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_localize.machine_translators import get_machine_translator

from core.request_input import whole_number

from .forms import TranslationFilterForm
from .status import TranslationStatus, translation_rows


class TranslationDashboardView(WagtailAdminTemplateMixin, TemplateView):
    """Every Italian story, report and programme with the state of its English version."""

    template_name = "editorial/translations/dashboard.html"
    page_title = _("Translations")
    header_icon = "wagtail-localize-language"
    rows_per_page = 50

    def get(self, request, *args, **kwargs):
        self.filter_form = TranslationFilterForm(request.GET)
        context = self.get_context_data(**kwargs)
        # A hand-edited query string with a bad value gets the form's message, not a 500.
        status = 200 if self.filter_form.is_valid() else 400
        return self.render_to_response(context, status=status)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        translator = get_machine_translator()
        context["filter_form"] = self.filter_form
        context["machine_translator"] = translator.display_name if translator else None
        if not self.filter_form.is_valid():
            return context

        rows = translation_rows(self.filter_form.selected_page_types(), user=self.request.user)
        counts = Counter(row.status for row in rows)
        context["totals"] = [
            {"status": status, "count": counts[status]} for status in TranslationStatus
        ]
        context["total_count"] = len(rows)
        context["live_incomplete_count"] = sum(row.live_incomplete for row in rows)

        selected_status = self.filter_form.cleaned_data["status"]
        context["selected_status"] = selected_status
        if selected_status:
            rows = [row for row in rows if row.status == selected_status]
        if self.filter_form.cleaned_data["live_incomplete"]:
            rows = [row for row in rows if row.live_incomplete]

        paginator = WagtailPaginator(rows, self.rows_per_page)
        page = paginator.get_page(whole_number(self.request.GET.get("p")))
        context["page_obj"] = page
        context["rows"] = page.object_list
        context["elided_page_range"] = paginator.get_elided_page_range(page.number)
        context["translatable_page_ids"] = self.translatable_page_ids(page.object_list)
        return context

    def translatable_page_ids(self, rows):
        """The Italian pages whose translation this user may start or sync: that takes the
        "submit translation" permission and the right to edit the page (see
        editorial.localize_views)."""
        user = self.request.user
        if not user.has_perm("wagtail_localize.submit_translation"):
            return set()
        return {
            row.source_page.pk
            for row in rows
            if row.status in (TranslationStatus.MISSING, TranslationStatus.OUT_OF_DATE)
            and row.source_page.permissions_for_user(user).can_edit()
        }
