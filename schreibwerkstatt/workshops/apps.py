from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "schreibwerkstatt.workshops"
    label = "workshops"
    verbose_name = _("Workshop dates")

    def ready(self) -> None:
        from schreibwerkstatt.personal.calendar import add_calendar_source

        from . import signals  # noqa: F401  (connects the receivers)
        from .ics import person_events

        # The person's own calendar feed (personal, a lower layer) lists their sessions.
        add_calendar_source(person_events)
