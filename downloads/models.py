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
