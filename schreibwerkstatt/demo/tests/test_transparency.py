import pytest

from schreibwerkstatt.demo.strategies import TITLE
from schreibwerkstatt.demo.transparency import publish_demo_strategy
from schreibwerkstatt.strategies.models import Strategy

pytestmark = pytest.mark.django_db


def test_the_demo_strategy_is_published_only_once_it_is_adopted(municipality_a) -> None:
    assert publish_demo_strategy(municipality_a) is None  # no demo strategy yet
    strategy = Strategy.objects.create(
        municipality=municipality_a, title=TITLE, status=Strategy.Status.CONSULTATION
    )
    assert publish_demo_strategy(municipality_a) is None
    strategy.refresh_from_db()
    assert strategy.public_page is False

    Strategy.objects.filter(pk=strategy.pk).update(status=Strategy.Status.IMPLEMENTATION)
    published = publish_demo_strategy(municipality_a)
    assert published is not None and published.public_page is True
    assert publish_demo_strategy(municipality_a).version == published.version  # idempotent
