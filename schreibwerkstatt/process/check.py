"""The strategy cycle's one rule set: the Strategie-Check and the phases' automatic criteria.

CRITERIA is the only table. A criterion is something the work of one phase must achieve
("every field of action has a guiding sentence and a starting situation"); it is met when
none of its rules finds a gap. A rule names what it looks at (its subject: the strategy, or
its fields, goals, indicators, measures or steps), when such a thing has a gap (SQL about the
row `t`), the message and the page where the gap is fixed. From this table

- `find_gaps` lists the gaps (the Strategie-Check page, the adoption's open items, the reasons
  on the phase pages): one query per subject, whatever the size of the strategy;
- `strategy_figures` (strategies/figures.py) counts them in the one statement of the overview's
  figures: every rule is a figure "gap_<key>" there, and "gaps" is the sum of all rules;
- `process.cycle` derives each phase's progress from those counts.

Adding a rule or a criterion is one entry here; the check page and the phases cannot disagree.
Conditions may name the tables of strategies.figures.TABLES ({goal}, and the tables that apps
above add with add_tables, e.g. {project}) and use %(strategy)s, %(today)s, %(stale_before)s.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.strategies.figures import (
    TABLES,
    Figure,
    add_figures,
    add_tables,
    parameters,
    rows_of,
    strategy_figures,
)
from schreibwerkstatt.strategies.models import (
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    Step,
    Strategy,
)

from .phases import PHASE_BY_NUMBER, Phase, PhaseInfo

Row = dict[str, Any]


@dataclass(frozen=True, eq=False)
class Subject:
    """What rules look at: the strategy's rows of `model` (Strategy: the strategy itself).

    `columns` are what a gap's message and link need of a row besides its id (SQL about the
    row `t`; a step's measure is `m`), `params` turns a row into the message's placeholders
    and `link` gives the URL name and arguments of the page that fixes it (from the rule's
    `fix`).
    """

    model: type[models.Model]
    columns: dict[str, str]
    params: Callable[[Row], dict[str, Any]] = lambda row: row
    link: Callable[[Row, str], tuple[str, dict[str, int]]] = lambda row, fix: (
        fix,
        {"pk": row["id"]},
    )


STRATEGY = Subject(Strategy, {}, link=lambda row, fix: (fix, {}))
FIELD = Subject(FieldOfAction, {"title": "t.title"})
GOAL = Subject(Goal, {"title": "t.title"})
INDICATOR = Subject(
    Indicator,
    {"name": "t.name", "goal_id": "t.goal_id", "measure_id": "t.measure_id"},
    # An indicator is edited with its goal, or on its measure's page.
    link=lambda row, fix: (
        (fix, {"pk": row["goal_id"]})
        if row["goal_id"]
        else ("strategies:measure", {"pk": row["measure_id"]})
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
    """One kind of gap. `when` is SQL about the row `t` of the subject. `fix` names the URL
    of the page that fixes the gap ("strategies:vision"). Its arguments: with scope THING the
    slug, the strategy and the subject's link arguments (the thing's pk); with STRATEGY the
    slug and the strategy; with MUNICIPALITY the slug only."""

    key: str
    subject: Subject
    when: str
    message: str | Promise
    fix: str
    scope: str = "thing"


THING, STRATEGY_PAGE, MUNICIPALITY_PAGE = "thing", "strategy", "municipality"


@dataclass(frozen=True, eq=False)
class Criterion:
    """What one phase's work must achieve; met when none of its rules finds a gap. `needs`
    names rules of other criteria that must hold too, where "every measure has a priority"
    would otherwise be met by a strategy without measures."""

    key: str
    phase: Phase
    label: str | Promise  # what is true when it is met
    rules: tuple[Rule, ...] = field(default=())
    needs: tuple[str, ...] = ()


WORKING_ROLES = ", ".join(f"'{role}'" for role in (Role.COORDINATOR, Role.EDITOR, Role.CONTRIBUTOR))
RUNNING, PLANNED = Measure.Status.RUNNING.value, Measure.Status.PLANNED.value
ADOPTED = "adopted"  # revisions.Revision.State.ADOPTED (revisions sits above process)

# In the order of the cycle; within a phase, in the order "Als Nächstes" proposes them.
CRITERIA: tuple[Criterion, ...] = (
    Criterion("period", Phase.PREPARATION, _("The strategy has a title and a period."), (
        Rule("strategy_without_period", STRATEGY,
             "t.period_start IS NULL OR t.period_end IS NULL",
             _("The strategy has no period yet."), "strategies:edit"),
    )),
    Criterion("core_team", Phase.PREPARATION,
              _("At least two people work on the strategy (the core team)."), (
        Rule("team_too_small", STRATEGY,
             f"(SELECT COUNT(*) FROM {{membership}} x WHERE x.municipality_id = t.municipality_id"
             f" AND x.role IN ({WORKING_ROLES})) < 2",
             _("Fewer than two people of the municipality work on the strategy yet; invite the "
               "core team (an invitation counts once it is accepted)."),
             "municipalities:members", MUNICIPALITY_PAGE),
    )),
    Criterion("projects", Phase.INVENTORY,
              _("The existing digital projects are recorded."), (
        Rule("no_projects", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {project} x WHERE x.strategy_id = t.id)",
             _("No existing digital project is recorded yet."), "inventory:projects"),
    )),
    Criterion("stakeholders", Phase.INVENTORY, _("The stakeholders are recorded."), (
        Rule("no_stakeholders", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {stakeholder} x WHERE x.strategy_id = t.id)",
             _("No stakeholder is recorded yet."), "inventory:stakeholders"),
    )),
    Criterion("maturity", Phase.INVENTORY, _("The maturity self-check is begun."), (
        Rule("no_maturity_answers", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {maturity_answer} x WHERE x.strategy_id = t.id)",
             _("The maturity self-check has not been started yet."), "inventory:maturity"),
    )),
    Criterion("swot", Phase.INVENTORY, _("A SWOT analysis exists."), (
        Rule("no_swot", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {swot_entry} x WHERE x.strategy_id = t.id)",
             _("The SWOT analysis has no entries yet."), "inventory:swot"),
    )),
    Criterion("vision", Phase.VISION, _("The vision is written down."), (
        Rule("strategy_without_vision", STRATEGY, "TRIM(t.vision) = ''",
             _("The strategy has no vision yet."), "strategies:vision"),
    )),
    Criterion("principles", Phase.VISION, _("Guiding principles are set."), (
        Rule("no_principles", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {principle} x WHERE x.strategy_id = t.id)",
             _("The strategy has no guiding principles yet."), "strategies:vision"),
    )),
    Criterion("fields", Phase.FIELDS, _(
        "Fields of action are chosen, each with a guiding sentence and a starting situation."), (
        Rule("no_fields", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {field} x WHERE x.strategy_id = t.id)",
             _("No field of action is chosen yet."), "strategies:fields"),
        Rule("field_without_guiding_sentence", FIELD, "t.guiding_sentence = ''",
             _("Field of action “%(title)s” has no guiding sentence."), "strategies:field_edit"),
        Rule("field_without_situation", FIELD, "TRIM(t.starting_situation) = ''",
             _("Field of action “%(title)s” has no starting situation."),
             "strategies:field_edit"),
    )),
    # Fields are chosen in phase 3, so their maturity is assessed here, not in the inventory.
    Criterion("field_maturity", Phase.FIELDS,
              _("The maturity of every chosen field of action is assessed."), (
        Rule("field_without_maturity", FIELD,
             "EXISTS (SELECT 1 FROM {maturity_question} q WHERE q.active"
             " AND q.field_id = t.catalogue_entry_id)"
             " AND NOT EXISTS (SELECT 1 FROM {maturity_answer} a"
             " JOIN {maturity_question} q ON q.id = a.question_id"
             " WHERE a.strategy_id = t.strategy_id AND q.field_id = t.catalogue_entry_id)",
             _("The maturity of field of action “%(title)s” has not been assessed yet."),
             "inventory:maturity", STRATEGY_PAGE),
    ), needs=("no_fields",)),
    Criterion("field_responsibles", Phase.FIELDS,
              _("Every field of action has a responsible person."), (
        Rule("field_without_responsible", FIELD, "t.responsible_id IS NULL",
             _("Field of action “%(title)s” has no responsible person."),
             "strategies:field_edit"),
    ), needs=("no_fields",)),
    Criterion("goals", Phase.GOALS, _("Every field of action has goals."), (
        Rule("no_goals", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {goal} x WHERE x.strategy_id = t.id)",
             _("The strategy has no goals yet."), "strategies:goals"),
        Rule("field_without_goal", FIELD,
             "NOT EXISTS (SELECT 1 FROM {goal_fields} x WHERE x.fieldofaction_id = t.id)",
             _("Field of action “%(title)s” has no goals."), "strategies:field"),
    )),
    Criterion("indicators", Phase.GOALS,
              _("Every goal has an indicator with a baseline and a target."), (
        Rule("goal_without_indicator", GOAL,
             "NOT EXISTS (SELECT 1 FROM {indicator} x WHERE x.goal_id = t.id)",
             _("Goal “%(title)s” has no indicator."), "strategies:goal_edit"),
        Rule("indicator_without_baseline", INDICATOR,
             "t.baseline_value IS NULL OR t.baseline_date IS NULL",
             _("Indicator “%(name)s” has no baseline value or baseline date."),
             "strategies:goal_edit"),
        Rule("indicator_without_target", INDICATOR,
             "t.target_value IS NULL OR t.target_date IS NULL",
             _("Indicator “%(name)s” has no target value or target date."),
             "strategies:goal_edit"),
    ), needs=("no_goals",)),
    Criterion("measures", Phase.MEASURES, _(
        "Measures are worked out, each profile with a goal, a lead and costs or financing."), (
        Rule("no_measures", STRATEGY,
             "NOT EXISTS (SELECT 1 FROM {measure} x WHERE x.strategy_id = t.id)",
             _("The strategy has no measures yet."), "strategies:measures"),
        Rule("measure_without_goal", MEASURE,
             "NOT EXISTS (SELECT 1 FROM {measure_goals} x WHERE x.measure_id = t.id)",
             _("Measure “%(title)s” serves no goal."), "strategies:measure_edit"),
        Rule("measure_without_lead", MEASURE, "t.lead_unit = '' AND t.responsible_id IS NULL",
             _("Measure “%(title)s” has no lead."), "strategies:measure_edit"),
        Rule("measure_without_money", MEASURE,
             "t.financing = '' AND t.cost_one_off IS NULL AND t.cost_running IS NULL",
             _("Measure “%(title)s” has no costs or financing."), "strategies:measure_edit"),
    )),
    Criterion("priorities", Phase.ROADMAP,
              _("Every measure has a priority and a period on the roadmap."), (
        Rule("measure_without_priority", MEASURE, "t.priority = ''",
             _("Measure “%(title)s” has no priority."), "strategies:measure_edit"),
        Rule("measure_without_period", MEASURE, 't.start IS NULL OR t."end" IS NULL',
             _("Measure “%(title)s” has no period."), "strategies:measure_edit"),
    ), needs=("no_measures",)),
    Criterion("adopted", Phase.ADOPTION, _("The council's decision is recorded."), (
        Rule("not_adopted", STRATEGY,
             f"NOT EXISTS (SELECT 1 FROM {{revision}} x WHERE x.strategy_id = t.id"
             f" AND x.state = '{ADOPTED}')",
             _("No adopted version is recorded yet."), "revisions:adopt"),
    )),
    Criterion("published", Phase.ADOPTION, _("The strategy is published."), (
        Rule("not_published", STRATEGY, "NOT t.public_page",
             _("The strategy has no public transparency page yet."), "strategies:edit"),
    )),
    Criterion("status_current", Phase.IMPLEMENTATION,
              _("Every measure in implementation has a recent status update."), (
        Rule("measure_status_stale", MEASURE,
             f"(t.status = '{RUNNING}' OR (t.status = '{PLANNED}' AND t.start <= %(today)s))"
             " AND COALESCE(t.status_updated_at, t.created_at) < %(stale_before)s",
             _("Measure “%(title)s” has had no status update for too long."),
             "strategies:measure"),
    ), needs=("not_adopted",)),
    Criterion("steps_on_time", Phase.IMPLEMENTATION, _("No step is overdue."), (
        Rule("step_overdue", STEP, "NOT t.done AND t.due_date < %(today)s",
             _("Step “%(step)s” of “%(measure)s” was due on %(date)s."), "strategies:measure"),
    ), needs=("not_adopted",)),
)  # fmt: skip


def rules() -> tuple[Rule, ...]:
    """Every rule, in the order of CRITERIA."""
    return tuple(rule for criterion in CRITERIA for rule in criterion.rules)


def judged_by(criterion: Criterion) -> tuple[Rule, ...]:
    """The rules that decide whether `criterion` is met: its own and those it needs."""
    by_key = {rule.key: rule for rule in rules()}
    return criterion.rules + tuple(by_key[key] for key in criterion.needs)


def criteria_of(phase: int) -> tuple[Criterion, ...]:
    return tuple(criterion for criterion in CRITERIA if criterion.phase == phase)


def _phase_of_rule() -> dict[str, Phase]:
    return {rule.key: criterion.phase for criterion in CRITERIA for rule in criterion.rules}


def use_tables() -> None:
    """The tables of process's own rules that strategies does not know (called when ready);
    inventory and revisions add theirs ({project}, {revision}, …) in their own ready()."""
    add_tables(membership=Membership, principle=GuidingPrinciple)


@dataclass(frozen=True)
class Gap:
    phase: int
    message: str
    url: str
    rule: str  # the key of the rule


def find_gaps(
    strategy: Strategy,
    slug: str,
    of: Iterable[Rule] | None = None,
    limit: int | None = None,
) -> list[Gap]:
    """The strategy's gaps of the rules `of` (all of them by default), in the order of the
    rules' subjects; a thing's gaps together. `limit`: at most so many things per subject."""
    gaps: list[Gap] = []
    phase_of = _phase_of_rule()
    for subject, held_rules in _by_subject(tuple(rules() if of is None else of)):
        messages = {rule.key: str(rule.message) for rule in held_rules}  # translated once
        for row, held in _rows(strategy, subject, held_rules, limit):
            params, urls = subject.params(row), {}  # a thing's gaps mostly share one page
            for rule in held:
                name, kwargs = subject.link(row, rule.fix)
                if name not in urls:
                    kwargs = {
                        THING: {"slug": slug, "strategy": strategy.pk, **kwargs},
                        STRATEGY_PAGE: {"slug": slug, "strategy": strategy.pk},
                        MUNICIPALITY_PAGE: {"slug": slug},
                    }[rule.scope]
                    urls[name] = reverse(name, kwargs=kwargs)
                gap = Gap(phase_of[rule.key], messages[rule.key] % params, urls[name], rule.key)
                gaps.append(gap)
    return gaps


def _by_subject(rules: tuple[Rule, ...]) -> list[tuple[Subject, list[Rule]]]:
    grouped: dict[Subject, list[Rule]] = {}
    for rule in rules:
        grouped.setdefault(rule.subject, []).append(rule)
    return list(grouped.items())


def _rows(
    strategy: Strategy, subject: Subject, rules: list[Rule], limit: int | None = None
) -> Iterator[tuple[Row, list[Rule]]]:
    """The subject's rows with a gap, in the model's order, each with the rules it breaks."""
    conditions = [rule.when.format(**TABLES) for rule in rules]
    names = ["id", *subject.columns]
    sql = (
        "SELECT "
        + ", ".join(["t.id", *subject.columns.values()])
        + ", "
        + ", ".join(f"CASE WHEN {c} THEN 1 ELSE 0 END" for c in conditions)
        + f" {rows_of(subject.model)} AND ({' OR '.join(f'({c})' for c in conditions)})"
        + f" ORDER BY {_order_by(subject.model)}"
        + (f" LIMIT {int(limit)}" if limit else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters(strategy))
        found = cursor.fetchall()
    for values in found:
        row = dict(zip(names, values[: len(names)], strict=True))
        flags = values[len(names) :]
        yield row, [rule for rule, flag in zip(rules, flags, strict=True) if flag]


def _order_by(model: type[models.Model]) -> str:
    """The model's own order (Meta.ordering of plain field names, "-" for descending) as SQL
    about `t`."""
    meta = model._meta
    terms = []
    for name in meta.ordering:
        descending = name.startswith("-")
        name = name.removeprefix("-")
        column = (meta.pk if name == "pk" else meta.get_field(name)).column
        terms.append(f"t.{connection.ops.quote_name(column)}{' DESC' if descending else ''}")
    return ", ".join(terms) or "t.id"


def gaps_by_phase(gaps: list[Gap]) -> list[tuple[PhaseInfo, list[Gap]]]:
    grouped: dict[int, list[Gap]] = {}
    for gap in gaps:
        grouped.setdefault(int(gap.phase), []).append(gap)
    return [(PHASE_BY_NUMBER[number], grouped[number]) for number in sorted(grouped)]


# Counting: every rule is a figure of strategies.figures; "gaps" adds them up.


def _figures() -> tuple[Figure, ...]:
    return tuple(Figure(f"gap_{rule.key}", rule.subject.model, rule.when) for rule in rules())


def _derive(strategy: Strategy, counts: dict[str, int]) -> dict[str, int]:
    return {"gaps": sum(counts[f"gap_{rule.key}"] for rule in rules())}


def count_gaps_in_figures() -> None:
    """Let strategy_figures count the gaps too (called once, when the app is ready)."""
    use_tables()
    add_figures(_figures, _derive)


def count_gaps(strategy: Strategy) -> int:
    """len(find_gaps(strategy, …)) in the one query of the strategy's figures."""
    return strategy_figures(strategy)["gaps"]


def gap_counts(figures: dict[str, int]) -> dict[str, int]:
    """{rule key: number of gaps} from the strategy's figures."""
    return {rule.key: figures[f"gap_{rule.key}"] for rule in rules()}
