from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "schreibwerkstatt.workshops"
    label = "workshops"
    verbose_name = _("Workshop dates")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
