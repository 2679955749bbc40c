"""Where the municipalities of the state stand with their digital strategy: the one place that
says how a stage is derived, and the picture of the whole state per district and per kind.

Stage of one strategy (not archived), from what the platform records:
- **adopted**: it has an adopted revision (revisions.services.adopt freezes one at the
  council's decision; during a Fortschreibung that revision stays in force), or its status
  says Beschlossen or In Umsetzung (a strategy adopted before it came onto the platform);
- **in implementation**: adopted, and its status says In Umsetzung or the monitoring app
  holds a status update of one of its measures or a measured value of one of its indicators;
- **in progress**: any other strategy that is not archived (being written).

Stage of a municipality: the furthest stage among its strategies, its own and the joint ones
it accepted as a partner; **no strategy** when it has none (or only archived ones, or is not on
the platform at all).

The picture covers the entries of the official directory (statewide.DirectoryEntry, linked to
the platform's municipality by the AGS) and the platform's municipalities that the directory
does not list, of the directory's state(s) (all of them while no directory is imported). It
costs four queries, however many municipalities there are: grouped counts of the directory,
grouped counts of the other municipalities, and the names of the districts from both.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schreibwerkstatt.monitoring.models import IndicatorValue, StatusUpdate
from schreibwerkstatt.municipalities.models import Kind, Municipality
from schreibwerkstatt.revisions.models import Revision
from schreibwerkstatt.strategies.models import Strategy, StrategyPartner

from .models import DirectoryEntry


class Stage(models.IntegerChoices):
    NONE = 0, gettext_lazy("No strategy")
    IN_PROGRESS = 1, gettext_lazy("Strategy in progress")
    ADOPTED = 2, gettext_lazy("Strategy adopted")
    IMPLEMENTATION = 3, gettext_lazy("In implementation")


STAGES = list(Stage)
# Kinds that are a district of their own (their AGS's first five digits are the district).
DISTRICT_KINDS = (Kind.LANDKREIS, Kind.KREISFREIE_STADT)
KIND_ORDER = [Kind.GEMEINDE, Kind.STADT, Kind.AMT, Kind.KREISFREIE_STADT, Kind.LANDKREIS]


def strategy_stage() -> Case:
    """The stage of each strategy of a Strategy queryset (IN_PROGRESS to IMPLEMENTATION)."""
    adopted_revision = Revision.objects.filter(
        strategy=OuterRef("pk"), state=Revision.State.ADOPTED
    )
    status_updates = StatusUpdate.objects.filter(measure__strategy=OuterRef("pk"))
    measured_values = IndicatorValue.objects.filter(indicator__strategy=OuterRef("pk"))
    adopted = Q(Exists(adopted_revision)) | Q(
        status__in=[Strategy.Status.ADOPTED, Strategy.Status.IMPLEMENTATION]
    )
    implemented = (
        Q(status=Strategy.Status.IMPLEMENTATION)
        | Q(Exists(status_updates))
        | Q(Exists(measured_values))
    )
    return Case(
        When(adopted & implemented, then=Value(Stage.IMPLEMENTATION.value)),
        When(adopted, then=Value(Stage.ADOPTED.value)),
        default=Value(Stage.IN_PROGRESS.value),
        output_field=models.IntegerField(),
    )


def municipality_stage() -> Coalesce:
    """The stage of each municipality of a Municipality queryset (NONE without a strategy)."""
    partner = StrategyPartner.objects.filter(  # accepted partnerships only (its manager)
        strategy=OuterRef("pk"), municipality=OuterRef(OuterRef("pk"))
    )
    furthest = (
        Strategy.objects.filter(Q(municipality=OuterRef("pk")) | Q(Exists(partner)))
        .exclude(status=Strategy.Status.ARCHIVED)
        .annotate(stage=strategy_stage())
        .order_by("-stage")
        .values("stage")[:1]
    )
    return Coalesce(Subquery(furthest), Value(Stage.NONE.value), output_field=models.IntegerField())


def entry_stage() -> Coalesce:
    """The stage of each entry of a DirectoryEntry queryset: its municipality's on the
    platform (same AGS), NONE when the municipality is not on the platform."""
    on_platform = (
        Municipality.objects.filter(ags=OuterRef("ags"))
        .annotate(stage=municipality_stage())
        .values("stage")[:1]
    )
    return Coalesce(
        Subquery(on_platform), Value(Stage.NONE.value), output_field=models.IntegerField()
    )


def stage_of(municipality: Municipality) -> Stage:
    """The stage of one municipality (one query)."""
    value = (
        Municipality.objects.filter(pk=municipality.pk)
        .annotate(stage=municipality_stage())
        .values_list("stage", flat=True)
        .get()
    )
    return Stage(value)


# ---------------------------------------------------------------- the picture


@dataclass
class Row:
    """Counts of one group (a district, a kind, or everything) per stage."""

    key: str
    label: str
    counts: dict[Stage, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def with_adopted(self) -> int:
        """Adopted, whether in implementation yet or not."""
        return self.counts[Stage.ADOPTED] + self.counts[Stage.IMPLEMENTATION]

    def share(self, count: int) -> float:
        return 100 * count / self.total if self.total else 0.0

    @property
    def adopted_share(self) -> float:
        return self.share(self.with_adopted)

    @property
    def cells(self) -> list[tuple[Stage, int, float]]:
        """(stage, count, percent of the row) in stage order, for tables and charts."""
        return [(stage, self.counts[stage], self.share(self.counts[stage])) for stage in STAGES]

    def add(self, other: "Row") -> None:
        for stage in STAGES:
            self.counts[stage] += other.counts[stage]


@dataclass
class Picture:
    total: Row
    districts: list[Row]
    kinds: list[Row]
    directory_size: int  # entries of the official directory
    platform_only: int  # municipalities of the platform the directory does not list

    @property
    def is_empty(self) -> bool:
        return self.total.total == 0


def _grouped(rows: Iterable[dict]) -> list[tuple[str, str, int, int]]:
    return [(r["district"], r["kind"], r["stage"], r["n"]) for r in rows]


def statewide_picture() -> Picture:
    """The picture of the whole state, in four queries (see the module's docstring)."""
    own: dict[str, str] = {}  # the district's own entry (a Landkreis, a kreisfreie Stadt)
    named: dict[str, str] = {}  # what the other entries say their district is called
    is_district = Q(kind__in=DISTRICT_KINDS)
    for key, name, own_entry in (
        DirectoryEntry.objects.filter(is_district | ~Q(district_name=""))
        .annotate(
            label=Case(When(is_district, then=F("name")), default=F("district_name")),
            own_entry=Case(
                When(is_district, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )
        .order_by()
        .values_list("district_key", "label", "own_entry")
        .distinct()
    ):
        (own if own_entry else named).setdefault(key, name)
    names = {**named, **own}
    directory = _grouped(
        DirectoryEntry.objects.annotate(stage=entry_stage(), district=models.F("district_key"))
        .values("district", "kind", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    states = {row[0][:2] for row in directory}
    others = Municipality.objects.exclude(ags__in=DirectoryEntry.objects.values("ags")).annotate(
        district=Substr("ags", 1, 5)
    )
    if states:
        others = others.filter(state__in=states)
    platform = _grouped(
        others.annotate(stage=municipality_stage())
        .values("district", "kind", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for key, name in (
        Municipality.objects.filter(kind__in=DISTRICT_KINDS)
        .annotate(district=Substr("ags", 1, 5))
        .values_list("district", "name")
    ):
        names.setdefault(key, name)

    total = Row("all", _("All municipalities"))
    districts: dict[str, Row] = {}
    kinds: dict[str, Row] = {}
    kind_labels = dict(Kind.choices)
    for district, kind, stage, count in directory + platform:
        for groups, key, label in (
            (districts, district, names.get(district) or _("District %(key)s") % {"key": district}),
            (kinds, kind, str(kind_labels.get(kind, kind))),
        ):
            row = groups.setdefault(key, Row(key, label))
            row.counts[Stage(stage)] += count
        total.counts[Stage(stage)] += count
    return Picture(
        total=total,
        # Named districts by name, then those the directory does not name, by key.
        districts=sorted(
            districts.values(),
            key=lambda row: (row.key not in names, row.label.casefold(), row.key),
        ),
        kinds=sorted(
            kinds.values(),
            key=lambda row: KIND_ORDER.index(row.key) if row.key in KIND_ORDER else 99,
        ),
        directory_size=sum(row[3] for row in directory),
        platform_only=sum(row[3] for row in platform),
    )


def merge_small(rows: list[Row], at_least: int, label: str) -> list[Row]:
    """The rows with at least `at_least` municipalities, the smaller ones added up into one
    row `label` at the end (for the public version: no group small enough to point at one
    municipality)."""
    kept = [row for row in rows if row.total >= at_least]
    small = [row for row in rows if row.total < at_least]
    if not small:
        return kept
    merged = Row("other", label)
    for row in small:
        merged.add(row)
    return [*kept, merged]
