from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "schreibwerkstatt.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from schreibwerkstatt.strategies.figures import add_tables

        from .models import (
            ExistingProject,
            MaturityAnswer,
            MaturityQuestion,
            Stakeholder,
            SwotEntry,
        )

        # The Strategie-Check's rules (process/check.py) look at the inventory by these names.
        add_tables(
            project=ExistingProject,
            stakeholder=Stakeholder,
            swot_entry=SwotEntry,
            maturity_answer=MaturityAnswer,
            maturity_question=MaturityQuestion,
        )
