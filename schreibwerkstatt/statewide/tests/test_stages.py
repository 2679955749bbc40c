"""The one derivation of where a municipality stands (statewide/picture.py): no strategy, in
progress, adopted, in implementation, each as the platform records it (revisions for the
adoption, the monitoring app for the implementation), and for partners of joint strategies."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from schreibwerkstatt.documents.services import ensure_chapters
from schreibwerkstatt.monitoring.services import record_indicator_value, record_status_update
from schreibwerkstatt.revisions import services as revisions
from schreibwerkstatt.statewide.picture import Stage, stage_of
from schreibwerkstatt.strategies.models import Indicator, Measure, Strategy, StrategyPartner
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def make_strategy(municipality: Any, **fields: Any) -> Strategy:
    strategy = Strategy.objects.create(municipality=municipality, title="Digital 2030", **fields)
    ensure_chapters(strategy)
    return strategy


def adopt(strategy: Strategy, person: Any) -> None:
    strategy.refresh_from_db()
    revisions.adopt(
        strategy, adopted_on=date(2026, 3, 12), body="Gemeindevertretung",
        document_number="2026/01", by=person, expected_version=strategy.version,
    )  # fmt: skip


def test_a_municipality_without_a_strategy_has_none(municipality_a) -> None:
    assert stage_of(municipality_a) == Stage.NONE


def test_an_archived_strategy_does_not_count(municipality_a) -> None:
    make_strategy(municipality_a, status=Strategy.Status.ARCHIVED)
    assert stage_of(municipality_a) == Stage.NONE


@pytest.mark.parametrize("status", [Strategy.Status.DRAFT, Strategy.Status.CONSULTATION])
def test_a_strategy_being_written_is_in_progress(municipality_a, status) -> None:
    make_strategy(municipality_a, status=status)
    assert stage_of(municipality_a) == Stage.IN_PROGRESS


def test_an_adopted_revision_makes_it_adopted(municipality_a, people) -> None:
    strategy = make_strategy(municipality_a)
    adopt(strategy, people["coordinator"])
    assert stage_of(municipality_a) == Stage.ADOPTED


def test_it_stays_adopted_while_the_next_revision_is_written(municipality_a, people) -> None:
    strategy = make_strategy(municipality_a)
    adopt(strategy, people["coordinator"])
    strategy.refresh_from_db()
    revisions.begin_fortschreibung(
        strategy, by=people["coordinator"], expected_version=strategy.version
    )
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.DRAFT  # the revision in force stays adopted
    assert stage_of(municipality_a) == Stage.ADOPTED


def test_a_strategy_adopted_before_it_came_onto_the_platform_counts(municipality_a) -> None:
    make_strategy(municipality_a, status=Strategy.Status.ADOPTED)  # e.g. imported, no revision
    assert stage_of(municipality_a) == Stage.ADOPTED


def test_the_status_in_implementation_means_implementation(municipality_a) -> None:
    make_strategy(municipality_a, status=Strategy.Status.IMPLEMENTATION)
    assert stage_of(municipality_a) == Stage.IMPLEMENTATION


def test_a_status_update_after_the_adoption_means_implementation(municipality_a, people) -> None:
    strategy = make_strategy(municipality_a)
    measure = Measure.objects.create(strategy=strategy, title="E-Akte")
    adopt(strategy, people["coordinator"])
    assert stage_of(municipality_a) == Stage.ADOPTED
    record_status_update(
        measure, date=date(2026, 4, 1), status=Measure.Status.RUNNING, progress_percent=10,
        note="", author=people["editor"],
    )  # fmt: skip
    assert stage_of(municipality_a) == Stage.IMPLEMENTATION


def test_a_measured_indicator_value_means_implementation(municipality_a, people) -> None:
    strategy = make_strategy(municipality_a)
    measure = Measure.objects.create(strategy=strategy, title="E-Akte")
    indicator = Indicator.objects.create(strategy=strategy, measure=measure, name="Quote", unit="%")
    adopt(strategy, people["coordinator"])
    record_indicator_value(
        indicator, date=date(2026, 4, 1), value=Decimal("12"), source="", author=None
    )
    assert stage_of(municipality_a) == Stage.IMPLEMENTATION


def test_monitoring_of_a_strategy_not_adopted_is_still_in_progress(municipality_a) -> None:
    strategy = make_strategy(municipality_a)
    measure = Measure.objects.create(strategy=strategy, title="E-Akte")
    record_status_update(
        measure, date=date(2026, 4, 1), status=Measure.Status.RUNNING, progress_percent=10,
        note="", author=None,
    )  # fmt: skip
    assert stage_of(municipality_a) == Stage.IN_PROGRESS


def test_the_furthest_of_several_strategies_counts(municipality_a) -> None:
    make_strategy(municipality_a, status=Strategy.Status.ADOPTED)
    make_strategy(municipality_a, status=Strategy.Status.DRAFT)
    assert stage_of(municipality_a) == Stage.ADOPTED


def test_an_accepted_partner_shares_the_joint_strategy(municipality_a, municipality_b) -> None:
    strategy = make_strategy(municipality_a, status=Strategy.Status.IMPLEMENTATION)
    StrategyPartner.every_state.create(
        strategy=strategy, municipality=municipality_b, status=StrategyPartner.Status.ACCEPTED
    )
    assert stage_of(municipality_b) == Stage.IMPLEMENTATION


@pytest.mark.parametrize("status", [StrategyPartner.Status.INVITED, "declined"])
def test_an_invited_partner_does_not_share_it_yet(municipality_a, status) -> None:
    other = MunicipalityFactory()
    strategy = make_strategy(municipality_a, status=Strategy.Status.ADOPTED)
    StrategyPartner.every_state.create(strategy=strategy, municipality=other, status=status)
    assert stage_of(other) == Stage.NONE
