from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "schreibwerkstatt.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from schreibwerkstatt.core.views import set_signed_in_home

        from .views import signed_in_home

        set_signed_in_home(signed_in_home)
