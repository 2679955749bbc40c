"""The strategy cycle's progress, derived from the work.

Each phase counts its automatic criteria (check.CRITERIA: met when the strategy's data has no
gap of the criterion's rules) and its manual checklist items (what software cannot see, such
as the council's mandate). The numbers come from the strategy's figures (one statement,
strategies/figures.py) and one count of the checklist, whatever the size of the strategy.
"Als Nächstes" is the first criterion or open item in the order of the cycle.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.current import newest_strategies
from schreibwerkstatt.strategies.figures import strategy_figures, strategy_figures_of_many
from schreibwerkstatt.strategies.models import Strategy

from .check import Criterion, criteria_of, find_gaps, gap_counts, judged_by
from .models import ChecklistItem
from .phases import PHASES, PhaseInfo

# The guide of a phase: (title, url) or None. The guides app sits above process and sets it.
GuideFinder = Callable[[int], tuple[str, str] | None]
_guide_finder: GuideFinder = lambda number: None  # noqa: E731


def set_guide_finder(finder: GuideFinder) -> None:
    global _guide_finder
    _guide_finder = finder


def guide_for_phase(number: int) -> tuple[str, str] | None:
    return _guide_finder(number)


@dataclass(frozen=True)
class CriterionState:
    criterion: Criterion
    gaps: int | None  # None: there is no strategy yet

    @property
    def met(self) -> bool:
        return self.gaps == 0


@dataclass
class PhaseProgress:
    info: PhaseInfo
    criteria: list[CriterionState]
    items_done: int
    items_total: int

    @property
    def criteria_met(self) -> int:
        return sum(state.met for state in self.criteria)

    @property
    def done(self) -> int:
        return self.criteria_met + self.items_done

    @property
    def total(self) -> int:
        return len(self.criteria) + self.items_total

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


@dataclass
class Progress:
    phases: list[PhaseProgress]
    strategy: Strategy | None
    figures: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return sum(phase.done for phase in self.phases)

    @property
    def total(self) -> int:
        return sum(phase.total for phase in self.phases)

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)

    def phase(self, number: int) -> PhaseProgress:
        return self.phases[number]


def cycle_progress(
    municipality: Municipality, strategy: Strategy | None, figures: dict[str, int] | None = None
) -> Progress:
    """Every phase's progress for the municipality working on `strategy` (two queries; one
    when the caller has the strategy's figures already)."""
    if strategy is not None and figures is None:
        figures = strategy_figures(strategy)
    items = ChecklistItem.objects.filter(municipality=municipality).progress_by_phase()
    return _progress(strategy, figures, items)


def cycle_progress_of_many(municipalities) -> dict[int, Progress]:
    """{municipality pk: cycle_progress of its newest strategy that is not archived} for many
    municipalities in four queries, whatever their number: the strategies (two), their
    figures (one statement, strategies.figures.strategy_figures_of_many) and the checklists
    (one). The numbers are those cycle_progress gives for each."""
    municipalities = list(municipalities)
    strategies = newest_strategies(municipalities)
    figures = strategy_figures_of_many(strategies.values())
    items = ChecklistItem.objects.filter(
        municipality__in=[m.pk for m in municipalities]
    ).progress_by_municipality()
    result = {}
    for municipality in municipalities:
        strategy = strategies.get(municipality.pk)
        result[municipality.pk] = _progress(
            strategy,
            figures[strategy.pk] if strategy is not None else None,
            items.get(municipality.pk, {}),
        )
    return result


def _progress(
    strategy: Strategy | None, figures: dict[str, int] | None, items: dict[int, tuple[int, int]]
) -> Progress:
    counts = gap_counts(figures) if strategy is not None and figures is not None else None
    phases = []
    for info in PHASES:
        states = [
            CriterionState(
                criterion,
                None if counts is None else sum(counts[rule.key] for rule in judged_by(criterion)),
            )
            for criterion in criteria_of(info.number)
        ]
        done, total = items.get(info.number, (0, 0))
        phases.append(PhaseProgress(info, states, done, total))
    return Progress(phases, strategy, figures or {})


@dataclass(frozen=True)
class NextStep:
    """What to do next: an unmet criterion (with the first gap's message and page), an open
    checklist item (on its phase page), or creating the first strategy."""

    kind: str  # "start", "criterion" or "item"
    phase: PhaseInfo
    title: str
    url: str
    reason: str = ""
    guide: tuple[str, str] | None = None


def next_step(municipality: Municipality, progress: Progress) -> NextStep | None:
    """The first unmet criterion or open item in the order of the cycle (criteria first
    within a phase); None when everything is done. At most two queries."""
    strategy = progress.strategy
    slug = municipality.slug
    if strategy is None:
        info = PHASES[0]
        return NextStep(
            "start",
            info,
            "",
            reverse("process:start", kwargs={"slug": slug}),
            guide=guide_for_phase(info.number),
        )
    for phase in progress.phases:
        info = phase.info
        guide = guide_for_phase(info.number)
        for state in phase.criteria:
            if state.met:
                continue
            gaps = find_gaps(strategy, slug, judged_by(state.criterion), limit=1)
            phase_url = reverse("process:phase", kwargs={"slug": slug, "number": info.number})
            first = gaps[0] if gaps else None
            return NextStep(
                "criterion",
                info,
                str(state.criterion.label),
                first.url if first else phase_url,
                first.message if first else "",
                guide,
            )
        if phase.items_done < phase.items_total:
            item = (
                ChecklistItem.objects.filter(municipality=municipality, phase=info.number)
                .open()
                .order_by("position", "pk")
                .first()
            )
            if item is not None:
                url = reverse("process:phase", kwargs={"slug": slug, "number": info.number})
                return NextStep("item", info, item.title, f"{url}#item-{item.pk}", guide=guide)
    return None


def overview_panel(request: HttpRequest, strategy: Strategy, figures: dict[str, int]) -> SafeString:
    """The strategy overview's panel (strategies/panels.py): this strategy's progress in the
    cycle and its next step, from the figures the overview has counted already."""
    municipality = strategy.context_municipality
    progress = cycle_progress(municipality, strategy, figures)
    context = {
        "municipality": municipality,
        "strategy": strategy,
        "progress": progress,
        "next_step": next_step(municipality, progress),
        "can_start": False,
    }
    return render_to_string("process/partials/cycle_panel.html", context, request=request)
