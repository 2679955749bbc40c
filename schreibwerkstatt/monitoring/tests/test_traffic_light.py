"""The traffic-light rule of docs/monitoring.md, at its edges."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from schreibwerkstatt.monitoring.traffic_light import (
    Level,
    assess,
    expected_share,
    expected_value,
)

# From 100 to 200 over 1000 days; half-way (day 500) 150 is expected.
RISING = {
    "baseline_value": Decimal(100),
    "baseline_date": date(2024, 1, 1),
    "target_value": Decimal(200),
    "target_date": date(2026, 9, 27),  # 1000 days later
}
HALF_WAY = date(2025, 5, 15)  # day 500
# A falling target: from 5200 MWh down to 4200 MWh over the same 1000 days.
FALLING = {**RISING, "baseline_value": Decimal(5200), "target_value": Decimal(4200)}


def level(value: str, on: date = HALF_WAY, plan: dict = RISING) -> Level:
    return assess(**plan, value=Decimal(value), value_date=on).level


def test_the_expected_share_grows_linearly_and_stays_between_0_and_1() -> None:
    assert expected_share(RISING["baseline_date"], RISING["target_date"], HALF_WAY) == Fraction(
        1, 2
    )
    assert expected_share(RISING["baseline_date"], RISING["target_date"], date(2020, 1, 1)) == 0
    assert expected_share(RISING["baseline_date"], RISING["target_date"], date(2030, 1, 1)) == 1
    assert expected_value(**RISING, on=HALF_WAY) == Decimal("150.0000")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("150", Level.ON_TRACK),  # exactly on the path
        ("145", Level.ON_TRACK),  # exactly 90 % of the expected progress (45 of 50)
        ("144.99", Level.AT_RISK),  # just below 90 %
        ("130", Level.AT_RISK),  # exactly 60 % (30 of 50)
        ("129.99", Level.OFF_TRACK),  # just below 60 %
        ("100", Level.OFF_TRACK),  # no progress at all
        ("90", Level.OFF_TRACK),  # worse than the baseline
        ("250", Level.ON_TRACK),  # beyond the target
    ],
)
def test_a_rising_target_is_judged_by_the_share_of_expected_progress(value, expected) -> None:
    assert level(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4700", Level.ON_TRACK),  # on the path (500 of 1000 MWh saved half-way)
        ("4750", Level.ON_TRACK),  # exactly 90 %
        ("4751", Level.AT_RISK),
        ("4900", Level.AT_RISK),  # exactly 60 %
        ("4901", Level.OFF_TRACK),
        ("5300", Level.OFF_TRACK),  # consumption went up
        ("4000", Level.ON_TRACK),  # below the target already
    ],
)
def test_a_falling_target_is_judged_the_same_way(value, expected) -> None:
    assert level(value, plan=FALLING) == expected


def test_on_the_baseline_date_nothing_is_expected_yet() -> None:
    start = RISING["baseline_date"]
    assert level("100", on=start) == Level.ON_TRACK
    assert level("99", on=start) == Level.OFF_TRACK  # already worse than the baseline
    assert level("100", on=date(2023, 6, 1)) == Level.ON_TRACK  # measured before the baseline


def test_after_the_target_date_the_full_target_is_expected() -> None:
    late = date(2027, 6, 1)
    assert level("190", on=late) == Level.ON_TRACK  # 90 % of the way
    assert level("189", on=late) == Level.AT_RISK
    assert level("159", on=late) == Level.OFF_TRACK


def test_the_newest_value_is_judged_on_its_own_date_not_today() -> None:
    # 130 is at risk half-way, but on track a quarter of the way in (expected 125).
    assert level("130", on=date(2024, 9, 27)) == Level.ON_TRACK


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"baseline_value": None}, "keinen Ausgangswert"),
        ({"baseline_date": None}, "keinen Ausgangswert"),
        ({"target_value": None}, "keinen Zielwert"),
        ({"target_date": None}, "keinen Zielwert"),
        ({"target_value": Decimal(100)}, "gleich dem Ausgangswert"),
        ({"target_date": date(2024, 1, 1)}, "Zieldatum liegt nicht nach"),
        ({"target_date": date(2023, 1, 1)}, "Zieldatum liegt nicht nach"),
    ],
)
def test_without_a_complete_plan_there_is_no_assessment(change, reason) -> None:
    result = assess(**{**RISING, **change}, value=Decimal(150), value_date=HALF_WAY)
    assert result.level == Level.NONE
    assert reason in result.reason


def test_without_a_value_there_is_no_assessment() -> None:
    result = assess(**RISING, value=None, value_date=None)
    assert result.level == Level.NONE
    assert result.expected is None


def test_the_level_has_a_text_and_an_icon_not_just_a_colour() -> None:
    from django.utils import translation

    with translation.override("de"):
        labels = {lvl: lvl.label for lvl in Level}
    assert labels == {
        Level.ON_TRACK: "Auf Kurs",
        Level.AT_RISK: "Gefährdet",
        Level.OFF_TRACK: "Nicht auf Kurs",
        Level.NONE: "Keine Bewertung",
    }
    assert {lvl.icon for lvl in Level} == {"success", "warning", "danger", "info"}
