"""The traffic light of an indicator: is it on course towards its target? (docs/monitoring.md)

The rule, in short: between the baseline (value and date) and the target (value and date) the
indicator is expected to move in a straight line. The newest measured value is compared with
where that line stands on the value's date:

    expected = share of the time from baseline date to target date passed on the value's date
               (0 before the baseline date, 1 from the target date on)
    achieved = (value − baseline) / (target − baseline)   share of the way covered

    on track   if achieved ≥ 90 % of expected
    at risk    if achieved ≥ 60 % of expected
    off track  otherwise

Dividing by (target − baseline) makes the rule work for falling targets (fewer kWh, fewer
days of waiting) as for rising ones. Overshooting counts as on track. Without a measured
value, a baseline value and date, a target value and date, or with a target equal to the
baseline or a target date not after the baseline date, there is no assessment.

Fractions are exact, so the limits (exactly 90 % or 60 %) behave as documented.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ON_TRACK_FROM = Fraction(9, 10)
AT_RISK_FROM = Fraction(6, 10)


class Level(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NONE = "none"

    @property
    def label(self) -> str:
        return str(LABELS[self])

    @property
    def icon(self) -> str:
        """KERN icon and badge modifier: the text label always comes with it."""
        return {"on_track": "success", "at_risk": "warning", "off_track": "danger"}.get(
            self.value, "info"
        )


LABELS = {
    Level.ON_TRACK: _("On track"),
    Level.AT_RISK: _("At risk"),
    Level.OFF_TRACK: _("Off track"),
    Level.NONE: _("No assessment"),
}


@dataclass(frozen=True)
class Assessment:
    level: Level
    reason: str = ""  # why there is no assessment
    expected: Fraction | None = None  # share of the way expected on the value's date
    achieved: Fraction | None = None  # share of the way covered by the value
    expected_value: Decimal | None = None  # where the straight line stands on the value's date

    @property
    def expected_percent(self) -> int | None:
        return None if self.expected is None else round(self.expected * 100)

    @property
    def achieved_percent(self) -> int | None:
        return None if self.achieved is None else round(self.achieved * 100)


def expected_share(baseline_date: date, target_date: date, on: date) -> Fraction:
    """Share of the time from baseline date to target date that has passed `on` (0…1)."""
    span = (target_date - baseline_date).days
    passed = (on - baseline_date).days
    return min(max(Fraction(passed, span), Fraction(0)), Fraction(1))


def expected_value(
    baseline_value: Decimal, baseline_date: date, target_value: Decimal, target_date: date, on: date
) -> Decimal:
    share = expected_share(baseline_date, target_date, on)
    exact = Fraction(baseline_value) + share * (Fraction(target_value) - Fraction(baseline_value))
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.0001"))


def assess(
    *,
    baseline_value: Decimal | None,
    baseline_date: date | None,
    target_value: Decimal | None,
    target_date: date | None,
    value: Decimal | None,
    value_date: date | None,
) -> Assessment:
    """The traffic light for the newest measured `value` (taken on `value_date`)."""
    if value is None or value_date is None:
        return Assessment(Level.NONE, str(_("No value has been measured yet.")))
    if baseline_value is None or baseline_date is None:
        return Assessment(Level.NONE, str(_("The indicator has no baseline value and date.")))
    if target_value is None or target_date is None:
        return Assessment(Level.NONE, str(_("The indicator has no target value and date.")))
    if target_value == baseline_value:
        return Assessment(Level.NONE, str(_("The target value equals the baseline value.")))
    if target_date <= baseline_date:
        return Assessment(
            Level.NONE, str(_("The target date does not lie after the baseline date."))
        )
    expected = expected_share(baseline_date, target_date, value_date)
    achieved = (Fraction(value) - Fraction(baseline_value)) / (
        Fraction(target_value) - Fraction(baseline_value)
    )
    if achieved >= ON_TRACK_FROM * expected:
        level = Level.ON_TRACK
    elif achieved >= AT_RISK_FROM * expected:
        level = Level.AT_RISK
    else:
        level = Level.OFF_TRACK
    return Assessment(
        level,
        expected=expected,
        achieved=achieved,
        expected_value=expected_value(
            baseline_value, baseline_date, target_value, target_date, value_date
        ),
    )


def assess_indicator(indicator, value: Decimal | None, value_date: date | None) -> Assessment:
    return assess(
        baseline_value=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target_value=indicator.target_value,
        target_date=indicator.target_date,
        value=value,
        value_date=value_date,
    )
