"""Every series that existed before the discussions gets its space (new ones get theirs from
the post_save receiver in apps.py)."""

from django.db import migrations


def make_spaces(apps, schema_editor) -> None:
    Series = apps.get_model("workshops", "Series")
    Space = apps.get_model("discussions", "Space")
    have = set(Space.objects.exclude(series=None).values_list("series_id", flat=True))
    Space.objects.bulk_create(
        Space(kind="series", series_id=pk)
        for pk in Series.objects.values_list("pk", flat=True)
        if pk not in have
    )


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0001_initial"),
        ("workshops", "0001_initial"),
    ]

    operations = [migrations.RunPython(make_spaces, migrations.RunPython.noop)]
