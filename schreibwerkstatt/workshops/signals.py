"""Receivers of the workshops: an invitation sent with a registration, once accepted, makes
the new member the registration's participant (services.link_accepted_invitation)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from schreibwerkstatt.municipalities.models import Invitation

from .services import link_accepted_invitation


@receiver(post_save, sender=Invitation, dispatch_uid="workshops_link_accepted_invitation")
def link_participant(sender, instance: Invitation, **kwargs) -> None:
    if instance.accepted_by_id is not None:
        link_accepted_invitation(instance)
