from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    name = "schreibwerkstatt.revisions"
    verbose_name = _("Revisions and review")

    def ready(self) -> None:
        from schreibwerkstatt.documents.snapshot import add_part

        from .services import completed_earlier

        # The document of a Fortschreibung lists the measures completed while the revision
        # it continues was in force (monitoring chapter, documents/builder.py).
        add_part("completed_earlier", completed_earlier)
