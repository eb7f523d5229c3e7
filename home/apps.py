from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .tasks import queue_warming

        # The headline counters, kept under the content version, are counted again by the
        # worker after a publish rather than by the first reader (``home.tasks``).
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(queue_warming, dispatch_uid=f"warm-home-{signal}")
