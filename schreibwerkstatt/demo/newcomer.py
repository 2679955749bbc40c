"""The demo municipality that has just started: the Gemeinde Musterheide's coordinator went
through the guided start (title and period; the council's mandate is still to come) and has
done nothing else yet, so "Als Nächstes" leads from the first phase on.

Idempotent: the strategy is only started when the municipality has none.
"""

from datetime import date

from django.db import transaction

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.process.services import start_strategy
from schreibwerkstatt.strategies.models import Strategy

COORDINATOR = "neustart@demo.example"
TITLE = "Musterheide digital 2031"
PERIOD = (date(2027, 1, 1), date(2031, 12, 31))


@transaction.atomic
def start_demo_newcomer(municipality: Municipality, users: dict) -> Strategy:
    existing = Strategy.objects.filter(municipality=municipality).order_by("pk").first()
    if existing is not None:
        return existing
    strategy, _invitations = start_strategy(
        municipality,
        user=users[COORDINATOR],
        base_url="",  # no invitations: the core team is invited later, by the coordinator
        title=TITLE,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )
    return strategy
