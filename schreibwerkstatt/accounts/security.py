from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address login rate limiting counts against.

    REMOTE_ADDR unless the operator declared trusted reverse proxies: then the entry
    that the outermost trusted proxy appended, counted from the right, so entries a
    client wrote into X-Forwarded-For itself are never used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account a login attempt counts against, in the stored spelling (lower case),
    so `Name@Kommune.example` and `name@kommune.example` share one counter."""
    source = credentials if credentials else request.POST
    return str(source.get("username", "") or "").strip().lower()
