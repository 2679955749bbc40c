"""The shipped glossary (glossary/content/glossar.toml), loaded once; later shipments and
re-runs go through `load-glossary`. Without the file the migration adds nothing."""

from django.db import migrations


def load(apps, schema_editor):
    from schreibwerkstatt.glossary.services import SHIPPED, load_shipped

    load_shipped(SHIPPED, model=apps.get_model("glossary", "Term"))


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_terms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
