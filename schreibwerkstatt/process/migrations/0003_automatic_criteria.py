"""The default checklist items that became automatic criteria (process/check.py CRITERIA:
the data now shows them) leave the checklists where nobody ever touched them: open, never
edited or ticked (version 1), without a person or a date. Items somebody worked on stay.
The mandate item gets its key, so the guided start can tick it."""

from django.db import migrations

# The default items of 0001's time whose work the data now shows.
NOW_AUTOMATIC = (
    "Kernteam benennen und Rollen klären",
    "Bestehende Digitalprojekte erfassen (geplant, laufend, abgeschlossen)",
    "Stakeholder-Matrix erstellen",
    "Selbsteinschätzung des digitalen Reifegrads je Handlungsfeld durchführen",
    "SWOT-Analyse erarbeiten",
    "Zielbild in wenigen Sätzen formulieren",
    "Leitlinien festlegen",
    "Handlungsfelder aus dem Katalog auswählen oder eigene festlegen",
    "Für jedes Handlungsfeld einen Leitsatz formulieren",
    "Ausgangslage je Handlungsfeld beschreiben",
    "Verantwortliche Person je Handlungsfeld benennen",
    "Ziele je Handlungsfeld formulieren",
    "Mindestens einen messbaren Indikator je Ziel festlegen",
    "Ausgangswerte erheben",
    "Zielwerte und Zieltermine vereinbaren",
    "Maßnahmensteckbriefe ausfüllen",
    "Federführung je Maßnahme klären",
    "Kosten und Finanzierung abschätzen",
    "Maßnahmen priorisieren (hoch, mittel, niedrig)",
    "Roadmap mit Meilensteinen erstellen",
    "Beschluss in der Gemeindevertretung herbeiführen",
    "Strategie veröffentlichen",
    "Umsetzungsstand regelmäßig aktualisieren",
)
MANDATE_ITEM = "Auftrag einholen (Beschluss der Gemeindevertretung oder der Verwaltungsleitung)"


def forwards(apps, schema_editor):
    ChecklistItem = apps.get_model("process", "ChecklistItem")
    ChecklistItem.objects.filter(
        title__in=NOW_AUTOMATIC,
        done=False,
        version=1,
        assignee__isnull=True,
        due_date__isnull=True,
    ).delete()
    ChecklistItem.objects.filter(phase=0, title=MANDATE_ITEM).update(key="mandate")


def backwards(apps, schema_editor):
    ChecklistItem = apps.get_model("process", "ChecklistItem")
    ChecklistItem.objects.filter(key="mandate").update(key="")


class Migration(migrations.Migration):
    dependencies = [("process", "0002_checklist_reference")]

    operations = [migrations.RunPython(forwards, backwards)]
