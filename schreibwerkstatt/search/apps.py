from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def build_if_empty(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The initial build: after `migrate` (all apps migrated, so the current models match the
    tables), an empty index is filled once, with the help content the data migrations shipped
    (which send no signals) and any existing content. Content a later data migration adds
    needs `manage.py reindex`."""
    from . import services
    from .models import Entry

    if not Entry.objects.using(using).exists():
        services.rebuild()


class SearchConfig(AppConfig):
    name = "schreibwerkstatt.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The apps whose content is found lie below search and know nothing of it: search
        # listens to their saves and deletes (signals.py) and keeps its index in step.
        from . import signals

        signals.connect()
        post_migrate.connect(build_if_empty, sender=self, dispatch_uid="search_initial_build")
