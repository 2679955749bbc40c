"""The full-text part of the index, which differs by database (see search/engines.py).

PostgreSQL: a generated tsvector column in the German configuration (title weighted A, body
B) with a GIN index. SQLite: an FTS5 table over search_entry (external content, no copy of
the text), kept in step by triggers, with prefix indexes for the prefix queries. The SQL is
core/fulltext.py's, shared with the library's index.

Note for later migrations of search_entry on SQLite: Django rebuilds a table to alter it,
which drops its triggers; such a migration must create them again
(core.fulltext.sqlite_triggers("search_entry")).
"""

from django.db import migrations

from schreibwerkstatt.core.fulltext import run_per_vendor


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_per_vendor("search_entry"),
            run_per_vendor("search_entry", reverse=True),
            elidable=False,
        )
    ]
