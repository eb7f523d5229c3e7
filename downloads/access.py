"""Who may read a report's files.

A document is public when a live report without view restrictions offers it. Editors
(anyone allowed into the admin) may read any document, so they can check the files of
drafts and private reports. A document that no report uses is for editors only: every
public file on this site belongs to a report.
"""

from django.db.models import Q

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
