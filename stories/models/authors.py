"""Who signs a story: a person or a team (an editorial desk, an office), optionally of one
of the organisations. Editors keep each author once, as a snippet, and choose them on the
story; wagtail-localize translates the name of a team and the role ("Redazione",
"Editorial team")."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .organisations import PUBLISHED, Organisation


class AuthorKind(models.TextChoices):
    PERSON = "person", _("A person")
    TEAM = "team", _("A team or an office")


class Author(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "A person's first name and surname, or a team's name, e.g. 'Redazione'. "
            "Never a name without the person's consent."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=AuthorKind.choices,
        default=AuthorKind.PERSON,
        help_text=_("Search engines are told whether a person or a team wrote the story."),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. 'Communications officer'."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        limit_choices_to=PUBLISHED,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation the author works for or belongs to, if any."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("role"),
        FieldPanel("organisation"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("role"),
        SynchronizedField("kind", overridable=False),
        SynchronizedField("organisation", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        if self.organisation_id:
            return f"{self.name} ({self.organisation.name})"
        return self.name

    @property
    def is_person(self):
        return self.kind == AuthorKind.PERSON
