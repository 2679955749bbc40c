from django.http import HttpRequest

from .rules import my_municipalities


def municipalities(request: HttpRequest) -> dict:
    """Layout data: the municipality a page is about and the header's switcher."""
    user = getattr(request, "user", None)
    return {
        "current_municipality": getattr(request, "municipality", None),
        "my_municipalities": my_municipalities(user) if user is not None else [],
    }
