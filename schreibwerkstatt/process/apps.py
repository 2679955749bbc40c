from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "schreibwerkstatt.process"
    label = "process"
    verbose_name = _("Strategy cycle")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
        from .check import count_gaps_in_figures

        count_gaps_in_figures()
