from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "schreibwerkstatt.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from . import signals  # noqa: F401

        # Each app declares its kinds of job in a `job_kinds` module (exchange/job_kinds.py).
        autodiscover_modules("job_kinds")
