from django.http import HttpRequest

from schreibwerkstatt.municipalities.rules import my_municipalities
from schreibwerkstatt.process.phases import PHASES


def site(request: HttpRequest) -> dict:
    """Layout data: the municipality a page is about, the switcher and the cycle navigation."""
    user = getattr(request, "user", None)
    return {
        "current_municipality": getattr(request, "municipality", None),
        "my_municipalities": my_municipalities(user) if user is not None else [],
        "cycle_phases": PHASES,
    }
