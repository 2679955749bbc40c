from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "schreibwerkstatt.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from schreibwerkstatt.accounts.two_factor import require_two_factor_for
        from schreibwerkstatt.core.views import set_signed_in_home

        from .rules import coordinates_anywhere
        from .views import signed_in_home

        set_signed_in_home(signed_in_home)
        # REQUIRE_2FA_FOR=coordinators: whoever coordinates any municipality.
        require_two_factor_for("coordinators", coordinates_anywhere)
