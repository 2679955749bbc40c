"""Strategie-Check: every gap in a strategy, grouped by the phase of the cycle that fixes it.

The rules are one table, RULES. A rule names what it looks at (its subject: the strategy, or
its fields, goals, indicators, measures or steps), when such a thing has a gap (SQL about
the row `t`; for the strategy itself, a test of the loaded strategy), the message, the page
where the gap is fixed and the phase it belongs to. From this table

- `find_gaps` lists the gaps: one query per subject, whatever the size of the strategy;
- `strategy_figures` (strategies/figures.py) counts them in the one statement of the overview's
  figures: every SQL rule is a figure "gap_<key>" there, and "gaps" is the sum of all rules.

Adding a rule is one entry in RULES; the two cannot disagree. The phases' automatic criteria
(issue 13) are meant to read the same table.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.strategies.figures import (
    TABLES,
    Figure,
    add_figures,
    parameters,
    rows_of,
    strategy_figures,
)
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    Indicator,
    Measure,
    Step,
    Strategy,
)

from .phases import PHASE_BY_NUMBER, Phase, PhaseInfo

Row = dict[str, Any]


@dataclass(frozen=True, eq=False)
class Subject:
    """What rules look at: the strategy's rows of `model` (None: the strategy itself).

    `columns` are what a gap's message and link need of a row besides its id (SQL about the
    row `t`; a step's measure is `m`), `params` turns a row into the message's placeholders
    and `link` gives the URL name and arguments of the page that fixes it (from the rule's
    `fix`).
    """

    model: type[models.Model] | None
    columns: dict[str, str]
    params: Callable[[Row], dict[str, Any]] = lambda row: row
    link: Callable[[Row, str], tuple[str, dict[str, int]]] = lambda row, fix: (
        fix,
        {"pk": row["id"]},
    )


STRATEGY = Subject(None, {}, link=lambda row, fix: (fix, {}))
FIELD = Subject(FieldOfAction, {"title": "t.title"})
GOAL = Subject(Goal, {"title": "t.title"})
INDICATOR = Subject(
    Indicator,
    {"name": "t.name", "goal_id": "t.goal_id", "measure_id": "t.measure_id"},
    # An indicator is edited with its goal, or on its measure's page.
    link=lambda row, fix: (
        (fix, {"pk": row["goal_id"]}) if row["goal_id"] else ("measure", {"pk": row["measure_id"]})
    ),
)
MEASURE = Subject(Measure, {"title": "t.title"})
STEP = Subject(
    Step,
    {
        "step": "t.title",
        "measure": "m.title",
        "due_date": "t.due_date",
        "measure_id": "t.measure_id",
    },
    params=lambda row: {**row, "date": row["due_date"].strftime("%d.%m.%Y")},
    link=lambda row, fix: (fix, {"pk": row["measure_id"]}),
)


@dataclass(frozen=True, eq=False)
class Rule:
    """One kind of gap. `when` is SQL about the row `t` of the subject (tables as {goal},
    see strategies.figures.TABLES; %(today)s is today), or for the STRATEGY a test of the
    loaded strategy. `fix` is the name of the strategies URL that fixes the gap."""

    key: str
    phase: Phase
    subject: Subject
    when: str | Callable[[Strategy], bool]
    message: str | Promise
    fix: str

    def __post_init__(self) -> None:
        if callable(self.when) != (self.subject is STRATEGY):
            raise TypeError(f"{self.key}: SQL for rows, a test (callable) for the strategy")


# In the order of the gap list (after the subject, a thing's gaps are listed together).
RULES: tuple[Rule, ...] = (
    Rule("strategy_without_vision", Phase.VISION, STRATEGY, lambda s: not s.vision.strip(),
         _("The strategy has no vision yet."), "vision"),
    Rule("strategy_without_period", Phase.PREPARATION, STRATEGY,
         lambda s: not (s.period_start and s.period_end),
         _("The strategy has no period yet."), "edit"),
    Rule("field_without_goal", Phase.GOALS, FIELD,
         "NOT EXISTS (SELECT 1 FROM {goal_fields} x WHERE x.fieldofaction_id = t.id)",
         _("Field of action “%(title)s” has no goals."), "field"),
    Rule("field_without_guiding_sentence", Phase.FIELDS, FIELD, "t.guiding_sentence = ''",
         _("Field of action “%(title)s” has no guiding sentence."), "field_edit"),
    Rule("goal_without_indicator", Phase.GOALS, GOAL,
         "NOT EXISTS (SELECT 1 FROM {indicator} x WHERE x.goal_id = t.id)",
         _("Goal “%(title)s” has no indicator."), "goal_edit"),
    Rule("indicator_without_baseline", Phase.GOALS, INDICATOR, "t.baseline_value IS NULL",
         _("Indicator “%(name)s” has no baseline value."), "goal_edit"),
    Rule("indicator_without_target", Phase.GOALS, INDICATOR,
         "t.target_value IS NULL OR t.target_date IS NULL",
         _("Indicator “%(name)s” has no target value or target date."), "goal_edit"),
    Rule("measure_without_lead", Phase.GOVERNANCE, MEASURE,
         "t.lead_unit = '' AND t.responsible_id IS NULL",
         _("Measure “%(title)s” has no lead."), "measure_edit"),
    Rule("measure_without_period", Phase.ROADMAP, MEASURE, 't.start IS NULL OR t."end" IS NULL',
         _("Measure “%(title)s” has no period."), "measure_edit"),
    Rule("measure_without_money", Phase.MEASURES, MEASURE,
         "t.financing = '' AND t.cost_one_off IS NULL AND t.cost_running IS NULL",
         _("Measure “%(title)s” has no costs or financing."), "measure_edit"),
    Rule("measure_without_goal", Phase.MEASURES, MEASURE,
         "NOT EXISTS (SELECT 1 FROM {measure_goals} x WHERE x.measure_id = t.id)",
         _("Measure “%(title)s” serves no goal."), "measure_edit"),
    Rule("measure_without_priority", Phase.ROADMAP, MEASURE, "t.priority = ''",
         _("Measure “%(title)s” has no priority."), "measure_edit"),
    Rule("step_overdue", Phase.IMPLEMENTATION, STEP, "NOT t.done AND t.due_date < %(today)s",
         _("Step “%(step)s” of “%(measure)s” was due on %(date)s."), "measure"),
)  # fmt: skip


@dataclass(frozen=True)
class Gap:
    phase: int
    message: str
    url: str
    rule: str  # the key of the rule in RULES


def find_gaps(strategy: Strategy, slug: str) -> list[Gap]:
    """Every gap of the strategy, in the order of RULES' subjects; a thing's gaps together."""
    gaps: list[Gap] = []
    messages = {rule.key: str(rule.message) for rule in RULES}  # translated once
    for subject, rules in _by_subject(RULES):
        for row, held in _rows(strategy, subject, rules):
            params, urls = subject.params(row), {}  # a thing's gaps mostly share one page
            for rule in held:
                name, kwargs = subject.link(row, rule.fix)
                if name not in urls:
                    kwargs = {"slug": slug, "strategy": strategy.pk, **kwargs}
                    urls[name] = reverse(f"strategies:{name}", kwargs=kwargs)
                gaps.append(Gap(rule.phase, messages[rule.key] % params, urls[name], rule.key))
    return gaps


def _by_subject(rules: tuple[Rule, ...]) -> list[tuple[Subject, list[Rule]]]:
    grouped: dict[Subject, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.subject, []).append(rule)
    return list(grouped.items())


def _rows(
    strategy: Strategy, subject: Subject, rules: list[Rule]
) -> Iterator[tuple[Row, list[Rule]]]:
    """The subject's rows with a gap, in the model's order, each with the rules it breaks."""
    if subject.model is None:
        yield {}, [rule for rule in rules if rule.when(strategy)]
        return
    conditions = [rule.when.format(**TABLES) for rule in rules]
    names = ["id", *subject.columns]
    sql = (
        f"SELECT t.id, {', '.join(subject.columns.values())}, "
        + ", ".join(f"CASE WHEN {c} THEN 1 ELSE 0 END" for c in conditions)
        + f" {rows_of(subject.model)} AND ({' OR '.join(f'({c})' for c in conditions)})"
        + f" ORDER BY {_order_by(subject.model)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters(strategy))
        found = cursor.fetchall()
    for values in found:
        row = dict(zip(names, values[: len(names)], strict=True))
        flags = values[len(names) :]
        yield row, [rule for rule, flag in zip(rules, flags, strict=True) if flag]


def _order_by(model: type[models.Model]) -> str:
    """The model's own order (Meta.ordering of plain field names) as SQL about `t`."""
    meta = model._meta
    fields = (meta.pk if name == "pk" else meta.get_field(name) for name in meta.ordering)
    return ", ".join(f"t.{connection.ops.quote_name(field.column)}" for field in fields)


def gaps_by_phase(gaps: list[Gap]) -> list[tuple[PhaseInfo, list[Gap]]]:
    grouped: dict[int, list[Gap]] = {}
    for gap in gaps:
        grouped.setdefault(int(gap.phase), []).append(gap)
    return [(PHASE_BY_NUMBER[number], grouped[number]) for number in sorted(grouped)]


# Counting: every SQL rule is a figure of strategies.figures, the strategy's own rules are
# tested on the loaded strategy; "gaps" adds them up.


def _figures() -> tuple[Figure, ...]:
    return tuple(
        Figure(f"gap_{rule.key}", rule.subject.model, rule.when)
        for rule in RULES
        if not callable(rule.when)
    )


def _derive(strategy: Strategy, counts: dict[str, int]) -> dict[str, int]:
    tested = {f"gap_{rule.key}": int(rule.when(strategy)) for rule in RULES if callable(rule.when)}
    every = {**counts, **tested}
    return {**tested, "gaps": sum(every[f"gap_{rule.key}"] for rule in RULES)}


def count_gaps_in_figures() -> None:
    """Let strategy_figures count the gaps too (called once, when the app is ready)."""
    add_figures(_figures, _derive)


def count_gaps(strategy: Strategy) -> int:
    """len(find_gaps(strategy, …)) in the one query of the strategy's figures."""
    return strategy_figures(strategy)["gaps"]
