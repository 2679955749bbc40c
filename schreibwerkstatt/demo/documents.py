"""The demo strategy's document: chapter texts, and revision 1 adopted by the council.

Musterstadt adopted its strategy in March 2026 and has been implementing it since; what
changed afterwards (roadmap dates, status updates) shows in the diff of revision 1
against the current draft. Idempotent: texts are only written into empty chapters, and
the revision only when the strategy has none.
"""

from datetime import date

from django.db import transaction

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.documents.services import ensure_chapters, save_chapter
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.revisions.services import adopt
from schreibwerkstatt.strategies.models import Strategy

TEXTS = {
    "vorwort": (
        "Liebe Musterstädterinnen und Musterstädter,\n\n"
        "Digitalisierung ist für uns kein Selbstzweck. Sie soll Wege ins Rathaus ersparen, "
        "Schulen gut ausstatten und unsere Ortsteile besser verbinden. Diese Strategie ist in "
        "einem Jahr gemeinsamer Arbeit entstanden: in Werkstätten mit der Verwaltung, mit "
        "Vereinen, Unternehmen und vielen von Ihnen.\n\n"
        "Ich danke allen, die mitgedacht und mitgeschrieben haben. Jetzt kommt es auf die "
        "Umsetzung an. Wir berichten jedes Jahr, was erreicht ist und was nicht.\n\n"
        "*Die Bürgermeisterin*"
    ),
    "zusammenfassung": (
        "Musterstadt an der Havel will bis 2030 eine Stadt sein, in der digitale Angebote das "
        "Leben einfacher machen und niemand zurückbleibt. Die Strategie ordnet die Vorhaben in "
        "acht **Handlungsfelder**, von der digitalen Verwaltung über Bildung und Mobilität bis "
        "zur digitalen Teilhabe.\n\n"
        "- 40 Maßnahmen mit Verantwortlichen, Zeitraum und Kosten\n"
        "- messbare Ziele mit Indikatoren, die jährlich fortgeschrieben werden\n"
        "- eine Roadmap in zwei Programmphasen bis Ende 2030"
    ),
    "anlass": (
        "Die Stadtverordnetenversammlung hat die Verwaltung 2025 beauftragt, eine "
        "Digitalstrategie zu erarbeiten. Anlass waren das Onlinezugangsgesetz, der "
        "Glasfaserausbau und der Wunsch vieler Bürgerinnen und Bürger nach digitalen "
        "Angeboten.\n\n"
        "Der Prozess folgte dem Strategiezyklus der Schreibwerkstatt: Bestandsaufnahme, "
        "Vision, Handlungsfelder, Ziele, Maßnahmen und Priorisierung. Beteiligt waren eine "
        "Lenkungsgruppe, fünf Werkstätten und eine Online-Umfrage mit 612 Antworten."
    ),
    "organisation": (
        "Die Koordination liegt bei der Stabsstelle Digitalisierung im Hauptamt. Eine "
        "Lenkungsgruppe aus Bürgermeisterin, Amtsleitungen und zwei Stadtverordneten tagt "
        "vierteljährlich und entscheidet über Prioritäten.\n\n"
        "Jede Maßnahme hat eine federführende Stelle. Für die Umsetzung stehen im Haushalt "
        "jährlich Mittel bereit; Fördermittel werden gezielt eingeworben."
    ),
    "monitoring": (
        "Der Stand jeder Maßnahme wird laufend gepflegt. Einmal im Jahr legt die Verwaltung "
        "der Stadtverordnetenversammlung einen Fortschrittsbericht vor. Nach drei Jahren wird "
        "die Strategie fortgeschrieben."
    ),
}

ADOPTED_ON = date(2026, 3, 12)
BODY = "Stadtverordnetenversammlung"
DOCUMENT_NUMBER = "2026/041"


@transaction.atomic
def load_demo_document(municipality: Municipality, title: str, by=None) -> None:
    strategy = Strategy.objects.filter(municipality=municipality, title=title).first()
    if strategy is None:
        return
    for chapter in ensure_chapters(strategy):
        if not chapter.text and chapter.key in TEXTS:
            save_chapter(
                chapter, expected_version=chapter.version, changes={"text": TEXTS[chapter.key]}
            )
    if Revision.objects.filter(strategy=strategy).exists():
        return
    status = strategy.status
    adopted = adopt(
        strategy,
        adopted_on=ADOPTED_ON,
        body=BODY,
        document_number=DOCUMENT_NUMBER,
        by=by,
        expected_version=strategy.version,
    )
    # Adopted in March, in implementation since: the strategy keeps its demo status.
    current = Strategy.objects.get(pk=adopted.strategy_id)
    save_versioned(current, expected_version=current.version, changes={"status": status})
