"""Full-text search over the index, one implementation per database, one result shape.

- PostgreSQL: the generated `document` column (to_tsvector('german', …): German stemming,
  the title weighted above the body) with its GIN index; ranked by ts_rank, snippets by
  ts_headline (computed for the rows of the page only).
- SQLite: the FTS5 table `search_entry_fts` (unicode61 tokenizer, prefix indexes); ranked by
  bm25 (title weighted above the body), snippets by snippet()/highlight().

The SQL text is built from table names and placeholders only (hence the noqa: S608 below);
the person's words never reach it: they are reduced to words (letters and digits)
and passed as one parameter, as a query of the engine's own syntax built from those words
only. Each word must occur (AND) as the beginning of a word of the text; on SQLite, which has
no German stemmer, common German endings are cut off first, so "Maßnahmen" finds "Maßnahme".

Both engines answer with one query: the page of hits and the total count (a window count).
"""

from dataclasses import dataclass

from django.db import connection

from schreibwerkstatt.core.fulltext import stem

from .models import Audience, Entry

# Hits are marked with two private-use characters, which the index never holds (sources.py);
# the view escapes the snippet and turns these into <mark>.
MARK_START, MARK_END = "\ue000", "\ue001"


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str  # plain text with MARK_START/MARK_END around the hits
    snippet: str  # idem
    path: str
    strategy_id: int | None
    strategy_title: str
    owner_id: int | None  # the municipality owning the strategy


@dataclass(frozen=True)
class Scope:
    """What a person may find: help content for everybody (and the members-only help content
    when `members_only`), the content of strategies of the municipalities in
    `municipality_ids` (owned or joined as an accepted partner)."""

    members_only: bool
    municipality_ids: frozenset[int]


def _visibility(scope: Scope) -> tuple[str, list]:
    """The WHERE part that keeps to what the person may find, with its parameters."""
    from schreibwerkstatt.strategies.models import Strategy, StrategyPartner

    audiences = [Audience.PUBLIC, Audience.MEMBERS] if scope.members_only else [Audience.PUBLIC]
    sql = "(e.audience IN ({}))".format(", ".join(["%s"] * len(audiences)))
    params: list = list(audiences)
    ids = sorted(scope.municipality_ids)
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        strategies = Strategy._meta.db_table
        partners = StrategyPartner._meta.db_table
        sql = (
            f"({sql} OR (e.audience = %s AND (e.strategy_id IN "  # noqa: S608
            f"(SELECT id FROM {strategies} WHERE municipality_id IN ({marks})) "
            f"OR e.strategy_id IN (SELECT strategy_id FROM {partners} "
            f"WHERE status = %s AND municipality_id IN ({marks})))))"
        )
        params += [Audience.STRATEGY, *ids, StrategyPartner.Status.ACCEPTED, *ids]
    return sql, params


def search(
    query_words: list[str], scope: Scope, *, limit: int, offset: int
) -> tuple[list[Hit], int]:
    """(the hits of one page, best first, and the number of all hits)."""
    if not query_words:
        return [], 0
    if connection.vendor == "postgresql":
        sql, params = _postgresql(query_words, scope, limit, offset)
    else:
        sql, params = _sqlite(query_words, scope, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits = [
        Hit(
            kind=kind,
            object_id=object_id,
            title=title,
            snippet=snippet or "",
            path=path,
            strategy_id=strategy_id,
            strategy_title=strategy_title or "",
            owner_id=owner_id,
        )
        for kind, object_id, title, snippet, path, strategy_id, strategy_title, owner_id, _total in rows
    ]
    return hits, (rows[0][-1] if rows else 0)


def _joined(inner: str) -> str:
    from schreibwerkstatt.strategies.models import Strategy

    return inner.format(
        entry=Entry._meta.db_table,
        strategies=Strategy._meta.db_table,
    )


def _sqlite(query_words: list[str], scope: Scope, limit: int, offset: int) -> tuple[str, list]:
    # Each word a quoted FTS5 string (operators such as NEAR, AND or * inside are plain text),
    # as a prefix: "maßnahm"*. The words hold letters and digits only, so no quote to escape.
    match = " ".join(f'"{stem(word)}"*' for word in query_words)
    visibility, visibility_params = _visibility(scope)
    # Ranked and counted over all hits first (auxiliary functions such as bm25 cannot share a
    # SELECT with a window function); highlight and snippet for the rows of the page only.
    sql = _joined(
        "WITH page AS (SELECT id, score, COUNT(*) OVER () AS total FROM ("  # noqa: S608
        "SELECT e.id AS id, bm25(search_entry_fts, 4.0, 1.0) AS score "
        "FROM search_entry_fts JOIN {entry} e ON e.id = search_entry_fts.rowid "
        f"WHERE search_entry_fts MATCH %s AND {visibility}) "
        "ORDER BY score, id LIMIT %s OFFSET %s) "
        "SELECT e.kind, e.object_id, "
        "highlight(search_entry_fts, 0, %s, %s), "
        "snippet(search_entry_fts, 1, %s, %s, '…', 24), "
        "e.path, e.strategy_id, s.title, s.municipality_id, page.total "
        "FROM page CROSS JOIN search_entry_fts ON search_entry_fts.rowid = page.id "
        "JOIN {entry} e ON e.id = page.id LEFT JOIN {strategies} s ON s.id = e.strategy_id "
        "WHERE search_entry_fts MATCH %s ORDER BY page.score, page.id"
    )
    return sql, [
        match,
        *visibility_params,
        limit,
        offset,
        MARK_START,
        MARK_END,
        MARK_START,
        MARK_END,
        match,
    ]


def _postgresql(query_words: list[str], scope: Scope, limit: int, offset: int) -> tuple[str, list]:
    # to_tsquery of words joined by &, each a prefix (:*); to_tsquery stems each with the
    # German dictionary and drops stop words. The words hold letters and digits only.
    tsquery = " & ".join(f"{word.lower()}:*" for word in query_words)
    visibility, visibility_params = _visibility(scope)
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2"
    sql = _joined(
        "WITH q AS (SELECT to_tsquery('german', %s) AS query), "  # noqa: S608
        "page AS (SELECT e.id, e.kind, e.object_id, e.title, e.body, e.path, e.strategy_id, "
        "ts_rank(e.document, q.query) AS rank, COUNT(*) OVER () AS total "
        "FROM {entry} e, q "
        f"WHERE e.document @@ q.query AND {visibility} "
        "ORDER BY rank DESC, e.id LIMIT %s OFFSET %s) "
        "SELECT page.kind, page.object_id, "
        "ts_headline('german', page.title, q.query, %s), "
        "ts_headline('german', page.body, q.query, %s), "
        "page.path, page.strategy_id, s.title, s.municipality_id, page.total "
        "FROM page CROSS JOIN q LEFT JOIN {strategies} s ON s.id = page.strategy_id "
        "ORDER BY page.rank DESC, page.id"
    )
    title_options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
    params = [tsquery, *visibility_params, limit, offset, title_options, options]
    return sql, params
