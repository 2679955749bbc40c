"""Writing the audit log. `record` is the only way events come in."""

import ipaddress
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
