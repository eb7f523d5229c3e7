"""The downloads a list of reports offers, with what was read from each PDF
(``DocumentDetails``): one query for the whole list, however many reports it holds."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import DocumentDetails, FileKind

# The order readers meet them: the short read first.
FILE_FIELDS = (
    (FileKind.ABSTRACT, "abstract_document", "abstract_language", _("Read the abstract")),
    (FileKind.REPORT, "full_report", "full_report_language", _("Download the full report")),
)


@dataclass
class OfferedFile:
    kind: str
    label: str
    document: object
    language_code: str
    language_name: str
    details: DocumentDetails | None

    @property
    def url(self):
        return self.document.url

    @property
    def page_count(self):
        return self.details.page_count if self.details else None


@dataclass
class ReportDownloads:
    report: object
    files: list[OfferedFile]

    @property
    def cover(self):
        """The cover of the full report, or of the abstract when there is no other."""
        for offered in reversed(self.files):
            if offered.details is not None and offered.details.cover:
                return offered.details
        return None


def report_downloads(reports):
    """A ``ReportDownloads`` for each of ``reports`` (with their documents selected)."""
    reports = list(reports)
    document_ids = {
        getattr(report, f"{field}_id")
        for report in reports
        for _kind, field, _language, _label in FILE_FIELDS
        if getattr(report, f"{field}_id")
    }
    details = (
        {
            row.document_id: row
            for row in DocumentDetails.objects.filter(document_id__in=document_ids)
        }
        if document_ids
        else {}
    )
    listing = []
    for report in reports:
        files = []
        for kind, field, language_field, label in FILE_FIELDS:
            document = getattr(report, field)
            if document is None:
                continue
            files.append(
                OfferedFile(
                    kind=kind,
                    label=label,
                    document=document,
                    language_code=getattr(report, language_field),
                    language_name=getattr(report, f"get_{language_field}_display")(),
                    details=details.get(document.pk),
                )
            )
        listing.append(ReportDownloads(report, files))
    return listing
