"""Keeping `Item` (the library's denormalised rows) in step with the strategies.

Each refresh recomputes the rows of the measures it is given from the live rule
(models.library_measures): a measure that left the library loses its row, one that entered
gets one. It runs inside the transaction of the change (signals.py), so a rolled-back edit
leaves the rows as they were; a refresh of a whole strategy costs a fixed number of queries.

Only these measure columns reach the library (PUBLIC_TEXT); people, costs (a band only),
risks and data-protection notes never do.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Exists, OuterRef, Prefetch, Q

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.strategies.models import FieldOfAction, Measure, Step, Tag

from .models import Item, Share, cost_band, library_measures, size_class

# The profile texts shown in the library and copied on adoption (services.adopt).
PUBLIC_TEXT = ("summary", "problem", "expected_effect", "target_group", "reusability")
MEASURE_COLUMNS = (
    "pk", "strategy_id", "title", "short_name", "plain_name", *PUBLIC_TEXT, "status",
    "cost_one_off", "cost_running", "updated_at",
)  # fmt: skip


def frame(values: Iterable) -> str:
    """ "|a|b|" (empty for nothing): a filter for one value is one LIKE '%|value|%'."""
    values = [str(v) for v in values if str(v)]
    return f"|{'|'.join(values)}|" if values else ""


def _rows(measures: "Iterable[Measure]") -> list[Item]:
    rows = []
    for measure in measures:
        strategy = measure.strategy
        municipality = strategy.municipality
        fields = list(measure.fields.all())
        tags = [tag.name for tag in measure.tags.all()]
        steps = [step.title for step in measure.steps.all()]
        title = " · ".join(t for t in (measure.title, measure.short_name, measure.plain_name) if t)
        texts = [getattr(measure, name) for name in PUBLIC_TEXT]
        body = "\n".join(t for t in [*texts, *(f.title for f in fields), *tags, *steps] if t)
        rows.append(
            Item(
                measure_id=measure.pk,
                strategy_id=strategy.pk,
                municipality_id=municipality.pk,
                title=title[:800],
                body=body,
                summary=measure.summary,
                municipality_name=municipality.name,
                strategy_title=strategy.title,
                municipality_kind=municipality.kind,
                size_class=size_class(municipality.population),
                status=measure.status,
                cost_band=cost_band(measure),
                catalogue_ids=frame(
                    sorted({f.catalogue_entry_id for f in fields if f.catalogue_entry_id})
                ),
                field_titles="\n".join(f.title for f in fields),
                tags=frame(sorted({t.lower() for t in tags})),
                shared=measure.shared,
                stand=measure.updated_at,
            )
        )
    return rows


# Inside rebuilt_afterwards(): the refreshes of single saves are left out.
_deferred: ContextVar[bool] = ContextVar("library_refresh_deferred", default=False)


@contextmanager
def rebuilt_afterwards() -> Iterator[None]:
    """For bulk loads (the demo): no refresh on each save inside, one rebuild() at the end.

    The demo saves its measures a hundred times and more (its monitoring history alone 96),
    each save a refresh of six queries: 15 % of the demo's time, for rows the rebuild at the
    end writes anew anyway. Nothing inside may read the library's rows. Left with an
    exception, no rebuild: the transaction around it rolls back."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    rebuild()


def refresh(condition: Q) -> None:
    """Recompute the rows of the measures matching `condition` (a Measure filter)."""
    if not _deferred.get():
        _refresh(condition)


def _refresh(condition: Q) -> None:
    measures = (
        library_measures()
        .filter(condition)
        .only(*MEASURE_COLUMNS, "strategy__title", "strategy__municipality__name",
              "strategy__municipality__kind", "strategy__municipality__population")
        .select_related("strategy__municipality")
        .prefetch_related(
            Prefetch("fields", queryset=FieldOfAction.objects.only("pk", "title", "catalogue_entry_id")),
            Prefetch("tags", queryset=Tag.objects.only("pk", "name")),
            Prefetch("steps", queryset=Step.objects.only("pk", "measure_id", "title")),
        )
    )  # fmt: skip
    measures = measures.annotate(shared=Exists(Share.objects.filter(measure=OuterRef("pk"))))
    rows = _rows(measures)
    Item.objects.filter(measure__in=Measure.objects.filter(condition).values("pk")).delete()
    Item.objects.bulk_create(rows, batch_size=500)


def refresh_measure(pk: int) -> None:
    refresh(Q(pk=pk))


def refresh_strategy(pk: int) -> None:
    refresh(Q(strategy_id=pk))


def refresh_municipality(municipality: Municipality) -> None:
    """Name, kind and size class of a municipality are copied into its rows."""
    if _deferred.get():
        return
    Item.objects.filter(municipality=municipality).update(
        municipality_name=municipality.name,
        municipality_kind=municipality.kind,
        size_class=size_class(municipality.population),
    )


def rebuild() -> int:
    """Every row anew (the `rebuild-library` command, the demo, the bench)."""
    Item.objects.all().delete()
    _refresh(Q())
    return Item.objects.count()
