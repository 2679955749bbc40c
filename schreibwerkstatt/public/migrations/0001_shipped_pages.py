"""The visitors' start page and the page in Leichte Sprache, from public/content/*.md (the
legal pages ship in core's migration 0002). Operators edit them under /plattform/seiten/."""

from django.db import migrations


def load(apps, schema_editor):
    from schreibwerkstatt.public.services import load_shipped_pages

    load_shipped_pages(model=apps.get_model("core", "SitePage"))


class Migration(migrations.Migration):
    dependencies = [("core", "0003_site_pages_versioned_with_history")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
