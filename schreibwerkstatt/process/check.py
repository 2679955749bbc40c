"""Strategie-Check: every gap in a strategy, grouped by the phase of the cycle that fixes it.

A fixed number of queries, whatever the size of the strategy.
"""

import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schreibwerkstatt.process.phases import PHASE_BY_NUMBER, Phase

from .models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
)


@dataclass(frozen=True)
class Gap:
    phase: int
    message: str
    url: str


def find_gaps(strategy: Strategy, slug: str) -> list[Gap]:
    def url(name: str, **kwargs: int) -> str:
        return reverse(
            f"strategies:{name}", kwargs={"slug": slug, "strategy": strategy.pk, **kwargs}
        )

    gaps: list[Gap] = []
    if not strategy.vision.strip():
        gaps.append(Gap(Phase.VISION, _("The strategy has no vision yet."), url("vision")))
    if not (strategy.period_start and strategy.period_end):
        gaps.append(Gap(Phase.PREPARATION, _("The strategy has no period yet."), url("edit")))

    for field in (
        FieldOfAction.objects.filter(strategy=strategy).annotate(n=Count("goals")).filter(n=0)
    ):
        gaps.append(
            Gap(
                Phase.GOALS,
                _("Field of action “%(title)s” has no goals.") % {"title": field.title},
                url("field", pk=field.pk),
            )
        )
    for field in FieldOfAction.objects.filter(strategy=strategy, guiding_sentence=""):
        gaps.append(
            Gap(
                Phase.FIELDS,
                _("Field of action “%(title)s” has no guiding sentence.") % {"title": field.title},
                url("field_edit", pk=field.pk),
            )
        )

    for goal in Goal.objects.filter(strategy=strategy).annotate(n=Count("indicators")).filter(n=0):
        gaps.append(
            Gap(
                Phase.GOALS,
                _("Goal “%(title)s” has no indicator.") % {"title": goal.title},
                url("goal_edit", pk=goal.pk),
            )
        )
    for indicator in Indicator.objects.filter(strategy=strategy).filter(
        Q(baseline_value=None) | Q(target_value=None) | Q(target_date=None)
    ):
        target = (
            url("goal_edit", pk=indicator.goal_id)
            if indicator.goal_id
            else url("measure", pk=indicator.measure_id)
        )
        if indicator.baseline_value is None:
            gaps.append(
                Gap(
                    Phase.GOALS,
                    _("Indicator “%(name)s” has no baseline value.") % {"name": indicator.name},
                    target,
                )
            )
        if indicator.target_value is None or indicator.target_date is None:
            gaps.append(
                Gap(
                    Phase.GOALS,
                    _("Indicator “%(name)s” has no target value or target date.")
                    % {"name": indicator.name},
                    target,
                )
            )

    measures = (
        Measure.objects.filter(strategy=strategy)
        .annotate(goal_count=Count("goals"))
        .only(
            "pk",
            "title",
            "lead_unit",
            "responsible_id",
            "start",
            "end",
            "financing",
            "cost_one_off",
            "cost_running",
            "priority",
        )
    )
    for measure in measures:
        fix = url("measure_edit", pk=measure.pk)
        title = {"title": measure.title}
        if not measure.lead_unit and measure.responsible_id is None:
            gaps.append(Gap(Phase.GOVERNANCE, _("Measure “%(title)s” has no lead.") % title, fix))
        if measure.start is None or measure.end is None:
            gaps.append(Gap(Phase.ROADMAP, _("Measure “%(title)s” has no period.") % title, fix))
        if not measure.financing and measure.cost_one_off is None and measure.cost_running is None:
            gaps.append(
                Gap(
                    Phase.MEASURES, _("Measure “%(title)s” has no costs or financing.") % title, fix
                )
            )
        if measure.goal_count == 0:
            gaps.append(Gap(Phase.MEASURES, _("Measure “%(title)s” serves no goal.") % title, fix))
        if not measure.priority:
            gaps.append(Gap(Phase.ROADMAP, _("Measure “%(title)s” has no priority.") % title, fix))

    today = timezone.localdate()
    for step in (
        Step.objects.filter(measure__strategy=strategy).overdue(today).select_related("measure")
    ):
        gaps.append(
            Gap(
                Phase.IMPLEMENTATION,
                _("Step “%(step)s” of “%(measure)s” was due on %(date)s.")
                % {
                    "step": step.title,
                    "measure": step.measure.title,
                    "date": step.due_date.strftime("%d.%m.%Y"),
                },
                url("measure", pk=step.measure_id),
            )
        )
    return gaps


def gaps_by_phase(gaps: list[Gap]) -> list[tuple[object, list[Gap]]]:
    grouped: dict[int, list[Gap]] = {}
    for gap in gaps:
        grouped.setdefault(int(gap.phase), []).append(gap)
    return [(PHASE_BY_NUMBER[number], grouped[number]) for number in sorted(grouped)]


_STATUSES = tuple(Measure.Status.values)


@functools.cache
def _figures_sql() -> str:
    """One statement for every count of strategy_figures. Hand-written because building the
    equivalent ORM aggregates cost ~10 ms of Python per overview request, ten times the SQL.
    Table names come from the models; the only parameters are the strategy id and today."""
    field, goal = FieldOfAction._meta.db_table, Goal._meta.db_table
    goal_fields, indicator = Goal.fields.through._meta.db_table, Indicator._meta.db_table
    measure, step = Measure._meta.db_table, Step._meta.db_table
    partner, phase = StrategyPartner._meta.db_table, ProgrammePhase._meta.db_table
    accepted = StrategyPartner.Status.ACCEPTED.value  # invitations are no partners yet
    measure_goals, measure_fields = (
        Measure.goals.through._meta.db_table,
        Measure.fields.through._meta.db_table,
    )

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    statuses = ", ".join(count(f"m.status = '{value}'") for value in _STATUSES)
    without_field = count(
        f"NOT EXISTS (SELECT 1 FROM {measure_fields} x WHERE x.measure_id = m.id)"
    )
    without_goal = count(f"NOT EXISTS (SELECT 1 FROM {measure_goals} x WHERE x.measure_id = m.id)")
    # Table names and status values come from the models, never from a request.
    return f"""
    SELECT
      (SELECT COUNT(*) FROM {field} f WHERE f.strategy_id = %s),
      (SELECT COUNT(*) FROM {field} f WHERE f.strategy_id = %s
         AND NOT EXISTS (SELECT 1 FROM {goal_fields} x WHERE x.fieldofaction_id = f.id)),
      (SELECT COUNT(*) FROM {field} f WHERE f.strategy_id = %s AND f.guiding_sentence = ''),
      (SELECT COUNT(*) FROM {goal} g WHERE g.strategy_id = %s),
      (SELECT COUNT(*) FROM {goal} g WHERE g.strategy_id = %s
         AND NOT EXISTS (SELECT 1 FROM {indicator} i WHERE i.goal_id = g.id)),
      (SELECT COUNT(*) FROM {indicator} i WHERE i.strategy_id = %s AND i.baseline_value IS NULL),
      (SELECT COUNT(*) FROM {indicator} i WHERE i.strategy_id = %s
         AND (i.target_value IS NULL OR i.target_date IS NULL)),
      (SELECT COUNT(*) FROM {step} st JOIN {measure} sm ON sm.id = st.measure_id
         WHERE sm.strategy_id = %s AND NOT st.done AND st.due_date < %s),
      (SELECT COUNT(*) FROM {partner} p WHERE p.strategy_id = %s AND p.status = '{accepted}'),
      (SELECT COUNT(*) FROM {phase} ph WHERE ph.strategy_id = %s),
      COUNT(m.id),
      {count("m.is_flagship")},
      {without_field},
      {count("m.lead_unit = '' AND m.responsible_id IS NULL")},
      {count('(m.start IS NULL OR m."end" IS NULL)')},
      {count("m.financing = '' AND m.cost_one_off IS NULL AND m.cost_running IS NULL")},
      {count("m.priority = ''")},
      {without_goal},
      {statuses}
    FROM {measure} m WHERE m.strategy_id = %s
    """


_MEASURE_KEYS = (
    "total", "flagships", "without_field", "without_lead", "without_period", "without_money",
    "without_priority", "without_goal", *(f"status_{value}" for value in _STATUSES),
)  # fmt: skip
_GAP_KEYS = ("without_lead", "without_period", "without_money", "without_priority", "without_goal")


def strategy_figures(strategy: Strategy) -> dict[str, int]:
    """Counts for the overview and the number of gaps, in one query.

    The gap count equals len(find_gaps(strategy)); a test holds the two together on
    SQLite and PostgreSQL.
    """
    pk = strategy.pk
    with connection.cursor() as cursor:
        cursor.execute(_figures_sql(), [*[pk] * 8, timezone.localdate(), pk, pk, pk])
        row = [int(value or 0) for value in cursor.fetchone()]
    fields, no_goals, no_sentence, goals, no_indicator, no_baseline, no_target, overdue = row[:8]
    partners, phases = row[8:10]
    measures = dict(zip(_MEASURE_KEYS, row[10:], strict=True))
    gaps = (
        int(not strategy.vision.strip())
        + int(not (strategy.period_start and strategy.period_end))
        + no_goals + no_sentence + no_indicator + no_baseline + no_target + overdue
        + sum(measures[key] for key in _GAP_KEYS)
    )  # fmt: skip
    return {
        "fields": fields,
        "goals": goals,
        **{f"measures_{key}": value for key, value in measures.items()},
        "overdue_steps": overdue,
        "partners": partners,
        "programme_phases": phases,
        "gaps": gaps,
    }


class FieldRow(NamedTuple):
    pk: int
    title: str
    guiding_sentence: str
    goal_count: int
    measure_count: int


def field_rows(strategy: Strategy) -> list[FieldRow]:
    """The strategy's fields of action with their numbers of goals and measures, for the
    overview table. One hand-written statement for the reason given at _figures_sql."""
    field, goal_fields, measure_fields = (
        FieldOfAction._meta.db_table,
        Goal.fields.through._meta.db_table,
        Measure.fields.through._meta.db_table,
    )
    # A link table holds each pair once, so COUNT(*) counts distinct goals and measures.
    sql = f"""
    SELECT f.id, f.title, f.guiding_sentence,
      (SELECT COUNT(*) FROM {goal_fields} x WHERE x.fieldofaction_id = f.id),
      (SELECT COUNT(*) FROM {measure_fields} y WHERE y.fieldofaction_id = f.id)
    FROM {field} f WHERE f.strategy_id = %s ORDER BY f.position, f.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [strategy.pk])
        return [FieldRow(*row) for row in cursor.fetchall()]


def count_gaps(strategy: Strategy) -> int:
    return strategy_figures(strategy)["gaps"]
