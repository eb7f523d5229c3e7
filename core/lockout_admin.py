"""Sign-in lockouts in the Wagtail admin (Settings > Sign-in lockouts), for superusers.

axes registers its models with Django's admin, which this site does not run. Here a
superuser sees every account and address with failed sign-ins (django-axes'
``AccessAttempt`` rows) and lifts a lock: "Unlock" forgets every failure of that account
and of that address, so the editor can sign in again at once. Nobody adds or edits rows.
"""

from axes.models import AccessAttempt
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy


class SuperusersUnlockPolicy(ModelPermissionPolicy):
    """Only active superusers, and only to look ("view") and unlock ("delete"): the rows
    name accounts and addresses, and a lock is lifted by whoever runs the site."""

    ALLOWED_ACTIONS = {"view", "delete"}

    def user_has_permission(self, user, action):
        return action in self.ALLOWED_ACTIONS and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.ALLOWED_ACTIONS.intersection(actions):
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(actions).filter(is_superuser=True)


def failures_of(attempt):
    """Every failure row of the attempt's account or of its address: what counts towards
    either lock."""
    match = Q(pk=attempt.pk)
    if attempt.username:
        match |= Q(username=attempt.username)
    if attempt.ip_address:
        match |= Q(ip_address=attempt.ip_address)
    return AccessAttempt.objects.filter(match)


class LockoutIndexView(IndexView):
    page_title = _("Sign-in lockouts")

    @cached_property
    def columns(self):
        columns = super().columns
        # The title column (it carries the row's "Unlock"), with our label: axes ships no
        # Italian.
        columns[0].label = _("Account")
        return columns

    def get_list_more_buttons(self, instance):
        delete_url = self.get_delete_url(instance)
        if not delete_url:
            return []
        return [MenuItem(_("Unlock"), url=delete_url, icon_name="lock-open", priority=10)]


class UnlockView(DeleteView):
    """Wagtail's delete confirmation, reworded: the POST forgets the failures of the
    account and of the address, not just this row."""

    template_name = "core/unlock_confirm.html"
    page_title = _("Unlock")

    def get_page_subtitle(self):
        return self.object.username or self.object.ip_address

    @property
    def confirmation_message(self):
        return _(
            "Forget the failed sign-ins of the account “%(username)s” and of the address "
            "%(address)s? Both can sign in again at once."
        ) % {"username": self.object.username or "—", "address": self.object.ip_address or "—"}

    def delete_action(self):
        failures_of(self.object).delete()

    def get_success_message(self):
        return _("Unlocked: the account “%(username)s” and the address %(address)s.") % {
            "username": self.object.username or "—",
            "address": self.object.ip_address or "—",
        }


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = _("Sign-in lockouts")
    add_to_settings_menu = True
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    copy_view_enabled = False
    inspect_view_enabled = False
    # Our own labels: axes ships no Italian.
    list_display = [
        "username",
        Column("ip_address", label=_("Address")),
        Column("failures_since_start", label=_("Failed sign-ins")),
        DateColumn("attempt_time", label=_("Last failure")),
        Column("user_agent", label=_("Browser")),
    ]
    search_fields = ["username", "ip_address"]
    search_backend_name = None  # plain database lookups: the rows are not indexed
    ordering = ["-attempt_time"]
    # The create and edit views exist, but nobody may use them (SuperusersUnlockPolicy).
    form_fields = ["username"]
