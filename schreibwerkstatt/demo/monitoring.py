"""Implementation history for the demo strategy: dated status updates by different people and
measured indicator values, so the dashboard, the timelines and the traffic lights have
something credible to show.

Idempotent: status updates are only written when no measure of the demo strategy has one,
indicator values only when no indicator has one. Dates are relative to today, like the
demo's step due dates. Most indicators are on track; "Schülerinnen und Schüler je digitalem
Endgerät" is at risk and "Fahrgäste im Stadt- und Rufbusverkehr pro Jahr" is off track; one
running measure has had no update for four months (stale at the default of 90 days).
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.demo.strategies import KOORD, MIT, RED, TITLE
from schreibwerkstatt.monitoring import services
from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate
from schreibwerkstatt.monitoring.traffic_light import expected_share
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Indicator, Measure, Strategy

RUNNING, DONE, PLANNED = Measure.Status.RUNNING, Measure.Status.DONE, Measure.Status.PLANNED

# (days before today, status, percent, note) – oldest first; the last one is the current state.
RUNNING_HISTORY = (
    (190, PLANNED, 5, "Projektteam gebildet. Der Auftakt mit den beteiligten Fachbereichen hat "
     "stattgefunden, der Zeitplan ist abgestimmt."),
    (120, RUNNING, 25, "Die Umsetzung hat begonnen. Aufträge sind vergeben, die ersten "
     "Arbeitspakete laufen."),
    (45, RUNNING, 45, "Gut die Hälfte der Arbeitspakete ist erledigt. Zeit- und Kostenplan "
     "halten."),
    (12, RUNNING, 55, ""),
)  # fmt: skip
STALE_HISTORY = (
    (240, PLANNED, 0, "Fördermittelantrag gestellt, Bescheid steht noch aus."),
    (125, RUNNING, 20, "Förderbescheid ist da. Wegen einer unbesetzten Stelle verzögert sich "
     "der Start um einige Wochen."),
)  # fmt: skip
DONE_HISTORY = (
    (260, RUNNING, 40, "Die Pilotphase läuft. Rückmeldungen der Beschäftigten werden gesammelt."),
    (150, RUNNING, 85, "Nacharbeiten aus dem Pilot sind erledigt, die Abnahme ist terminiert."),
    (90, DONE, 100, "Abnahme erfolgt, die Maßnahme ist abgeschlossen. Die Erfahrungen sind für "
     "die nächsten Vorhaben dokumentiert."),
)  # fmt: skip
PLANNED_HISTORY = (
    (20, PLANNED, 5, "Erste Abstimmung mit den Beteiligten; die Ausschreibung wird vorbereitet."),
)

# Share of the expected progress that the newest value reaches (see traffic_light.py).
AT_RISK = ("Schülerinnen und Schüler je digitalem Endgerät", Fraction(3, 4))
OFF_TRACK = ("Fahrgäste im Stadt- und Rufbusverkehr pro Jahr", Fraction(3, 10))
ON_TRACK_RATIOS = (Fraction(21, 20), Fraction(23, 20), Fraction(1), Fraction(6, 5))
SOURCES = (
    "Eigene Auswertung der Verwaltung",
    "Amt für Statistik Berlin-Brandenburg",
    "Jahresbericht des Fachbereichs",
)


@transaction.atomic
def load_demo_monitoring(municipality: Municipality, users: dict[str, User]) -> None:
    strategy = Strategy.objects.filter(municipality=municipality, title=TITLE).first()
    if strategy is None:
        return
    if not StatusUpdate.objects.filter(measure__strategy=strategy).exists():
        _status_history(strategy, users)
    if not IndicatorValue.objects.filter(indicator__strategy=strategy).exists():
        _indicator_values(strategy, users)


def _status_history(strategy: Strategy, users: dict[str, User]) -> None:
    today = timezone.localdate()
    people = [users[KOORD], users[RED], users[MIT]]
    measures = list(
        strategy.measures.filter(status__in=[RUNNING, DONE, PLANNED]).order_by("position", "pk")
    )
    running = [m for m in measures if m.status == RUNNING]
    stale = running[1] if len(running) > 1 else None
    planned_done = 0
    for index, measure in enumerate(measures):
        if measure.status == DONE:
            history = DONE_HISTORY
        elif measure is stale:
            history = STALE_HISTORY
        elif measure.status == RUNNING:
            history = RUNNING_HISTORY
        elif planned_done < 2:  # two planned measures already report preparations
            history, planned_done = PLANNED_HISTORY, planned_done + 1
        else:
            continue
        for step, (days, status, percent, note) in enumerate(history):
            author = people[(index + step) % len(people)]
            if step == len(history) - 1 and measure.responsible_id:
                author = measure.responsible  # the lead reports the current state
            services.record_status_update(
                measure,
                date=today - timedelta(days=days + index % 5),
                status=status,
                progress_percent=percent,
                note=note or "Keine Besonderheiten, es geht planmäßig voran.",
                author=author,
            )


def _rounded(value: Fraction, unit: str, reference: Decimal) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    places = Decimal(1) if unit == "Anzahl" or abs(reference) >= 100 else Decimal("0.1")
    return exact.quantize(places, ROUND_HALF_UP)


def _indicator_values(strategy: Strategy, users: dict[str, User]) -> None:
    today = timezone.localdate()
    authors = [users[KOORD], users[RED]]
    complete = [
        i
        for i in strategy.indicators.order_by("pk")
        if None not in (i.baseline_value, i.baseline_date, i.target_value, i.target_date)
        and i.target_date > i.baseline_date
        and i.baseline_date < today
    ]
    special = dict([AT_RISK, OFF_TRACK])
    rows = []
    for index, indicator in enumerate(complete):
        ratio = special.get(indicator.name)
        if ratio is None:
            if index % 5 == 4:  # a few indicators have no measurement yet
                continue
            ratio = ON_TRACK_RATIOS[index % len(ON_TRACK_RATIOS)]
        rows.extend(_series(indicator, ratio, today, authors, index))
    IndicatorValue.objects.bulk_create(rows)


def _series(
    indicator: Indicator, ratio: Fraction, today: date, authors: list[User], index: int
) -> list[IndicatorValue]:
    """Three values between the baseline date and (about) today; the newest reaches `ratio`
    of the progress expected on its date, the earlier ones stay close to the path."""
    start: date = indicator.baseline_date
    newest = today - timedelta(days=14 + index % 20)
    span = (newest - start).days
    baseline = Fraction(indicator.baseline_value)
    distance = Fraction(indicator.target_value) - baseline
    values = []
    for k, part in enumerate((Fraction(1, 3), Fraction(2, 3), Fraction(1))):
        day = start + timedelta(days=int(span * part))
        share = expected_share(start, indicator.target_date, day)
        # Earlier values lie between the path and the final ratio, so the line looks natural.
        factor = ratio if k == 2 else (ratio + 1) / 2
        values.append(
            IndicatorValue(
                indicator=indicator,
                date=day,
                value=_rounded(
                    baseline + factor * share * distance,
                    indicator.unit,
                    indicator.target_value,
                ),
                source=SOURCES[(index + k) % len(SOURCES)],
                author=authors[(index + k) % len(authors)],
            )
        )
    return values
