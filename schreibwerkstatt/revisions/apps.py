from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    name = "schreibwerkstatt.revisions"
    verbose_name = _("Revisions and review")

    def ready(self) -> None:
        from schreibwerkstatt.documents.snapshot import add_part
        from schreibwerkstatt.strategies.figures import add_tables

        from .models import Revision
        from .services import completed_earlier

        # The Strategie-Check's rule "adopted" (process/check.py) looks for {revision}.
        add_tables(revision=Revision)

        # The document of a Fortschreibung lists the measures completed while the revision
        # it continues was in force (monitoring chapter, documents/builder.py).
        add_part("completed_earlier", completed_earlier)
