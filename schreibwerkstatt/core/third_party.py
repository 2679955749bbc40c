"""Third-party apps under German names in the operator area (/betrieb/).

INSTALLED_APPS names these configs instead of the apps' own. The labels stay the same, so
their tables and migrations do not change. The texts of their models, fields and admin pages
that the apps leave untranslated are in our catalogue, listed in core/third_party_texts.py.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
