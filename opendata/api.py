"""The read-only JSON API (Wagtail API v2) at ``/api/v2/``: pages, documents and images.

It shows what an anonymous reader can see on the site, the same for everyone: live pages
under no view restriction, the files of such reports, and the images such pages use.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from rest_framework import status
from rest_framework.fields import ReadOnlyField, SkipField
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageAliasOfField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import (
    Locale,
    Page,
    ReferenceIndex,
    Site,
)

from core.addresses import absolute_url, page_address
from core.cache import cached_variant
from core.middleware import shared_with_other_sites
from core.request_input import whole_number
from downloads.access import restricted_collections, restricted_document_ids
from search.query import parse_query
from stories.models import ReportPage

from .parameters import check_field_filters, check_query, highest_id


def public_pages():
    return Page.objects.live().public()


# --- Absolute URLs on the client's host ------------------------------------------------
# Wagtail builds ``detail_url``, ``html_url`` and a document's ``download_url`` from
# ``Site.root_url`` (or a fixed WAGTAILAPI_BASE_URL): http://localhost/ whatever host the
# client asked. These fields build them on the request's host, like the exports.


class AbsoluteDetailUrlField(ReadOnlyField):
    """The object's address in the API; left out for a model without an endpoint."""

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField
        return absolute_url(self.context["request"], path)


class WholeObjectField(ReadOnlyField):
    """A field written from the object itself rather than from one of its attributes."""

    def get_attribute(self, instance):
        return instance


class AbsolutePageHtmlUrlField(WholeObjectField):
    """The page's address on the site; null when it has no route."""

    def to_representation(self, page):
        try:
            return page_address(self.context["request"], page) or None
        except NoReverseMatch:
            return None


class AbsoluteDownloadUrlField(WholeObjectField):
    """A file's address (a document's download view, an image's original)."""

    def __init__(self, url_attribute, **kwargs):
        self.url_attribute = url_attribute
        super().__init__(**kwargs)

    def to_representation(self, instance):
        url = instance
        for part in self.url_attribute.split("."):
            url = getattr(url, part)
        return absolute_url(self.context["request"], url)


def page_reference(page, context):
    """A linked page (parent, alias) as Wagtail shows it, with this API's addresses."""
    serializer_class = get_serializer_class(
        type(page),
        ["id", "type", "detail_url", "html_url", "title"],
        meta_fields=["type", "detail_url", "html_url"],
        base=OpenDataPageSerializer,
    )
    return serializer_class(context=context).to_representation(page)


class OpenDataParentField(PageParentField):
    def to_representation(self, page):
        return page_reference(page, self.context)


class OpenDataAliasOfField(PageAliasOfField):
    def to_representation(self, page):
        return page_reference(page, self.context)


class OpenDataPageSerializer(PageSerializer):
    detail_url = AbsoluteDetailUrlField()
    html_url = AbsolutePageHtmlUrlField()
    parent = OpenDataParentField(read_only=True)
    alias_of = OpenDataAliasOfField(read_only=True)


class PublicDocumentDownloadUrlField(AbsoluteDownloadUrlField):
    """Null for a file that a view-restricted page uses: a public report (the other
    language version) may show it in the pages' API, but the file is not public."""

    def to_representation(self, document):
        if document.pk in restricted_document_ids():
            return None
        return super().to_representation(document)


class OpenDataDocumentSerializer(DocumentSerializer):
    detail_url = AbsoluteDetailUrlField()
    download_url = PublicDocumentDownloadUrlField("url")


class OpenDataImageSerializer(ImageSerializer):
    detail_url = AbsoluteDetailUrlField()
    download_url = AbsoluteDownloadUrlField("file.url")


# --- Endpoints -------------------------------------------------------------------------


class KeptCount:
    """A listing whose ``count()`` (the ``total_count`` Wagtail's pagination gives) is kept
    under the content version: it reads every row the filters let through (5 ms of SQLite
    for the pages at 10,000 stories a language, against 0.1 ms for the page of 20 items),
    and only a publish changes it. Kept per SQL and parameters, as the explorer's views are
    (``core.cache.cached_variant``: bounded, whatever filters clients make up)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        try:
            sql, params = self.queryset.query.sql_with_params()
        except EmptyResultSet:
            return 0
        return cached_variant(f"api-count:{sql}:{params!r}", self.queryset.count)

    def __getitem__(self, item):
        return self.queryset[item]


class OpenDataEndpoint:
    # JSON only: DRF's browsable HTML view needs inline scripts that the site's
    # Content-Security-Policy forbids, and a session.
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Every parameter is checked before any of it reaches a query (see opendata.parameters).
        check_query(request.GET, self.model)
        if kwargs.get("pk", 0) > highest_id(self.model):
            raise Http404(gettext("not found"))

    def handle_exception(self, exc):
        if isinstance(exc, Http404) and not str(exc):
            # DRF's lookup of a detail view (the page is filtered out) says nothing.
            exc = Http404(gettext("not found"))
        # A filter value the database cannot take (``?funding_eur=abc``) is the client's
        # mistake: answer 400 with the reason, as Wagtail does for its own checks.
        if isinstance(exc, (ValidationError, ValueError)):
            message = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def filter_queryset(self, queryset):
        # The values of the model's fields are checked once the model is known (``?type=``).
        # ``?search=`` reaches the database's full-text syntax, where a lone quote is an
        # error (500): only the words of the query are passed on, as the site's own search
        # reads them.
        check_field_filters(
            self.request.GET,
            queryset.model,
            self.get_available_fields(queryset.model, db_fields_only=True),
        )
        raw = self.request.GET.get("search")
        if raw is not None:
            query = self.request.GET.copy()
            query["search"] = " ".join(parse_query(raw).words)
            self.request._request.GET = query
        return super().filter_queryset(queryset)

    def find_view(self, request):
        # Wagtail redirects to the object's detail URL on Site.root_url's host.
        response = super().find_view(request)
        location = urlsplit(response["Location"])
        response["Location"] = absolute_url(
            request, urlunsplit(("", "", location.path, location.query, ""))
        )
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code == 404:
            # LocaleMiddleware turns a 404 outside the language prefixes into a redirect to
            # /it/<path> whenever that path resolves, and the page catch-all resolves them
            # all. It reads the URLconf from the request: give it one without prefixes, so
            # an API client gets its 404 in JSON.
            request._request.urlconf = "opendata.urls"
        # Open data, as the /data/ files: any site's scripts may read it (no credentials).
        response["Access-Control-Allow-Origin"] = "*"
        shared_with_other_sites(response)
        return super().finalize_response(request, response, *args, **kwargs)

    def paginate_queryset(self, queryset):
        # Search results (``?search=``) count themselves in the search backend.
        if isinstance(queryset, QuerySet):
            queryset = KeptCount(queryset)
        return super().paginate_queryset(queryset)


def related_reads(model, requested):
    """``(select_related, prefetch_related)`` paths that the ``?fields=`` asked of
    ``model``'s ``api_fields`` read: a listing of stories with their programme, territories
    and partners costs the same queries for 2 items or 20 (no query per item)."""
    names = {part.split("(")[0].strip().lstrip("-") for part in requested.split(",")}
    selected, prefetched = [], []
    for api_field in getattr(model, "api_fields", ()):
        if api_field.name not in names and "*" not in names:
            continue
        serializer = api_field.serializer
        source = getattr(serializer, "source", None) or api_field.name
        try:
            field = model._meta.get_field(source)
        except FieldDoesNotExist:
            continue
        if field.many_to_one or field.one_to_one:
            selected.append(source)
        elif field.one_to_many:
            # The objects each row links to (stories.serializers: LinkedPagesField,
            # InlineRowsField), read with the rows.
            targets = {getattr(serializer, "page_attribute", None)}
            targets |= {
                path.split(".")[0]
                for path in getattr(serializer, "row_fields", {}).values()
                if "." in path
            }
            prefetched += [f"{source}__{target}" for target in sorted(targets - {None})] or [source]
    return selected, prefetched


class PublicPagesAPIViewSet(OpenDataEndpoint, PagesAPIViewSet):
    base_serializer_class = OpenDataPageSerializer

    def get_base_queryset(self, model=Page):
        # Wagtail would let through restricted pages that this request may open (a logged-in
        # editor, an unlocked password): open data stays the same for every client.
        # Built once per request and model: a listing asks for it three times, and each time
        # read the view restrictions twice and the site's root and its translations.
        if not hasattr(self, "_base_querysets"):
            self._base_querysets = {}
        if model not in self._base_querysets:
            # Wagtail's own get_base_queryset(), for any page model.
            try:
                queryset = get_public_pages_queryset(self.request, model=model)
            except ValueError as error:
                raise BadRequestError(str(error)) from error
            self._base_querysets[model] = queryset.public()
        return self._base_querysets[model]

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is not Page:
            # One page type (``?type=stories.StoryPage``): Wagtail asks for the type's pages
            # whose id is among every public page's, which SQLite answered by reading and
            # sorting every story for a page of 20 (81 ms at 10,000 stories a language). The
            # same conditions on the type's own queryset walk the tree in order instead.
            queryset = self.get_base_queryset(queryset.model)
        # Every listed page shows its language: two locales, read apart. Joined, SQLite (with
        # the statistics the worker gathers) read every page of each locale and sorted them
        # all for a page of 20 (15 ms at 10,000 stories a language, against 0.1 ms).
        queryset = queryset.prefetch_related("locale")
        selected, prefetched = related_reads(queryset.model, self.request.GET.get("fields", ""))
        if selected:
            # (Without names, select_related() would join every foreign key.)
            queryset = queryset.select_related(*selected)
        return queryset.prefetch_related(*prefetched)

    def find_object(self, queryset, request):
        # A page's address starts with its language (/it/…, /en/…), which Wagtail's lookup
        # from the site's root page does not expect: route from that language's home.
        html_path = request.GET.get("html_path", "")
        components = [part for part in html_path.split("/") if part]
        site = Site.find_for_request(request)
        if site is None or not components or components[0] not in dict(settings.LANGUAGES):
            return super().find_object(queryset, request)
        locale = Locale.objects.filter(language_code=components[0]).first()
        home = site.root_page.get_translation_or_none(locale) if locale else None
        if home is None:
            return None
        try:
            page, _args, _kwargs = home.specific.route(request, components[1:])
        except Http404:
            return None
        return page if queryset.filter(id=page.id).exists() else None


def without_tags(fields):
    # Wagtail's tags field asks the database once per item, whatever is prefetched, so
    # listings leave tags to the detail view (or to an explicit ?fields=tags).
    return [field for field in fields if field != "tags"]


class ReportDocumentsAPIViewSet(OpenDataEndpoint, DocumentsAPIViewSet):
    base_serializer_class = OpenDataDocumentSerializer
    listing_default_fields = without_tags(DocumentsAPIViewSet.listing_default_fields)

    def get_queryset(self):
        # A document is published by the report that carries it: a file of a draft or
        # private report, or one attached to no report, stays out; so does a file that any
        # view-restricted page uses, even when a public report offers it too.
        reports = ReportPage.objects.live().public()
        return (
            super()
            .get_queryset()
            .filter(
                Q(pk__in=reports.values("full_report"))
                | Q(pk__in=reports.values("abstract_document"))
            )
            .exclude(collection__in=restricted_collections())
            .exclude(pk__in=restricted_document_ids())
        )


class PublicImagesAPIViewSet(OpenDataEndpoint, ImagesAPIViewSet):
    base_serializer_class = OpenDataImageSerializer
    listing_default_fields = without_tags(ImagesAPIViewSet.listing_default_fields)

    def get_queryset(self):
        # Images that a live public page shows (hero image, body), as Wagtail's reference
        # index records them; an image only uploaded, or used by a draft, stays out.
        # The index keeps ids as text: compare them as text, which every database can do.
        # The images' own ids are then listed as numbers: the search backend behind
        # ``?search=`` cannot filter on an annotation.
        page_ids = public_pages().annotate(key=Cast("pk", CharField())).values("key")
        used_ids = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=page_ids,
            to_content_type=ContentType.objects.get_for_model(self.model),
        ).values_list("to_object_id", flat=True)
        return (
            super()
            .get_queryset()
            .filter(
                pk__in=[number for key in used_ids if (number := whole_number(key)) is not None]
            )
            .exclude(collection__in=restricted_collections())
        )


def warmed_api_paths(pages):
    """What the worker renders after a publish of ``pages`` (``core.warming``): the pages'
    listing as clients first ask for it, whose total (``KeptCount``) reads every live page."""
    return [reverse("wagtailapi:pages:listing")] if pages else []


def api_not_found(request, rest):
    """Any other address under /api/ (``/api/v2/pages/abc/``, ``/api/v3/``): a JSON 404, as
    the endpoints give, not LocaleMiddleware's redirect to an HTML page under /it/."""
    request.urlconf = "opendata.urls"
    return JsonResponse({"message": gettext("not found")}, status=404)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("documents", ReportDocumentsAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
