"""The eleven phases of the strategy cycle (PRODUCT.md), with explanations, the tools of each
phase and the default checklist each municipality starts with.

The checklist holds only what software cannot see (the council's mandate, a steering group);
what the data shows is an automatic criterion (check.CRITERIA). Checklist items are content
that the municipality edits, so they are stored as German text; the rest is UI."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The default item the guided start ticks when the mandate is given (ChecklistItem.key).
MANDATE_KEY = "mandate"
MANDATE_ITEM = "Auftrag einholen (Beschluss der Gemeindevertretung oder der Verwaltungsleitung)"


class Phase(models.IntegerChoices):
    PREPARATION = 0, _("Preparation")
    INVENTORY = 1, _("Inventory")
    VISION = 2, _("Vision and guiding principles")
    FIELDS = 3, _("Fields of action")
    GOALS = 4, _("Goals and indicators")
    MEASURES = 5, _("Measures")
    ROADMAP = 6, _("Prioritisation and roadmap")
    GOVERNANCE = 7, _("Governance")
    PARTICIPATION = 8, _("Participation and communication")
    ADOPTION = 9, _("Adoption and publication")
    IMPLEMENTATION = 10, _("Implementation, monitoring, revision")


@dataclass(frozen=True)
class Tool:
    """A page where the work of a phase is done: a URL name of a strategy's page (arguments
    slug and strategy) or, with `municipality_page`, of the municipality's (slug only)."""

    url_name: str
    label: Promise
    municipality_page: bool = False


@dataclass(frozen=True)
class PhaseInfo:
    phase: Phase
    explanation: Promise
    default_items: tuple[str, ...]

    @property
    def number(self) -> int:
        return int(self.phase)

    @property
    def title(self) -> str:
        return str(self.phase.label)

    @property
    def tools(self) -> tuple[Tool, ...]:
        return TOOLS[self.phase]


PHASES: tuple[PhaseInfo, ...] = (
    PhaseInfo(
        Phase.PREPARATION,
        _(
            "Before writing starts, the municipality decides that it wants a digital strategy and who "
            "does the work. A mandate from the council or the administration's leadership gives the "
            "team backing; a small core team, a time plan and a budget make the work plannable."
        ),
        (
            MANDATE_ITEM,
            "Zeitplan für den Strategieprozess aufstellen",
            "Budget und mögliche Fördermittel klären",
            "Beteiligungsplan entwerfen: wer wird wann einbezogen?",
        ),
    ),
    PhaseInfo(
        Phase.INVENTORY,
        _(
            "Find out where the municipality stands today: which documents and decisions exist, "
            "which digital projects are planned, running or finished, who has a stake, and how mature "
            "each area already is. The result is an honest starting point, including strengths and weaknesses."
        ),
        ("Vorhandene Dokumente und frühere Beschlüsse sammeln",),
    ),
    PhaseInfo(
        Phase.VISION,
        _(
            "Describe the picture of the municipality you want to reach in some years, and the "
            "principles that guide every decision on the way. Build on existing plans such as the "
            "town development concept instead of starting from scratch."
        ),
        (
            "Bezug zu vorhandenen Leitbildern und zum Stadtentwicklungskonzept herstellen",
            "Vision im Kernteam und mit der Verwaltungsleitung abstimmen",
        ),
    ),
    PhaseInfo(
        Phase.FIELDS,
        _(
            "Choose the fields in which the municipality wants to act, for example administration, "
            "mobility or education. Pick them from the catalogue or define your own, and describe for "
            "each one a guiding sentence and the situation today."
        ),
        (),
    ),
    PhaseInfo(
        Phase.GOALS,
        _(
            "Turn each field into concrete goals and decide how you will notice progress: every goal "
            "gets at least one indicator with a unit, a starting value, a target value and a date."
        ),
        (),
    ),
    PhaseInfo(
        Phase.MEASURES,
        _(
            "Collect ideas for measures, from staff, workshops and other municipalities, and work the "
            "promising ones out as measure profiles: what is done, by whom, with which money and for "
            "which goal."
        ),
        ("Maßnahmenideen sammeln (Workshops, Fachbereiche, Bürgerschaft)",),
    ),
    PhaseInfo(
        Phase.ROADMAP,
        _(
            "Not everything can start at once. Decide which measures come first, which depend on "
            "others, and place them on a time plan with milestones."
        ),
        (
            "Abhängigkeiten zwischen Maßnahmen festhalten",
            "Leuchtturmprojekte auswählen",
        ),
    ),
    PhaseInfo(
        Phase.GOVERNANCE,
        _(
            "Settle who steers, who works and who reports: a steering group, a project group, a lead "
            "for every measure, and a fixed rhythm for progress reports."
        ),
        (
            "Lenkungskreis einrichten",
            "Projektgruppe und Kernteam festlegen",
            "Berichtsrhythmus vereinbaren",
            "Ressourcen für die Umsetzung planen",
        ),
    ),
    PhaseInfo(
        Phase.PARTICIPATION,
        _(
            "Involve staff, citizens and local businesses, and tell them what became of their input. "
            "A strategy that people helped to shape is carried by more shoulders."
        ),
        (
            "Beschäftigte der Verwaltung beteiligen",
            "Bürgerinnen und Bürger beteiligen (z. B. Online-Umfrage, Werkstatt)",
            "Wirtschaft und Vereine einbeziehen",
            "Ergebnisse der Beteiligung dokumentieren und rückmelden",
        ),
    ),
    PhaseInfo(
        Phase.ADOPTION,
        _(
            "Put the strategy document together, prepare the draft resolution for the council, get it "
            "adopted and publish the strategy so that everybody can follow it."
        ),
        (
            "Strategiedokument fertigstellen",
            "Beschlussvorlage erstellen",
        ),
    ),
    PhaseInfo(
        Phase.IMPLEMENTATION,
        _(
            "Now the measures are carried out. Keep steps and status up to date, measure the "
            "indicators, report progress regularly and plan the next revision of the strategy."
        ),
        (
            "Indikatorwerte erfassen",
            "Fortschrittsbericht vorlegen",
            "Fortschreibung der Strategie planen",
        ),
    ),
)

TOOLS: dict[Phase, tuple[Tool, ...]] = {
    Phase.PREPARATION: (
        Tool("strategies:edit", _("Title, period and budget of the strategy")),
        Tool("municipalities:members", _("Members and invitations"), municipality_page=True),
    ),
    Phase.INVENTORY: (
        Tool("inventory:overview", _("Inventory overview")),
        Tool("inventory:projects", _("Existing digital projects")),
        Tool("inventory:stakeholders", _("Stakeholders")),
        Tool("inventory:maturity", _("Maturity self-check")),
        Tool("inventory:swot", _("SWOT analysis")),
    ),
    Phase.VISION: (Tool("strategies:vision", _("Vision, guiding principles and existing plans")),),
    Phase.FIELDS: (Tool("strategies:fields", _("Fields of action")),),
    Phase.GOALS: (Tool("strategies:goals", _("Goals and indicators")),),
    Phase.MEASURES: (Tool("strategies:measures", _("Measures and their profiles")),),
    Phase.ROADMAP: (
        Tool("strategies:priorities", _("Priorities")),
        Tool("roadmap:chart", _("Roadmap")),
        Tool("roadmap:milestones", _("Milestones")),
    ),
    Phase.GOVERNANCE: (
        Tool("strategies:fields", _("Responsible persons of the fields of action")),
        Tool("monitoring:stale_settings", _("Rhythm of status updates")),
    ),
    Phase.PARTICIPATION: (
        Tool("revisions:review", _("Draft for review and comments")),
        Tool("municipalities:members", _("Members and invitations"), municipality_page=True),
    ),
    Phase.ADOPTION: (
        Tool("documents:chapters", _("Strategy document")),
        Tool("process:check", _("Strategie-Check")),
        Tool("revisions:adopt", _("Record the decision")),
        Tool("strategies:edit", _("Transparency page")),
    ),
    Phase.IMPLEMENTATION: (
        Tool("monitoring:dashboard", _("Implementation")),
        Tool("monitoring:measures", _("Status of the measures")),
        Tool("monitoring:indicators", _("Indicator values")),
        Tool("revisions:list", _("Versions and revision")),
    ),
}

PHASE_BY_NUMBER = {info.number: info for info in PHASES}
