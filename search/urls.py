from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import search

# Included inside i18n_patterns: /it/cerca/ and /en/search/.
urlpatterns = [path(_("search/"), search, name="search")]
