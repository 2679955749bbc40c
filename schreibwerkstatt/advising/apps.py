from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisingConfig(AppConfig):
    name = "schreibwerkstatt.advising"
    label = "advising"
    verbose_name = _("Advice")

    def ready(self) -> None:
        from schreibwerkstatt.core.views import set_signed_in_home

        from . import rules  # noqa: F401 - registers the permissions
        from .views import signed_in_home

        # Advisers start in their cockpit; everybody else as municipalities decides (its own
        # ready ran before this one: municipalities is earlier in INSTALLED_APPS).
        set_signed_in_home(signed_in_home)
