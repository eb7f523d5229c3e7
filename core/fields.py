from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from wagtail.models import Page


class SpecificPageDescriptor(ForwardManyToOneDescriptor):
    def __set__(self, instance, value):
        # wagtail-localize resolves a translated relation to a plain ``Page``; store the
        # specific page so the typed foreign key accepts it.
        if isinstance(value, Page) and not isinstance(value, self.field.remote_field.model):
            value = value.specific
        super().__set__(instance, value)


class TranslatedPageForeignKey(models.ForeignKey):
    """A foreign key to a specific page type that wagtail-localize can translate, so the
    English page points at the English version of the page it relates to."""

    forward_related_accessor_class = SpecificPageDescriptor
