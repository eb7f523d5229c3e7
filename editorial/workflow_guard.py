"""A workflow's "Approve" does not publish an incomplete translation.

Approving the last task of a workflow publishes the page. An English page put through the
"Moderators approval" workflow while some of its segments were not translated would go live
with them in Italian, as wagtail-localize fills them. Wagtail gives that view no hook; its
page viewset names the view class to use, so the default page viewset gets one that first
refuses an incomplete translation, with the message the other publishing paths give
(editorial.completeness), and one whose latest revision predates the translator's last edits:
approval publishes that revision, which would still hold the source-language stand-ins of
the sync that saved it. The explicit override stays editorial.fallback_publish.
"""

from django.shortcuts import redirect
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import base_page_viewset

from .completeness import enabled_translation, refuse_incomplete, refuse_stale_revision

APPROVE = "approve"


class TranslationAwareWorkflowActionView(WorkflowActionView):
    def post(self, request, *args, **kwargs):
        if self.action_name == APPROVE:
            page = self.object.specific_deferred
            translation = enabled_translation(page)
            if translation is not None and (
                refuse_incomplete(request, translation, page)
                or refuse_stale_revision(request, translation, page)
            ):
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": self.redirect_url}
                    )
                return redirect(self.redirect_url)
        return super().post(request, *args, **kwargs)


def install():
    """Makes the default page viewset use the view above; before its first request, which
    builds the view once."""
    if "workflow_action_view" in vars(base_page_viewset):
        raise RuntimeError("The page viewset's workflow action view was built already.")
    base_page_viewset.workflow_action_view_class = TranslationAwareWorkflowActionView


install()
