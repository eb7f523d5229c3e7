from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import DownloadCount


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Counts are written by downloads only: editors may look, nobody may edit."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(DownloadCount, ReadOnlyPermissionPolicy(DownloadCount))


class DownloadCountViewSet(ModelViewSet):
    model = DownloadCount
    icon = "download"
    menu_label = _("Downloads")
    menu_order = 850
    add_to_admin_menu = True
    list_display = ["day", "report", "kind", "language", "count"]
    list_filter = ["kind", "language", "day"]
    list_export = ["day", "report", "report_id", "kind", "language", "count"]
    export_filename = "downloads"
    ordering = ["-day", "report__title"]
    inspect_view_enabled = False
    # The create and edit views exist but nobody may use them (ReadOnlyPermissionPolicy).
    form_fields = ["count"]


@hooks.register("register_admin_viewset")
def register_download_counts():
    return DownloadCountViewSet("download_counts")
