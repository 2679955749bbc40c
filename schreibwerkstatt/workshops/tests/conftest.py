"""Series with sessions for the workshops' tests: `make_series` builds one (published,
public, registration open, two online sessions in the future unless told otherwise)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from schreibwerkstatt.workshops.models import Series, Session


def make_series(slug: str = "fruehjahr-2027", *, public: bool = True, published: bool = True,
                capacity: int = 10, seats: int = 3, sessions: int = 2, starts_in_days: int = 30,
                opens_in_days: int | None = None, closes_in_days: int = 20,
                title: str = "") -> Series:  # fmt: skip
    now = timezone.now().replace(second=0, microsecond=0)
    series = Series.objects.create(
        title=title or f"Schreibwerkstatt {slug}",
        slug=slug,
        description="Gemeinsam die Digitalstrategie schreiben, Schritt für Schritt.",
        target_group="Koordinationen und Kernteams der Kommunen in Brandenburg",
        organiser="Digitalagentur Brandenburg",
        public=public,
        registration_opens=None if opens_in_days is None else now + timedelta(days=opens_in_days),
        registration_closes=now + timedelta(days=closes_in_days),
        capacity=capacity,
        seats_per_municipality=seats,
        published_at=now - timedelta(days=1) if published else None,
    )
    for number in range(sessions):
        Session.objects.create(
            series=series,
            title=f"Termin {number + 1}",
            starts=now + timedelta(days=starts_in_days + 7 * number),
            duration=120,
            format=Session.Format.ONLINE,
            meeting_url="https://meet.example.org/schreibwerkstatt",
            agenda="Begrüßung\nArbeit an der Bestandsaufnahme",
            phases=[1] if number == 0 else [],
        )
    return series


@pytest.fixture
def series(db) -> Series:
    return make_series()
