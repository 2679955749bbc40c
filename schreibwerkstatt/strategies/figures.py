"""The strategy's figures: every number its overview shows, counted in one SQL statement.

Hand-written SQL because building the equivalent ORM aggregates cost ~10 ms of Python per
overview request, ten times the SQL. Each number is a `Figure`: how many rows of one model
in the strategy meet a condition. Counts about measures share one pass over the strategy's
measures; every other figure is a subquery. The parameters are named: %(strategy)s and
%(today)s.

Apps above strategies add numbers of their own with `add_figures` (process: the gaps of the
Strategie-Check), so the overview gets them in the same statement without importing them.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.db import connection, models
from django.utils import timezone

from .models import FieldOfAction, Goal, Indicator, Measure, ProgrammePhase, Step, Strategy
from .models import StrategyPartner as Partner

# The tables a condition may name as {field}, {goal_fields} and so on. Apps above strategies
# add the tables of their own models with add_tables (e.g. inventory: {project}).
TABLES = {
    "strategy": Strategy._meta.db_table,
    "field": FieldOfAction._meta.db_table,
    "goal": Goal._meta.db_table,
    "goal_fields": Goal.fields.through._meta.db_table,
    "indicator": Indicator._meta.db_table,
    "measure": Measure._meta.db_table,
    "measure_fields": Measure.fields.through._meta.db_table,
    "measure_goals": Measure.goals.through._meta.db_table,
    "step": Step._meta.db_table,
}


def add_tables(**tables: type[models.Model]) -> None:
    """Let conditions name these models' tables ({name}); called when the owning app is ready."""
    for name, model in tables.items():
        if TABLES.get(name, model._meta.db_table) != model._meta.db_table:
            raise ValueError(f"table name {name!r} is taken")
        TABLES[name] = model._meta.db_table


def rows_of(model: type[models.Model]) -> str:
    """FROM and WHERE selecting the strategy's rows of `model` as `t` (a step's measure as
    `m`; for Strategy, the strategy itself)."""
    table = model._meta.db_table
    if model is Strategy:
        return f"FROM {table} t WHERE t.id = %(strategy)s"
    if model is Step:
        return (
            f"FROM {table} t JOIN {TABLES['measure']} m ON m.id = t.measure_id"
            " WHERE m.strategy_id = %(strategy)s"
        )
    return f"FROM {table} t WHERE t.strategy_id = %(strategy)s"


@dataclass(frozen=True)
class Figure:
    """How many of the strategy's rows of `model` meet `condition` (all of them if empty).

    The condition is SQL about the row `t`; it may name tables as {goal_fields} (TABLES) and
    use %(today)s. Table names and values come from the code, never from a request.
    """

    key: str
    model: type[models.Model]
    condition: str = ""

    def sql(self) -> str:
        condition = self.condition.format(**TABLES)
        if self.model is Measure:  # part of the one pass over the measures
            return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)" if condition else "COUNT(t.id)"
        where = f" AND ({condition})" if condition else ""
        return f"(SELECT COUNT(*) {rows_of(self.model)}{where})"


FIGURES = (
    Figure("fields", FieldOfAction),
    Figure("goals", Goal),
    Figure("partners", Partner, f"t.status = '{Partner.Status.ACCEPTED.value}'"),  # no invitations
    Figure("programme_phases", ProgrammePhase),
    Figure("measures_total", Measure),
    Figure("measures_flagships", Measure, "t.is_flagship"),
    Figure(
        "measures_without_field",
        Measure,
        "NOT EXISTS (SELECT 1 FROM {measure_fields} x WHERE x.measure_id = t.id)",
    ),
    *(
        Figure(f"measures_status_{value}", Measure, f"t.status = '{value}'")
        for value in Measure.Status.values
    ),
)

FigureSource = Callable[[], tuple[Figure, ...]]
Derive = Callable[[Strategy, dict[str, int]], dict[str, int]]
_added: list[tuple[FigureSource, Derive]] = []


def add_figures(figures: FigureSource, derive: Derive) -> None:
    """Count `figures()` in strategy_figures too; `derive(strategy, counts)` then gives the
    numbers made of them (e.g. {"gaps": ...}). Called when the adding app is ready."""
    if (figures, derive) not in _added:
        _added.append((figures, derive))


def parameters(strategy: Strategy) -> dict[str, object]:
    """The named parameters of the figures' and the check's statements: %(strategy)s,
    %(today)s and %(stale_before)s (a measure's last status update before this moment is
    too old: the start of the day `stale_after_days` ago, as monitoring counts it)."""
    today = timezone.localdate()
    stale_before = datetime.combine(today - timedelta(days=strategy.stale_after_days), time.min)
    return {
        "strategy": strategy.pk,
        "today": today,
        "stale_before": timezone.make_aware(stale_before),
    }


@functools.cache
def _sql(figures: tuple[Figure, ...]) -> str:
    columns = ",\n  ".join(figure.sql() for figure in figures)
    return f"SELECT\n  {columns}\n{rows_of(Measure)}"


def count(strategy: Strategy, figures: Iterable[Figure]) -> dict[str, int]:
    """{key: number} of `figures` for the strategy, in one statement."""
    figures = tuple(figures)
    with connection.cursor() as cursor:
        cursor.execute(_sql(figures), parameters(strategy))
        row = cursor.fetchone()
    return {figure.key: int(value or 0) for figure, value in zip(figures, row, strict=True)}


def strategy_figures(strategy: Strategy) -> dict[str, int]:
    """The overview's numbers (FIGURES) and those other apps add (the check's "gaps"), in
    one query."""
    added = tuple(figure for figures, _derive in _added for figure in figures())
    counts = count(strategy, FIGURES + added)
    for _figures, derive in _added:
        counts.update(derive(strategy, counts))
    return counts


def _bulk_sql(figures: tuple[Figure, ...], size: int) -> str:
    """The statement of `count` for `size` strategies at once: the strategies and their
    %(stale_before)s are the rows of `p` (a VALUES list), every figure refers to `p.strategy`
    instead of the one %(strategy)s, and the pass over the measures is grouped by strategy."""
    columns = []
    for figure in figures:
        sql = figure.sql()
        if figure.model is Measure:  # no measure at all: the LEFT JOIN's row of NULLs
            condition = figure.condition.format(**TABLES)
            sql = (
                f"SUM(CASE WHEN t.id IS NOT NULL AND ({condition}) THEN 1 ELSE 0 END)"
                if condition
                else "COUNT(t.id)"
            )
        columns.append(
            sql.replace("%(strategy)s", "p.strategy").replace("%(stale_before)s", "p.stale_before")
        )
    rows = ", ".join(f"(%(strategy_{i})s, %(stale_before_{i})s)" for i in range(size))
    return (
        f"WITH p(strategy, stale_before) AS (VALUES {rows})\n"
        f"SELECT p.strategy,\n  " + ",\n  ".join(columns) + "\n"
        f"FROM p LEFT JOIN {TABLES['measure']} t ON t.strategy_id = p.strategy\n"
        "GROUP BY p.strategy, p.stale_before"
    )


# Strategies counted per statement: SQLite allows 32766 parameters, PostgreSQL 65535.
BULK_CHUNK = 500


def count_many(
    strategies: Iterable[Strategy], figures: Iterable[Figure]
) -> dict[int, dict[str, int]]:
    """{strategy pk: {key: number}} of `figures` for many strategies in one statement (one
    per BULK_CHUNK strategies): the numbers `count` gives for each of them."""
    figures = tuple(figures)
    strategies = list({strategy.pk: strategy for strategy in strategies}.values())
    result: dict[int, dict[str, int]] = {}
    for start in range(0, len(strategies), BULK_CHUNK):
        chunk = strategies[start : start + BULK_CHUNK]
        params: dict[str, object] = {}
        for index, strategy in enumerate(chunk):
            own = parameters(strategy)
            params["today"] = own["today"]
            params[f"strategy_{index}"] = own["strategy"]
            params[f"stale_before_{index}"] = own["stale_before"]
        with connection.cursor() as cursor:
            cursor.execute(_bulk_sql(figures, len(chunk)), params)
            for pk, *values in cursor.fetchall():
                result[int(pk)] = {
                    figure.key: int(value or 0)
                    for figure, value in zip(figures, values, strict=True)
                }
    return result


def strategy_figures_of_many(strategies: Iterable[Strategy]) -> dict[int, dict[str, int]]:
    """{strategy pk: strategy_figures(strategy)} for many strategies in one query (pages
    that show many municipalities' progress side by side, e.g. the adviser's view of a
    workshop series)."""
    strategies = list(strategies)
    if not strategies:
        return {}
    added = tuple(figure for figures, _derive in _added for figure in figures())
    counts = count_many(strategies, FIGURES + added)
    for strategy in strategies:
        for _figures, derive in _added:
            counts[strategy.pk].update(derive(strategy, counts[strategy.pk]))
    return counts


class FieldRow(NamedTuple):
    pk: int
    title: str
    guiding_sentence: str
    goal_count: int
    measure_count: int


def field_rows(strategy: Strategy) -> list[FieldRow]:
    """The strategy's fields of action with their numbers of goals and measures, for the
    overview table. One hand-written statement for the reason given at the top."""
    # A link table holds each pair once, so COUNT(*) counts distinct goals and measures.
    sql = """
    SELECT f.id, f.title, f.guiding_sentence,
      (SELECT COUNT(*) FROM {goal_fields} x WHERE x.fieldofaction_id = f.id),
      (SELECT COUNT(*) FROM {measure_fields} y WHERE y.fieldofaction_id = f.id)
    FROM {field} f WHERE f.strategy_id = %(strategy)s ORDER BY f.position, f.id
    """.format(**TABLES)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"strategy": strategy.pk})
        return [FieldRow(*row) for row in cursor.fetchall()]
