from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "schreibwerkstatt.process"
    label = "process"
    verbose_name = _("Strategy cycle")

    def ready(self) -> None:
        from schreibwerkstatt.strategies.panels import add_overview_panel

        from . import signals  # noqa: F401  (connects the receivers)
        from .check import count_gaps_in_figures
        from .cycle import overview_panel

        count_gaps_in_figures()
        add_overview_panel(overview_panel)
