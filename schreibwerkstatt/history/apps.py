from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "schreibwerkstatt.history"
    label = "history"
    verbose_name = _("History of changes")

    def ready(self) -> None:
        # Each app registers its kinds of recorded object in a `history` module
        # (strategies/history.py, inventory/history.py, process/history.py).
        autodiscover_modules("history")
