"""Open data URLs, outside the language prefixes: the files and the API are the same in
every language."""

from django.urls import path, re_path

from .api import api_not_found, api_router
from .views import stories_export

urlpatterns = [
    path("api/v2/", api_router.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("data/stories.csv", stories_export, {"extension": "csv"}, name="opendata_stories_csv"),
    path("data/stories.json", stories_export, {"extension": "json"}, name="opendata_stories_json"),
]
