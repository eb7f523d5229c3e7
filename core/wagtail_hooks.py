from axes.models import AccessAttempt
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .lockout_admin import LockoutViewSet, SuperusersUnlockPolicy

register_permission_policy(AccessAttempt, SuperusersUnlockPolicy(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_sign_in_lockouts():
    return LockoutViewSet("sign_in_lockouts")
