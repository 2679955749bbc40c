from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GlossaryConfig(AppConfig):
    name = "schreibwerkstatt.glossary"
    label = "glossary"
    verbose_name = _("Glossary")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from schreibwerkstatt.core.field_help import set_label_explainer

        from .labels import explain_label, forget_labels
        from .models import Term

        # Core's field partial asks for an explanation of every field label (core/field_help.py);
        # core imports no feature app, so the glossary registers itself here.
        set_label_explainer(explain_label)
        # Every way a term changes (the pages, the loader, the admin shell) drops the cached map.
        post_save.connect(forget_labels, sender=Term, dispatch_uid="glossary-forget-save")
        post_delete.connect(forget_labels, sender=Term, dispatch_uid="glossary-forget-delete")
