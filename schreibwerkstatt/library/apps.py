from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def build_if_empty(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: measures already published (or shared) get their library rows once;
    later the signals keep them in step (`rebuild-library` rebuilds them after a restore)."""
    from .index import rebuild
    from .models import Item

    if using == "default" and not Item.objects.exists():
        rebuild()


class LibraryConfig(AppConfig):
    name = "schreibwerkstatt.library"
    label = "library"
    verbose_name = _("Measure library")

    def ready(self) -> None:
        # strategies lies below the library and knows nothing of it: the library follows its
        # saves (signals.py), and shows where an adopted measure came from, and how often a
        # measure was taken over, through strategies' origin hook.
        from schreibwerkstatt.strategies.origins import add_origin_source

        from . import rules, signals  # noqa: F401  (rules registers the permissions)
        from .origins import adoption_origins

        signals.connect()
        add_origin_source(adoption_origins)
        post_migrate.connect(build_if_empty, sender=self, dispatch_uid="library_initial_build")
