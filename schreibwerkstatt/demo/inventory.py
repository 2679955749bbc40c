"""The inventory (Bestandsaufnahme, phase 1) of the demo strategy, as Musterstadt took it in
2025 before writing: the digital projects that already existed, the stakeholder matrix, the
maturity self-check and the SWOT analysis.

The self-check answers every active question the strategy is asked (the general ones and
those of every chosen catalogue field), so the criterion of phase 1 is met whatever questions
the operators keep; the demo's own answers are for the default questions, any other gets a
cautious "first steps". Idempotent: projects, stakeholders and SWOT entries are only written
when the strategy has none; only unanswered questions are answered.
"""

from django.db import transaction
from django.db.models import Q

from schreibwerkstatt.inventory import services
from schreibwerkstatt.inventory.models import (
    ExistingProject,
    MaturityLevel,
    MaturityQuestion,
    Stakeholder,
    SwotEntry,
)
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import Strategy

from .strategies import TITLE

PLANNED, RUNNING, DONE = (
    ExistingProject.Status.PLANNED,
    ExistingProject.Status.RUNNING,
    ExistingProject.Status.DONE,
)

# (title, status, unit, link, note)
PROJECTS = (
    ("Ratsinformationssystem mit Online-Zugang für Stadtverordnete", RUNNING, "Hauptamt",
     "https://musterstadt.example/rathaus/ratsinfo",
     "Sitzungsunterlagen werden online bereitgestellt, zusätzlich aber noch gedruckt und "
     "verschickt."),
    ("Formulare zum Herunterladen auf der Website", RUNNING, "Pressestelle",
     "https://musterstadt.example/service/formulare",
     "Die meisten Anträge sind PDF-Formulare zum Ausdrucken; online absenden lassen sich nur "
     "wenige."),
    ("WLAN im Foyer des Rathauses", DONE, "Hauptamt, Sachgebiet IT", "",
     "Freier Zugang für Besucherinnen und Besucher während der Öffnungszeiten."),
    ("WLAN und erste Tablets für die Grundschulen", DONE, "Schulverwaltungsamt", "",
     "Aus dem DigitalPakt Schule finanziert; die Betreuung übernehmen bisher Lehrkräfte."),
    ("Elektronische Rechnungen in der Kämmerei", RUNNING, "Kämmerei", "",
     "Rechnungen kommen zunehmend elektronisch an, werden für die Freigabe aber noch "
     "ausgedruckt."),
    ("Geoinformationssystem des Bauamts", RUNNING, "Bauamt", "",
     "Bebauungspläne, Leitungen und Straßenbäume sind digital erfasst, aber nur intern "
     "nutzbar."),
    ("Markterkundung für den Glasfaserausbau in den Ortsteilen", PLANNED, "Bauamt", "",
     "Vorbereitung des geförderten Ausbaus gemeinsam mit dem Landkreis."),
    ("Smartphone-Sprechstunde des Seniorenbeirats", RUNNING, "Sozialamt", "",
     "Ehrenamtliche helfen einmal im Monat im Seniorentreff; Vorbild für die späteren "
     "Digitalpaten."),
)  # fmt: skip

# (name, group, influence 1–5, interest 1–5, involvement)
STAKEHOLDERS = (
    ("Bürgermeisterin", "Verwaltungsleitung", 5, 5,
     "Auftraggeberin der Strategie, leitet den Lenkungskreis."),
    ("Stadtverordnetenversammlung", "Politik", 5, 3,
     "Beschließt die Strategie und die Mittel im Haushalt; Bericht im Hauptausschuss."),
    ("Amtsleitungen", "Verwaltung", 4, 4,
     "Im Lenkungskreis vertreten, benennen die Federführung der Maßnahmen."),
    ("Personalrat", "Verwaltung", 4, 4,
     "Wird bei E-Akte, Arbeitsabläufen und Fortbildung früh beteiligt."),
    ("Beschäftigte der Verwaltung", "Verwaltung", 2, 4,
     "Umfrage zum Reifegrad, Werkstätten, Digitallotsen in jedem Fachbereich."),
    ("Schulleitungen der vier Schulen", "Bildung", 3, 5,
     "Stimmen die Ausstattung nach dem Medienentwicklungsplan mit dem Schulträger ab."),
    ("Stadtwerke Musterstadt", "Kommunale Unternehmen", 4, 3,
     "Partner beim Sensornetz und beim Energiemonitoring."),
    ("Landkreis und Verkehrsgesellschaft", "Verwaltung", 4, 2,
     "Zuständig für den Busverkehr; Vereinbarung zum Rufbus nötig."),
    ("Netzbetreiber für Glasfaser und Mobilfunk", "Wirtschaft", 4, 2,
     "Bauen aus; die Stadt koordiniert Baustellen und bietet Standorte an."),
    ("Gewerbeverein Altstadt", "Wirtschaft", 2, 4,
     "Mitwirkung am digitalen Schaufenster, Ansprechpartner für Händlerinnen und Händler."),
    ("Seniorenbeirat", "Bürgerschaft", 2, 5,
     "Bringt die Sicht älterer Menschen ein und vermittelt Digitalpaten."),
    ("Jugendbeirat", "Bürgerschaft", 1, 4,
     "Beteiligt an der Werkstatt zur Vision und an der neuen Website."),
    ("Freiwillige Feuerwehr", "Vereine", 2, 2,
     "Wird über Funknetz und Warnwege informiert."),
)  # fmt: skip

STRENGTHS, WEAKNESSES, OPPORTUNITIES, THREATS = (
    SwotEntry.Quadrant.STRENGTHS,
    SwotEntry.Quadrant.WEAKNESSES,
    SwotEntry.Quadrant.OPPORTUNITIES,
    SwotEntry.Quadrant.THREATS,
)
SWOT = (
    (STRENGTHS, "Die Stabsstelle Digitalisierung hat den Rückhalt der Bürgermeisterin."),
    (STRENGTHS, "Erste digitale Projekte in Rathaus und Schulen sind gelungen."),
    (STRENGTHS, "Vereine, Seniorenbeirat und Gewerbeverein wollen mitmachen."),
    (STRENGTHS, "Die Zusammenarbeit mit dem Amt Beispielsee und den Stadtwerken ist eingespielt."),
    (WEAKNESSES, "Akten und interne Abläufe laufen fast überall auf Papier."),
    (WEAKNESSES, "In den Ortsteilen ist das Internet langsam, an einigen Stellen fehlt Mobilfunk."),
    (WEAKNESSES, "Der IT-Support hängt an wenigen Personen."),
    (WEAKNESSES, "Die Website ist veraltet und nicht barrierefrei."),
    (OPPORTUNITIES, "Bund und Land fördern Glasfaser, Schulen und Klimaschutz."),
    (OPPORTUNITIES, "Online-Dienste des Landes und Lösungen anderer Kommunen lassen sich "
     "nachnutzen."),
    (OPPORTUNITIES, "Der Wassertourismus an der Havel bringt Gäste in die Altstadt."),
    (THREATS, "Viele erfahrene Beschäftigte gehen in den nächsten Jahren in den Ruhestand."),
    (THREATS, "IT-Fachkräfte sind schwer zu gewinnen."),
    (THREATS, "Cyberangriffe können die Verwaltung tagelang lahmlegen."),
    (THREATS, "Wer nicht online ist, darf nicht abgehängt werden, wenn analoge Wege wegfallen."),
)  # fmt: skip

# The demo's answers to the default questions (inventory migration 0002): (level, note).
# Musterstadt rated itself honestly low in 2025; the strategy starts from there.
NOT_STARTED, FIRST_STEPS, IN_PROGRESS = (
    MaturityLevel.NOT_STARTED,
    MaturityLevel.FIRST_STEPS,
    MaturityLevel.IN_PROGRESS,
)
ANSWERS = {
    "Wie weit sind die wichtigsten Verwaltungsleistungen vollständig online beantragbar?":
        (FIRST_STEPS, "Einige Leistungen online, die meisten nur als PDF-Formular."),
    "Wie weit ist die elektronische Akte (E-Akte) in den Fachbereichen eingeführt?":
        (NOT_STARTED, "Alle Fachbereiche führen Papierakten."),
    "Wie weit laufen interne Abläufe (z. B. Posteingang, Rechnungen, Urlaubsanträge) ohne "
    "Medienbrüche?":
        (FIRST_STEPS, "E-Rechnungen kommen an, werden aber ausgedruckt."),
    "Wie weit haben Haushalte und Betriebe Zugang zu gigabitfähigem Internet?":
        (FIRST_STEPS, "Gut in der Kernstadt, schwach in den Ortsteilen."),
    "Wie weit ist die Mobilfunkversorgung im ganzen Gemeindegebiet lückenlos?":
        (IN_PROGRESS, "Funklöcher an der Landesstraße und im Havelbogen."),
    "Wie weit bieten öffentliche Gebäude und Plätze freies WLAN?":
        (FIRST_STEPS, "Nur im Foyer des Rathauses."),
    "Wie weit sind Fahrplan- und Echtzeitinformationen für Bus und Bahn digital verfügbar?":
        (FIRST_STEPS, "Fahrpläne online, am Bahnhof keine Echtzeitanzeige."),
    "Wie weit gibt es digitale Mobilitätsangebote wie Rufbus, Carsharing oder "
    "Parkraummanagement?":
        (NOT_STARTED, ""),
    "Wie weit wird der Energieverbrauch kommunaler Gebäude digital erfasst und ausgewertet?":
        (NOT_STARTED, "Die Zähler werden einmal im Jahr von Hand abgelesen."),
    "Wie weit werden Umwelt- und Klimadaten (z. B. Pegelstände, Luftqualität) digital "
    "gemessen und bereitgestellt?":
        (FIRST_STEPS, ""),
    "Wie weit sind die Schulen nach einem aktuellen Medienentwicklungsplan ausgestattet?":
        (IN_PROGRESS, "WLAN und erste Tablets aus dem DigitalPakt Schule."),
    "Wie weit ist ein verlässlicher IT-Support für Schulen und Kitas organisiert?":
        (FIRST_STEPS, "Engagierte Lehrkräfte springen ein."),
    "Wie weit bieten Bibliothek und Volkshochschule digitale Lern- und Beratungsangebote?":
        (NOT_STARTED, "Die Stadtbibliothek verleiht noch keine E-Medien."),
    "Wie weit sind örtliche Betriebe und der Handel online sichtbar und auffindbar?":
        (FIRST_STEPS, "Viele kleine Geschäfte haben keinen eigenen Internetauftritt."),
    "Wie weit unterstützt die Kommune Unternehmen und Gründungen mit digitalen Angeboten?":
        (FIRST_STEPS, ""),
    "Wie weit ist das touristische Angebot online zu finden und zu buchen?":
        (FIRST_STEPS, "Zu finden ja, zu buchen kaum."),
    "Wie weit bietet die Kommune digitale Beteiligung zu wichtigen Vorhaben an?":
        (NOT_STARTED, "Beteiligung vor allem in Einwohnerversammlungen."),
    "Wie weit ist die Website der Kommune aktuell, verständlich und auf dem Smartphone "
    "nutzbar?":
        (FIRST_STEPS, "Zwölf Jahre alt, auf dem Smartphone schwer zu bedienen."),
    "Wie weit können Bürgerinnen und Bürger Mängel und Anliegen digital melden?":
        (FIRST_STEPS, "Per E-Mail, ohne Rückmeldung zum Stand."),
}  # fmt: skip
OTHER_ANSWER = (FIRST_STEPS, "")


@transaction.atomic
def load_demo_inventory(municipality: Municipality) -> Strategy | None:
    """Fill in the demo strategy's inventory; idempotent (see the module's docstring)."""
    strategy = Strategy.objects.filter(municipality=municipality, title=TITLE).first()
    if strategy is None:
        return None
    if not ExistingProject.objects.filter(strategy=strategy).exists():
        for title, status, unit, link, note in PROJECTS:
            services.add_project(
                strategy, title=title, status=status, unit=unit, link=link, note=note
            )
    if not Stakeholder.objects.filter(strategy=strategy).exists():
        for name, group, influence, interest, involvement in STAKEHOLDERS:
            services.add_stakeholder(
                strategy,
                name=name,
                group=group,
                influence=influence,
                interest=interest,
                involvement=involvement,
            )
    if not SwotEntry.objects.filter(strategy=strategy).exists():
        for quadrant, text in SWOT:
            services.add_swot_entry(strategy, quadrant=quadrant, text=text)
    _answer_self_check(strategy)
    return strategy


def _answer_self_check(strategy: Strategy) -> None:
    """Answer every unanswered active question of the strategy's groups."""
    groups = MaturityQuestion.objects.groups_for(strategy)
    questions = MaturityQuestion.objects.active().filter(
        Q(field__isnull=True) | Q(field__in=[group.key for group in groups if group.key])
    )
    unanswered = questions.exclude(answers__strategy=strategy).order_by("field", "position", "pk")
    answers = []
    for question in unanswered:
        value, note = ANSWERS.get(question.text, OTHER_ANSWER)
        answers.append(
            services.AnswerInput(question=question, value=value, note=note, expected_version=0)
        )
    if answers:
        services.answer_maturity_questions(strategy, answers)
