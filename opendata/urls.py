"""Open data URLs, outside the language prefixes: the files and the API are the same in
every language."""

from django.urls import path, re_path

from .api import api_not_found, api_router
from .datasets import DATASETS
from .views import dataset_export

urlpatterns = [
    path("api/v2/", api_router.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
]
# /data/stories.csv, /data/territories.json, /data/key-figures.csv, /data/reports.json...
for dataset in DATASETS.values():
    for extension in ("csv", "json"):
        urlpatterns.append(
            path(
                f"data/{dataset.name}.{extension}",
                dataset_export,
                {"name": dataset.name, "extension": extension},
                name=f"{dataset.url_name}_{extension}",
            )
        )
