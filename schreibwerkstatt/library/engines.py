"""Finding library measures: full text (PostgreSQL's German configuration with its stemmer,
SQLite FTS5 with German endings cut off, as in search/engines.py), filters, the live rule.

With words, one query driven by the full-text index: the hits, filtered, ranked, paged and
counted (a window count), so its cost follows the hits, not the size of the library. Without
words, the same filters over the rows by their "Stand", newest first. Every query joins the
measure, its strategy and its share again and applies the library's rule (models.in_library)
to the live rows: a row that lags behind a change never shows a measure that left.

The SQL is built from table names and placeholders only (hence the noqa: S608); the
person's words are reduced to letters and digits and passed as parameters.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from schreibwerkstatt.core.fulltext import stem, words
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.transparency.services import HIDDEN_MEASURE_STATUSES, PUBLISHED_STATUSES

from .models import Item, Share, in_library

# Words too common to tell measures apart, left out of the suggestions' OR query.
SUGGESTION_STOP_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "oder",
        "für",
        "fur",
        "mit",
        "von",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "zu",
        "zur",
        "zum",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "bei",
        "aus",
        "als",
        "wie",
        "neue",
        "neuer",
        "neues",
    ]
)


@dataclass(frozen=True)
class Filters:
    """The filters of the library page (forms.LibraryForm), each empty for "all"."""

    catalogue_id: int | None = None
    field_title: str = ""  # the catalogue entry's title: fields named like it count too
    kind: str = ""
    size: str = ""
    status: str = ""
    cost: str = ""
    tag: str = ""
    exclude_strategy: int | None = None  # the suggestions leave out the writer's own strategy

    def q(self) -> Q:
        """As an ORM filter on Item."""
        q = Q()
        if self.catalogue_id:
            by_title = Q(field_titles__iregex=rf"(^|\n){re.escape(self.field_title)}(\n|$)")
            q &= Q(catalogue_ids__contains=f"|{self.catalogue_id}|") | by_title
        for column, value in (("municipality_kind", self.kind), ("size_class", self.size),
                              ("status", self.status), ("cost_band", self.cost)):  # fmt: skip
            if value:
                q &= Q(**{column: value})
        if self.tag:
            q &= Q(tags__contains=f"|{self.tag.lower()}|")
        if self.exclude_strategy:
            q &= ~Q(strategy_id=self.exclude_strategy)
        return q


def visible_items():
    """Item rows whose measure is in the library now (the live rule, through joins)."""
    live = Q(measure__library_share__isnull=False) | (
        Q(strategy__public_page=True, strategy__status__in=PUBLISHED_STATUSES)
        & ~Q(measure__status__in=HIDDEN_MEASURE_STATUSES)
    )
    return Item.objects.filter(live)


@dataclass
class Found:
    items: list[Item] = field(default_factory=list)
    total: int = 0
    more: bool = False  # browsing: more than BROWSE_COUNT_LIMIT, `total` is not exact


# Browsing without words counts at most this many rows (the page says "more than …"): an
# exact count of a large library costs a pass over all of it on every page.
BROWSE_COUNT_LIMIT = 1000


def browse(filters: Filters, *, limit: int, offset: int) -> Found:
    """Without words: newest "Stand" first (walking the index on it, so a page costs the same
    however large the library), and the number of rows up to BROWSE_COUNT_LIMIT + 1."""
    rows = visible_items().filter(filters.q())
    page = list(rows.order_by("-stand", "-id")[offset : offset + limit])
    total = rows.order_by()[: BROWSE_COUNT_LIMIT + 1].count() if page else 0
    return Found(page, total, more=total > BROWSE_COUNT_LIMIT)


def search(query_words: list[str], filters: Filters, *, limit: int, offset: int,
           any_word: bool = False) -> Found:  # fmt: skip
    """The hits of one page, best first, and their number. `any_word`: a hit needs one of
    the words (the suggestions); otherwise all of them (the search box)."""
    if not query_words:
        return Found()
    where, params = _filter_sql(filters)
    if connection.vendor == "postgresql":
        joiner = " | " if any_word else " & "
        match = joiner.join(f"{w.lower()}:*" for w in query_words)
        sql = (
            "SELECT i.id, COUNT(*) OVER () AS total FROM {item} i "
            "{joins} , to_tsquery('german', %s) q "
            "WHERE i.document @@ q AND {where} "
            "ORDER BY ts_rank(i.document, q) DESC, i.id LIMIT %s OFFSET %s"
        )
    else:
        joiner = " OR " if any_word else " "
        match = joiner.join(f'"{stem(w)}"*' for w in query_words)
        # The hits of the full-text index first (MATERIALIZED: otherwise SQLite may walk an
        # index of the filter columns and ask FTS5 once per row), then filtered and counted;
        # bm25 cannot share a SELECT with a window function.
        sql = (
            "WITH hits AS MATERIALIZED (SELECT rowid AS id, "
            "bm25(library_item_fts, 4.0, 1.0) AS score FROM library_item_fts "
            "WHERE library_item_fts MATCH %s) "
            "SELECT i.id, COUNT(*) OVER () AS total FROM hits "
            "JOIN {item} i ON i.id = hits.id {joins} WHERE {where} "
            "ORDER BY hits.score, i.id LIMIT %s OFFSET %s"
        )
    sql = sql.format(item=Item._meta.db_table, joins=_JOINS.format(**_tables()), where=where)
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit, offset])
        ranked = cursor.fetchall()
    if not ranked:
        return Found()
    by_id = Item.objects.in_bulk([pk for pk, _total in ranked])
    return Found([by_id[pk] for pk, _total in ranked if pk in by_id], ranked[0][1])


_JOINS = (
    "JOIN {measure} m ON m.id = i.measure_id JOIN {strategy} s ON s.id = i.strategy_id "
    "LEFT JOIN {share} sh ON sh.measure_id = i.measure_id"
)


def _tables() -> dict[str, str]:
    return {
        "measure": Measure._meta.db_table,
        "strategy": Strategy._meta.db_table,
        "share": Share._meta.db_table,
    }


def _filter_sql(filters: Filters) -> tuple[str, list]:
    """The live rule and the filters as SQL on the aliases of _JOINS, with parameters."""
    published = ", ".join(["%s"] * len(PUBLISHED_STATUSES))
    hidden = ", ".join(["%s"] * len(HIDDEN_MEASURE_STATUSES))
    parts = [
        f"(sh.id IS NOT NULL OR (s.public_page = %s AND s.status IN ({published}) "
        f"AND m.status NOT IN ({hidden})))"
    ]
    params: list = [True, *PUBLISHED_STATUSES, *HIDDEN_MEASURE_STATUSES]
    if filters.catalogue_id:
        # The catalogue entry, or a field of action named like it (one per line).
        parts.append("(i.catalogue_ids LIKE %s OR LOWER(%s || i.field_titles || %s) LIKE %s)")
        params += [f"%|{filters.catalogue_id}|%", "\n", "\n",
                   f"%\n{_like(filters.field_title.lower())}\n%"]  # fmt: skip
    for column, value in (("municipality_kind", filters.kind), ("size_class", filters.size),
                          ("status", filters.status), ("cost_band", filters.cost)):  # fmt: skip
        if value:
            parts.append(f"i.{column} = %s")
            params.append(value)
    if filters.tag:
        parts.append("i.tags LIKE %s")
        params.append(f"%|{_like(filters.tag.lower())}|%")
    if filters.exclude_strategy:
        parts.append("i.strategy_id <> %s")
        params.append(filters.exclude_strategy)
    return " AND ".join(parts), params


def _like(value: str) -> str:
    """No LIKE wildcards from the person (a tag or title with % or _ matches itself only
    approximately: the wildcards are dropped)."""
    return value.replace("%", "").replace("_", "")


__all__ = ["Filters", "Found", "browse", "in_library", "search", "words"]
