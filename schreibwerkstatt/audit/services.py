"""Writing the audit log. `record` is the only way events come in."""

import ipaddress
from datetime import datetime
from typing import Any

from django.db import models
from django.http import HttpRequest

from schreibwerkstatt.accounts.security import client_ip

from .models import AuditEvent, Kind


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def record(
    kind: Kind | str,
    *,
    actor: Any = None,
    municipality: Any = None,
    obj: models.Model | None = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` defaults to the request's user, the IP address comes from
    the request (behind trusted proxies as for login rate limiting); events of the worker,
    such as an expiry, have neither."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_label=f"{actor.get_full_name()} <{actor.email}>" if actor is not None else "",
        municipality=municipality,
        municipality_label=str(municipality) if municipality is not None else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        ip_address=_ip(request),
        details=details or {},
    )


def pseudonymise(*, user_pk: int, texts: list[str], pseudonym: str) -> int:
    """Replace a deleted person in the log: their own events keep the event but name the
    pseudonym as actor; any other event that names them (an invitation to their address, a
    failed login with it) has the name and address replaced in its text and details.

    The model refuses changes from the application; this is the one sanctioned exception
    (the GDPR right to erasure), so it goes around the QuerySet's guard on purpose."""
    texts = [text for text in texts if text]
    changed = 0
    own = AuditEvent.objects.filter(actor_id=user_pk)
    changed += models.QuerySet.update(own, actor_label=pseudonym)
    query = models.Q()
    for text in texts:
        query |= (
            models.Q(actor_label__icontains=text)
            | models.Q(object_repr__icontains=text)
            | models.Q(details__icontains=text)
        )
    if not query:
        return changed
    for event in AuditEvent.objects.filter(query):
        fields = {
            "actor_label": replace_texts(event.actor_label, texts, pseudonym),
            "object_repr": replace_texts(event.object_repr, texts, pseudonym),
            "details": replace_texts(event.details, texts, pseudonym),
        }
        changed += models.QuerySet.update(AuditEvent.objects.filter(pk=event.pk), **fields)
    return changed


def replace_texts(value: Any, texts: list[str], pseudonym: str) -> Any:
    """`value` with every one of `texts` (ignoring case) replaced by the pseudonym, in a
    string or, through lists and dicts (keys too), in stored JSON."""
    import re

    if isinstance(value, str):
        for text in texts:
            value = re.sub(re.escape(text), pseudonym, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [replace_texts(item, texts, pseudonym) for item in value]
    if isinstance(value, dict):
        return {
            replace_texts(key, texts, pseudonym): replace_texts(item, texts, pseudonym)
            for key, item in value.items()
        }
    return value


def delete_events_before(cutoff: datetime) -> int:
    """The retention clean-up (retention.py); like `pseudonymise`, the sanctioned way past
    the append-only guard."""
    deleted, _per_model = models.QuerySet.delete(AuditEvent.objects.filter(created_at__lt=cutoff))
    return deleted
