from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatewideConfig(AppConfig):
    name = "schreibwerkstatt.statewide"
    label = "statewide"
    verbose_name = _("Statewide picture")
