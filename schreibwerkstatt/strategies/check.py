"""Strategie-Check: every gap in a strategy, grouped by the phase of the cycle that fixes it.

A fixed number of queries, whatever the size of the strategy.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schreibwerkstatt.process.phases import PHASE_BY_NUMBER, Phase

from .models import FieldOfAction, Goal, Indicator, Measure, Step, Strategy


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


def strategy_figures(strategy: Strategy) -> dict[str, int]:
    """Counts for the overview and the number of gaps, from five aggregate queries.

    The gap count equals len(find_gaps(strategy)); a test holds the two together.
    """
    today = timezone.localdate()
    has_goal_link = Exists(Goal.fields.through.objects.filter(fieldofaction_id=OuterRef("pk")))
    fields = FieldOfAction.objects.filter(strategy=strategy).aggregate(
        total=Count("pk"),
        without_goals=Count("pk", filter=~Q(has_goal_link)),
        without_sentence=Count("pk", filter=Q(guiding_sentence="")),
    )
    goals = Goal.objects.filter(strategy=strategy).aggregate(
        total=Count("pk"),
        without_indicator=Count(
            "pk", filter=~Q(Exists(Indicator.objects.filter(goal_id=OuterRef("pk"))))
        ),
    )
    indicators = Indicator.objects.filter(strategy=strategy).aggregate(
        baseline=Count("pk", filter=Q(baseline_value=None)),
        target=Count("pk", filter=Q(target_value=None) | Q(target_date=None)),
    )
    serves_goal = Exists(Measure.goals.through.objects.filter(measure_id=OuterRef("pk")))
    in_field = Exists(Measure.fields.through.objects.filter(measure_id=OuterRef("pk")))
    measures = Measure.objects.filter(strategy=strategy).aggregate(
        total=Count("pk"),
        flagships=Count("pk", filter=Q(is_flagship=True)),
        without_field=Count("pk", filter=~Q(in_field)),
        without_lead=Count("pk", filter=Q(lead_unit="", responsible=None)),
        without_period=Count("pk", filter=Q(start=None) | Q(end=None)),
        without_money=Count("pk", filter=Q(financing="", cost_one_off=None, cost_running=None)),
        without_priority=Count("pk", filter=Q(priority="")),
        without_goal=Count("pk", filter=~Q(serves_goal)),
        **{
            f"status_{value}": Count("pk", filter=Q(status=value))
            for value in Measure.Status.values
        },
    )
    overdue = Step.objects.filter(measure__strategy=strategy).overdue(today).count()
    gaps = (
        int(not strategy.vision.strip())
        + int(not (strategy.period_start and strategy.period_end))
        + fields["without_goals"] + fields["without_sentence"] + goals["without_indicator"]
        + indicators["baseline"] + indicators["target"] + overdue
        + sum(measures[k] for k in ("without_lead", "without_period", "without_money", "without_priority", "without_goal"))
    )  # fmt: skip
    return {
        "fields": fields["total"],
        "goals": goals["total"],
        **{f"measures_{key}": value for key, value in measures.items()},
        "overdue_steps": overdue,
        "gaps": gaps,
    }


def count_gaps(strategy: Strategy) -> int:
    return strategy_figures(strategy)["gaps"]
