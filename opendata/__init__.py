"""Open data: the read-only JSON API (Wagtail API v2, ``/api/v2/``) and the story exports
(``/data/stories.csv``, ``/data/stories.json``). See the "Open data" section of the README."""
