"""The full-text part of library_item, which differs by database (core/fulltext.py; the
queries are library/engines.py): on PostgreSQL a generated German tsvector column with a GIN
index, on SQLite an FTS5 table kept in step by triggers. A later migration of library_item
on SQLite must create the triggers again (core.fulltext.sqlite_triggers)."""

from django.db import migrations

from schreibwerkstatt.core.fulltext import run_per_vendor


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_per_vendor("library_item"),
            run_per_vendor("library_item", reverse=True),
            elidable=False,
        ),
    ]
