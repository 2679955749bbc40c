from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "schreibwerkstatt.public"
    label = "public"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        from schreibwerkstatt.core.views import set_visitor_home

        from .views import home

        # "/" is core's; what visitors see there (guides, FAQ) is ours (core/views.py).
        set_visitor_home(home)
