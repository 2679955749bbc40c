from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "schreibwerkstatt.guides"
    label = "guides"
    verbose_name = _("Guides")

    def ready(self) -> None:
        from schreibwerkstatt.core.page_help import set_page_help
        from schreibwerkstatt.process.cycle import set_guide_finder

        from . import signals  # noqa: F401  (empties the page-help cache on every save)
        from .services import guide_link_for_phase, page_help

        set_page_help(page_help)
        # "Als Nächstes" links the guide of its phase, at its steps (process/cycle.py).
        set_guide_finder(guide_link_for_phase)
