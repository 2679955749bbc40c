"""Who sees which series and who sees the people registered (workshops/rules.py)."""

import pytest

from schreibwerkstatt.workshops import rules, services
from schreibwerkstatt.workshops.models import Registration

from .conftest import make_series


@pytest.fixture
def three(db):
    return {
        "public": make_series("offen"),
        "invitation": make_series("einladung", public=False),
        "draft": make_series("entwurf", published=False),
    }


def visible(user) -> set[str]:
    from django.contrib.auth.models import AnonymousUser

    return set(rules.series_visible_to(user or AnonymousUser()).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", {"offen"}),
        ("superuser", {"offen"}),
        ("reader", {"offen", "einladung"}),
        ("coordinator", {"offen", "einladung"}),
        ("outsider", {"offen", "einladung"}),
        ("adviser", {"offen", "einladung", "entwurf"}),
        ("operator", {"offen", "einladung", "entwurf"}),
    ],
)
def test_series_visible_to_each_persona(three, people, persona, expected) -> None:
    assert visible(people[persona]) == expected


def test_an_inactive_adviser_is_no_organiser(people) -> None:
    adviser = people["adviser"]
    assert rules.is_organiser(adviser)
    adviser.is_active = False
    assert not rules.is_organiser(adviser)
    assert not rules.is_organiser(people["superuser"])
    assert rules.is_organiser(people["operator"])


def test_people_are_seen_by_organisers_and_registered_people_only(
    series, people, municipality_a, municipality_b
) -> None:
    def sees(persona: str) -> bool:
        from django.contrib.auth.models import AnonymousUser

        return rules.may_see_people(people[persona] or AnonymousUser(), series)

    assert [sees(p) for p in ("adviser", "operator")] == [True, True]
    assert not any(sees(p) for p in ("anonymous", "coordinator", "reader", "outsider"))
    registration = services.register(
        series, municipality_a, by=people["coordinator"], users=[people["reader"]]
    )
    assert sees("coordinator") and sees("reader")
    assert not sees("editor") and not sees("outsider") and not sees("superuser")
    registration.refresh_from_db()
    services.cancel(registration, by=people["coordinator"])
    assert not sees("coordinator") and not sees("reader")
    assert Registration.objects.get().status == Registration.Status.CANCELLED
