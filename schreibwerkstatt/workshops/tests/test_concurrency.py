"""Fifty coordinations register at the same moment for the last five places: the row lock on
the series (services.register) confirms exactly five, the others wait. PostgreSQL only: SQLite
serialises writers anyway."""

import threading

import pytest
from django.db import connection

from schreibwerkstatt.workshops import services
from schreibwerkstatt.workshops.models import Registration

from .conftest import make_series
from .test_services import coordinated_municipality

Status = Registration.Status


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_registrations_for_the_last_five_places(migration_data) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    series = make_series(capacity=10)
    for number in range(5):  # five places are taken already
        municipality, coordinator = coordinated_municipality(100 + number)
        services.register(series, municipality, by=coordinator, users=[coordinator])
    teams = [coordinated_municipality(number) for number in range(50)]
    start = threading.Barrier(len(teams))
    outcomes: list[str] = []

    def register(municipality, coordinator) -> None:
        try:
            start.wait()
            registration = services.register(series, municipality, by=coordinator,
                                             users=[coordinator])  # fmt: skip
            outcomes.append(registration.status)
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=team) for team in teams]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted([Status.CONFIRMED] * 5 + [Status.WAITING] * 45)
    assert Registration.objects.filter(series=series, status=Status.CONFIRMED).count() == 10
    assert Registration.objects.filter(series=series, status=Status.WAITING).count() == 45
