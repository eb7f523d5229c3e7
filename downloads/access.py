"""Who may read a report's files.

A document is public when a live report without view restrictions offers it. Editors
(anyone allowed into the admin) may read any document, so they can check the files of
drafts and private reports. A document that no report uses is for editors only: every
public file on this site belongs to a report.

A file that any view-restricted page uses (a report's file fields, a link in a rich text or
StreamField, as Wagtail's reference index records them) follows that page's restriction
wherever it is asked for: through the other language version, /documents/, the permalinks
or the API. Restricting one version of a report restricts its file everywhere.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.documents import get_document_model
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)

from core.memo import memoize
from core.request_memo import private_pages_q, restricted_paths
from stories.models import ReportPage


def is_editor(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def reports_offering(document):
    return ReportPage.objects.filter(Q(full_report=document) | Q(abstract_document=document))


def collection_allows(document, request):
    return all(
        restriction.accept_request(request)
        for restriction in document.collection.get_view_restrictions()
    )


def _page_references():
    """Rows of the reference index from pages to documents."""
    return ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
    )


def restricted_collections():
    """Collections under a view restriction, with those nested in them."""
    restricted = Collection.objects.none()
    for collection in Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection")
    ):
        restricted |= Collection.objects.descendant_of(collection, inclusive=True)
    return restricted


def restricted_document_ids():
    """Ids of the documents used by a page under a view restriction, once per request.
    The report fields are read as well as the reference index, which a fixture load
    (raw save) leaves unfilled."""

    def compute():
        if not restricted_paths():
            return frozenset()
        private = private_pages_q()
        page_keys = Page.objects.filter(private).annotate(key=Cast("pk", CharField()))
        referenced = _page_references().filter(object_id__in=page_keys.values("key"))
        reports = ReportPage.objects.filter(private)
        keys = referenced.values_list("to_object_id", flat=True)
        ids = {int(key) for key in keys if key.isdigit()}
        for field in ("full_report", "abstract_document"):
            ids.update(reports.exclude(**{field: None}).values_list(field, flat=True))
        return frozenset(ids)

    return memoize("restricted_document_ids", compute)


def restrictions_on(document):
    """``(restriction, page)`` for each view restriction over a page using ``document``:
    the restriction may sit on the page or on one of its ancestors."""
    if document.pk not in restricted_document_ids():
        return []
    referenced = _page_references().filter(to_object_id=str(document.pk))
    pages = (
        Page.objects.annotate(key=Cast("pk", CharField()))
        .filter(
            Q(key__in=referenced.values("object_id"))
            | Q(pk__in=reports_offering(document).values("pk"))
        )
        .filter(private_pages_q())
        .order_by("path")
    )
    restrictions = list(PageViewRestriction.objects.select_related("page").order_by("pk"))
    return [
        (restriction, page)
        for page in pages
        for restriction in restrictions
        if page.path.startswith(restriction.page.path)
    ]


def reader_may_see(page, request):
    """Whether ``request`` passes every view restriction over ``page``, as Wagtail checks
    before serving it. No query for a page outside every restricted subtree."""
    if not any(page.path.startswith(path) for path in restricted_paths()):
        return True
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def refusal(request, document):
    """The answer Wagtail gives for a page to a reader who has not passed its restriction
    (the page's password form, or a redirect to the login), for the first restriction over
    a page using ``document`` that ``request`` does not pass; None when the reader may have
    the file. Editors may have every file."""
    if is_editor(request.user):
        return None
    for restriction, page in restrictions_on(document):
        if restriction.accept_request(request):
            continue
        # As wagtail.wagtail_hooks.check_view_restrictions does for the page itself.
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse(
                "wagtailcore_authenticate_with_password", args=[restriction.id, page.id]
            )
            response = page.specific.serve_password_required_response(request, form, action_url)
        else:
            default_login = reverse("wagtailcore_login")
            login_url = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", default_login)
            response = redirect_to_login(request.get_full_path(), login_url)
        add_never_cache_headers(response)
        return response
    return None
