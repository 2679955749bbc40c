"""The shipped handbook (guides/handbook/): one guide per phase and the entry questions.

Idempotent (guides by slug, questions by their text); later changes of the files reach an
existing database through `schreibwerkstatt load-handbook --update`."""

from django.db import migrations


def load(apps, schema_editor) -> None:
    from schreibwerkstatt.guides.handbook import load_handbook

    load_handbook(apps)


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
