import uuid

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    REPORT = "report", _("full report")
    ABSTRACT = "abstract", _("short abstract")


class DownloadCount(models.Model):
    """How many times one file of a report was downloaded on one day.

    Nothing about the reader is kept: no address, no browser, no cookie; only the total.
    """

    report = models.ForeignKey(
        "stories.ReportPage",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="download_counts",
    )
    kind = models.CharField(_("file"), max_length=8, choices=FileKind.choices)
    language = models.CharField(_("language of the file"), max_length=2)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("download count")
        verbose_name_plural = _("download counts")
        ordering = ["-day", "report_id", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "language", "day"], name="one_download_count_per_day"
            )
        ]

    def __str__(self):
        return f"{self.report_id} {self.kind} {self.language} {self.day}: {self.count}"

    @classmethod
    def record(cls, report, kind, language, day=None):
        """Adds one download. Safe when two requests count the same row at once: the
        increment happens in the database, and a row created meanwhile by another request
        is incremented instead of duplicated."""
        key = {
            "report_id": report.pk,
            "kind": kind,
            "language": language,
            "day": day or timezone.localdate(),
        }
        if cls.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(count=1, **key)
        except IntegrityError:
            cls.objects.filter(**key).update(count=F("count") + 1)


def cover_path(details, filename):
    # Under images/: served like the images' renditions (nginx, SERVE_MEDIA, the bucket).
    # A random name, so that a replaced file's cover is a new address.
    return f"images/report-covers/{uuid.uuid4().hex}.webp"


class DocumentDetails(models.Model):
    """What was read out of a document's PDF (``downloads.describe``): its number of pages
    and a picture of its cover, for the reports listing. Made when the file is uploaded or
    replaced, never while a reader waits."""

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="pdf_details",
    )
    # The file these details were read from (its hash, or its name when it has none): a
    # replaced file no longer matches.
    source = models.CharField(max_length=255)
    # None when the file could not be read as a PDF.
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    cover = models.FileField(upload_to=cover_path, blank=True)
    cover_width = models.PositiveSmallIntegerField(null=True, blank=True)
    cover_height = models.PositiveSmallIntegerField(null=True, blank=True)
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("PDF details")
        verbose_name_plural = _("PDF details")

    def __str__(self):
        return f"{self.document_id}: {self.page_count} pages"

    @property
    def readable(self):
        return self.page_count is not None


class DocumentPageText(models.Model):
    """The text of one page of a document's PDF, for the search inside the reports."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="page_texts",
    )
    page_number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        ordering = ["document_id", "page_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "page_number"], name="one_text_per_document_page"
            )
        ]

    def __str__(self):
        return f"{self.document_id} p. {self.page_number}"
