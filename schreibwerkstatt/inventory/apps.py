from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "schreibwerkstatt.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from . import history  # noqa: F401  (registers the history pages of this app's objects)
