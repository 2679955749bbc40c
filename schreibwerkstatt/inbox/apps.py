from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """The one inbox of a person: every message about their work (mentions, reminders,
    workshop changes, requests for advice) is a notification here, and an e-mail at once or
    in the weekly digest as the person chose. Low in the layers, so every app that tells
    people something can call `inbox.services.notify`."""

    name = "schreibwerkstatt.inbox"
    label = "inbox"
    verbose_name = _("Notifications")
