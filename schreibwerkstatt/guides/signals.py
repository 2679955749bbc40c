"""The help index (services.help_index) is built from every guide: any change empties it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Guide
from .services import forget_help_index


@receiver([post_save, post_delete], sender=Guide, dispatch_uid="guides_forget_help_index")
def _guide_changed(sender, **kwargs) -> None:
    # Now, and once more after the commit: a request between the two may have cached the
    # index as it was before this transaction.
    forget_help_index()
    transaction.on_commit(forget_help_index)
