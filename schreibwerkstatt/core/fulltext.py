"""Full text on both databases, shared by the apps that keep a text index of their own (search,
library): the words of a query, the German endings cut off where the database has no German
stemmer (SQLite), and the SQL that adds the full-text part to an index table with a `title`
and a `body` column.

- PostgreSQL: a generated tsvector column `document` in the German configuration (title
  weighted A, body B) with a GIN index.
- SQLite: an FTS5 table `<table>_fts` over the table (external content, no copy of the text),
  kept in step by triggers, with prefix indexes for the prefix queries. Django rebuilds a
  table to alter it, which drops its triggers: a later migration of such a table must create
  them again (`sqlite_triggers`).
"""

import re

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
# German endings cut off on SQLite, longest first; the rest of the word stays at least
# MIN_STEM letters long.
_ENDINGS = ("ungen", "ern", "en", "er", "es", "em", "e", "n", "s")
MIN_STEM = 4
_WORD = re.compile(r"[^\W_]+")


def words(query: str) -> list[str]:
    """The words of a query: letters and digits only, at most MAX_WORDS, each cut to
    MAX_WORD_LENGTH."""
    found = [word[:MAX_WORD_LENGTH] for word in _WORD.findall(query)]
    return found[:MAX_WORDS]


def stem(word: str) -> str:
    lower = word.lower()
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= MIN_STEM:
            return lower[: -len(ending)]
    return lower


def postgresql(table: str) -> tuple[list[str], list[str]]:
    """(statements, reverse statements) of the generated tsvector column and its index."""
    return [
        f"""ALTER TABLE {table} ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('german'::regconfig, coalesce(body, '')), 'B')
    ) STORED""",
        f"CREATE INDEX {table}_document ON {table} USING GIN (document)",
    ], [
        f"DROP INDEX IF EXISTS {table}_document",
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS document",
    ]


def sqlite_triggers(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"""CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
        INSERT INTO {fts} (rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",  # noqa: S608
        f"""CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
        INSERT INTO {fts} ({fts}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",  # noqa: S608
        f"""CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN
        INSERT INTO {fts} ({fts}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {fts} (rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",  # noqa: S608
    ]


def sqlite(table: str) -> tuple[list[str], list[str]]:
    """(statements, reverse statements) of the FTS5 table and its triggers."""
    fts = f"{table}_fts"
    return [
        f"""CREATE VIRTUAL TABLE {fts} USING fts5(
        title, body, content='{table}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3 4'
    )""",
        *sqlite_triggers(table),
        f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",  # noqa: S608
    ], [
        f"DROP TRIGGER IF EXISTS {fts}_insert",
        f"DROP TRIGGER IF EXISTS {fts}_delete",
        f"DROP TRIGGER IF EXISTS {fts}_update",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def run_per_vendor(table: str, *, reverse: bool = False):
    """A RunPython function that adds (or, `reverse`, drops) the full-text part of `table`."""
    index = 1 if reverse else 0
    statements = {"postgresql": postgresql(table)[index], "sqlite": sqlite(table)[index]}

    def run(apps, schema_editor) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
