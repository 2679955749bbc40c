from django.http import HttpRequest

from .phases import PHASES


def cycle(request: HttpRequest) -> dict:
    """Layout data: the phases of the strategy cycle for the navigation."""
    return {"cycle_phases": PHASES}
