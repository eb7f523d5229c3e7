"""wagtail-localize's "Translate this page", "Sync translated pages" and "Convert to alias
page" buttons, shown only to users who may use them.

wagtail-localize offers both (in the page header and the listing's "More" menu) to anyone
with its "submit translation" permission, but its views, as this site runs them
(editorial.localize_views), also need the right to edit the page: translators, who hold that
permission, or a network's editors saw buttons on pages they may not change and were sent
to a "permission denied". The hook functions wagtail-localize registered are replaced here
by ones that keep its buttons and logic and drop a button the user could not use. "Convert
to alias page", in the page editor's action menu, needs the right to publish the page
(editorial.localize_views.convert_to_alias).
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from wagtail import hooks
from wagtail_localize import wagtail_hooks as localize_wagtail_hooks

BUTTON_HOOKS = ("register_page_header_buttons", "register_page_listing_more_buttons")
CONVERT_TO_ALIAS = "localize-convert-to-alias"  # the name of wagtail-localize's menu item
# wagtail-localize's views behind the buttons, by their URL names and arguments.
TRANSLATE = ("wagtail_localize:submit_page_translation", "page_id")
SYNC = ("wagtail_localize:update_translations", "translation_source_id")


def may_translate_or_sync(user, page):
    """Whether ``user`` may use "Translate this page" or "Sync translated pages" on ``page``
    (the page the button's URL names: an alias's original for "Translate")."""
    return user.has_perm("wagtail_localize.submit_translation") and (
        page.permissions_for_user(user).can_edit()
    )


def leads_to(button, view):
    """Whether ``button`` leads to ``view`` (a pair from above). The paths are resolved to
    editorial.localize_views, which answer on them, so they are compared by URL name."""
    url_name, argument = view
    path = urlsplit(button.url).path
    try:
        kwargs = resolve(path).kwargs
    except Resolver404:
        return False
    return argument in kwargs and path == reverse(url_name, args=[kwargs[argument]])


def permitted_localize_buttons(page, user, view_name=None, next_url=None):
    buttons = list(
        localize_wagtail_hooks.page_listing_more_buttons(
            page, user, view_name=view_name, next_url=next_url
        )
    )
    if not buttons:
        return
    for button in buttons:
        if leads_to(button, TRANSLATE):
            # wagtail-localize translates an alias's original page.
            target = page.alias_of if page.alias_of_id else page
            if may_translate_or_sync(user, target):
                yield button
        elif leads_to(button, SYNC):
            if may_translate_or_sync(user, page):
                yield button
        else:
            yield button


def replace_hook(hook_name, old, new):
    """Put ``new`` where ``old`` was registered, at the same order. Wagtail has no public way
    to unregister a hook function; its registry is a list of (function, order) pairs."""
    registered = hooks._hooks.get(hook_name, [])
    for index, (function, order) in enumerate(registered):
        if function is old:
            registered[index] = (new, order)
            return True
    return False


for _hook_name in BUTTON_HOOKS:
    if not replace_hook(
        _hook_name, localize_wagtail_hooks.page_listing_more_buttons, permitted_localize_buttons
    ):
        raise RuntimeError(f"wagtail-localize no longer registers {_hook_name}: review this module")


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias(menu_items, request, context):
    page = context.get("page")
    if page is None or page.permissions_for_user(request.user).can_publish():
        return
    menu_items[:] = [item for item in menu_items if item.name != CONVERT_TO_ALIAS]
