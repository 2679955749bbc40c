"""The adviser's cockpit: one row per assigned municipality, sorted and filtered in SQL.

Everything a row shows that SQL can say in one statement (strategy status, last activity,
open requests, comments mentioning the adviser, the next workshop date) is annotated on the
municipalities, so sorting and filtering by it covers all of them and one page is read. The
guided path's progress, the Strategie-Check's gaps and the stale measures come from the
strategy cycle's one rule set (process.cycle.cycle_progress_of_many: four queries however
many municipalities) for the rows of the page only. Sorting by one of those three counts
them for every municipality that passes the filters (still four queries, but work that
grows with the number of municipalities): that is what such a sort costs, so it is asked
for, never the default.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.comments.models import Comment
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.process.cycle import Progress, cycle_progress_of_many
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.strategies.models import Measure, Strategy, StrategyPartner
from schreibwerkstatt.workshops.models import Registration, Session

from .models import AdviceRequest

PER_PAGE = 25
NO_STRATEGY = "none"
# Sort keys that SQL orders (over every municipality) and those the rule set's counts order.
SQL_SORTS = {
    "name": "name",
    "district": "parent__name",
    "kind": "kind",
    "status": "status_rank",
    "activity": "last_activity",
    "requests": "open_requests",
    "comments": "open_comments",
    "workshop": "next_workshop",
}
COUNTED_SORTS = {"progress", "gaps", "stale"}
SORTS = tuple(SQL_SORTS) + tuple(sorted(COUNTED_SORTS))
STATUS_ORDER = (NO_STRATEGY, *(s for s in Strategy.Status.values if s != "archived"))
# The default puts the municipalities that asked for help first.
DEFAULT_SORT = "-requests"


def _count(queryset: QuerySet) -> Coalesce:
    """The number of rows of `queryset` (filtered against the outer municipality), 0 if none:
    COUNT without GROUP BY, so the subquery is driven by its filter."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted[:1]), Value(0))


def _latest(queryset: QuerySet, field: str) -> Coalesce:
    """The newest `field` of `queryset`, or the municipality's creation."""
    newest = queryset.exclude(**{f"{field}__isnull": True}).order_by(f"-{field}").values(field)
    # Greatest is NULL on SQLite as soon as one argument is: fall back to the creation.
    return Coalesce(Subquery(newest[:1]), F("created_at"), output_field=DateTimeField())


def annotations(adviser) -> dict:
    """{name: expression} of what the cockpit shows, sorts and filters by, per municipality."""
    outer = OuterRef("pk")
    # Own strategies or accepted partnerships (StrategyPartner.objects): each side of the OR
    # has its index, where a correlated EXISTS made SQLite test every strategy for each row.
    partnered = StrategyPartner.objects.filter(municipality=OuterRef(outer)).values("strategy")
    newest = (
        Strategy.objects.filter(Q(municipality=outer) | Q(pk__in=partnered))
        .exclude(status=Strategy.Status.ARCHIVED)
        .order_by("-updated_at", "-pk")
    )
    # The rows of the municipality's own strategies: filtered by strategy id, so SQLite walks
    # the index of the strategy's rows (a join on the strategy's municipality made it read
    # every measure of every municipality for each row).
    own = {"strategy__in": Strategy.objects.filter(municipality=OuterRef(outer)).values("pk")}
    # Inside the sessions' subquery: OuterRef("series") is the session's, the municipality
    # one level further out.
    confirmed = Registration.objects.filter(
        municipality=OuterRef(outer),
        series=OuterRef("series"),
        status=Registration.Status.CONFIRMED,
    )
    upcoming = (
        Session.objects.filter(
            Exists(confirmed),
            starts__gte=timezone.now(),
            cancelled_at__isnull=True,
            series__cancelled_at__isnull=True,
        )
        .order_by("starts")
        .values("starts")[:1]
    )
    return dict(
        strategy_status=Coalesce(Subquery(newest.values("status")[:1]), Value(NO_STRATEGY)),
        # The statuses in the order of the cycle, for sorting.
        status_rank=Case(
            *(When(strategy_status=status, then=rank) for rank, status in enumerate(STATUS_ORDER)),
            default=len(STATUS_ORDER),
            output_field=IntegerField(),
        ),
        last_activity=Greatest(
            _latest(Strategy.objects.filter(municipality=outer), "updated_at"),
            _latest(Measure.objects.filter(**own), "updated_at"),
            _latest(Measure.objects.filter(**own), "status_updated_at"),
            _latest(ChecklistItem.objects.filter(municipality=outer), "updated_at"),
            _latest(Comment.objects.filter(**own), "created_at"),
        ),
        open_requests=_count(AdviceRequest.objects.filter(municipality=outer).unfinished()),
        open_comments=_count(Comment.objects.filter(**own, resolved=False, mentions=adviser)),
        next_workshop=Subquery(upcoming),
    )


NEEDS = {"status_rank": ("strategy_status", "status_rank")}


def annotated(adviser, names=None) -> QuerySet[Municipality]:
    """The adviser's municipalities with the annotations `names` (all if None)."""
    expressions = annotations(adviser)
    if names is not None:
        wanted = {needed for name in names for needed in NEEDS.get(name, (name,))}
        expressions = {name: e for name, e in expressions.items() if name in wanted}
    return (
        Municipality.objects.filter(advisers=adviser)
        .select_related("parent")
        .annotate(**expressions)
    )


def filtered(queryset: QuerySet, data: dict) -> QuerySet:
    """Apply the cockpit's validated filters (forms.CockpitForm.cleaned_data)."""
    if data.get("district"):
        queryset = queryset.filter(Q(parent=data["district"]) | Q(pk=data["district"].pk))
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("series"):
        queryset = queryset.filter(
            Exists(
                Registration.objects.filter(
                    municipality=OuterRef("pk"), series=data["series"]
                ).exclude(status=Registration.Status.CANCELLED)
            )
        )
    if data.get("status"):
        queryset = queryset.filter(strategy_status=data["status"])
    return queryset


@dataclass
class Row:
    municipality: Municipality
    progress: Progress

    @property
    def status_label(self) -> str:
        status = self.municipality.strategy_status
        if status == NO_STRATEGY:
            return str(_("no strategy yet"))
        return str(Strategy.Status(status).label)

    @property
    def gaps(self) -> int | None:
        return self.progress.figures.get("gaps") if self.progress.strategy else None

    @property
    def stale(self) -> int | None:
        if self.progress.strategy is None:
            return None
        return self.progress.figures.get("gap_measure_status_stale", 0)

    @property
    def first_open_phase(self):
        """The first phase of the cycle that is not complete, where "Als Nächstes" of the
        municipality's own overview leads (None: all are complete)."""
        return next((phase for phase in self.progress.phases if not phase.complete), None)


def _counted_key(sort: str):
    def key(row: Row):
        if sort == "progress":
            return row.progress.percent
        value = row.gaps if sort == "gaps" else row.stale
        return -1 if value is None else value

    return key


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    field = SQL_SORTS[sort.lstrip("-")]
    expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return [expression, "name", "pk"]


def cockpit_page(adviser, data: dict, page_number: int) -> tuple[Page, list[Row]]:
    """The page of the cockpit asked for, with its rows (progress counted for them)."""
    sort = data.get("sort") or DEFAULT_SORT
    key = sort.lstrip("-")
    if key in COUNTED_SORTS:
        municipalities = list(filtered(annotated(adviser), data).order_by("name", "pk"))
        progress = cycle_progress_of_many(municipalities)
        rows = [Row(m, progress[m.pk]) for m in municipalities]
        rows.sort(key=_counted_key(key), reverse=sort.startswith("-"))
        page = Paginator(rows, PER_PAGE).get_page(page_number)
        return page, list(page.object_list)
    # Two steps, so the work per request stays that of one page: order and count every
    # municipality by the sort key (and the status filter) only, then annotate the page's.
    names = {SQL_SORTS[key]} | ({"strategy_status"} if data.get("status") else set())
    ordered = filtered(annotated(adviser, names), data).order_by(*_ordering(sort))
    page = Paginator(ordered.values_list("pk", flat=True), PER_PAGE).get_page(page_number)
    pks = list(page.object_list)
    by_pk = annotated(adviser).in_bulk(pks)
    municipalities = [by_pk[pk] for pk in pks]
    progress = cycle_progress_of_many(municipalities)
    return page, [Row(m, progress[m.pk]) for m in municipalities]


def rows_for(adviser, municipalities: list[Municipality]) -> list[Row]:
    """Rows for the comparison: the municipalities given, in their order."""
    by_pk = {m.pk: m for m in annotated(adviser).filter(pk__in=[m.pk for m in municipalities])}
    progress = cycle_progress_of_many(by_pk.values())
    return [Row(by_pk[m.pk], progress[m.pk]) for m in municipalities if m.pk in by_pk]
