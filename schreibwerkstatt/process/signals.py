"""What process does when municipalities announces something (municipalities/signals.py)."""

from typing import Any

from django.dispatch import receiver

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.signals import municipality_created

from .services import set_up_process


@receiver(municipality_created, dispatch_uid="process_set_up_process")
def on_municipality_created(sender: Any, municipality: Municipality, **kwargs: Any) -> None:
    set_up_process(municipality)
