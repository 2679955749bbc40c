from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "schreibwerkstatt.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from schreibwerkstatt.workshops.models import Series

        from . import rules  # noqa: F401 - registers the permissions
        from .signals import make_space_of_new_series

        # Every new series gets its space (workshops, a lower layer, knows nothing of it).
        post_save.connect(make_space_of_new_series, sender=Series, dispatch_uid="discussions")
