"""The shared measure library (issue 16, point 3).

What is in it is decided live, in one place (`library_measures`): a measure of a *published*
strategy (transparency's rule: public page switched on, adopted or in implementation; not
status Idea) or a measure its municipality *shares* explicitly (`Share`). `Item` is a
denormalised copy of the public part of each such measure (text for the full-text search and
the columns the filters need), kept in step by signals (signals.py, index.py); every read
joins the live rule again, so a stale row can never show a measure that left the library.

Nothing private is copied: no responsible person, owners, comments, costs (only a band),
risks or data-protection notes (index.py names the copied columns).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from schreibwerkstatt.municipalities.models import Kind, Municipality
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.transparency.services import HIDDEN_MEASURE_STATUSES, PUBLISHED_STATUSES


class CostBand(models.TextChoices):
    """The costs of the first year (one-off plus running per year), as a band only: the
    exact figures are a municipality's budget planning and stay with it."""

    UNKNOWN = "unknown", _("No costs given")
    UNDER_10K = "under_10k", _("under 10,000 €")
    UNDER_50K = "under_50k", _("10,000 € to under 50,000 €")
    UNDER_250K = "under_250k", _("50,000 € to under 250,000 €")
    FROM_250K = "from_250k", _("250,000 € and more")


COST_BAND_LIMITS = (
    (Decimal(10_000), CostBand.UNDER_10K),
    (Decimal(50_000), CostBand.UNDER_50K),
    (Decimal(250_000), CostBand.UNDER_250K),
)


def cost_band(measure: Measure) -> str:
    total = measure.total_cost
    if total is None:
        return CostBand.UNKNOWN
    for limit, band in COST_BAND_LIMITS:
        if total < limit:
            return band
    return CostBand.FROM_250K


class SizeClass(models.TextChoices):
    """Municipalities by population, in the classes of the municipal statistics."""

    UNKNOWN = "unknown", _("Population not given")
    SMALL = "small", _("under 5,000 inhabitants")
    MEDIUM = "medium", _("5,000 to under 20,000 inhabitants")
    LARGE = "large", _("20,000 to under 100,000 inhabitants")
    CITY = "city", _("100,000 inhabitants and more")


SIZE_LIMITS = ((5_000, SizeClass.SMALL), (20_000, SizeClass.MEDIUM), (100_000, SizeClass.LARGE))


def size_class(population: int | None) -> str:
    if population is None:
        return SizeClass.UNKNOWN
    for limit, size in SIZE_LIMITS:
        if population < limit:
            return size
    return SizeClass.CITY


class Share(models.Model):
    """A municipality shares a measure with the library (whatever the strategy's state),
    optionally naming a contact person of its own for it."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="library_share")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contact person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="library_contacts",
        help_text=_("Shown in the library with name and e-mail address. Optional."),
    )  # fmt: skip
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("shared measure")
        verbose_name_plural = _("shared measures")

    def __str__(self) -> str:
        return str(self.measure)


def in_library() -> Q:
    """The rule, on a Measure queryset: shared, or in a published strategy and past Idea."""
    shared = Share.objects.filter(measure=OuterRef("pk"))
    return Q(Exists(shared)) | (
        Q(strategy__public_page=True, strategy__status__in=PUBLISHED_STATUSES)
        & ~Q(status__in=HIDDEN_MEASURE_STATUSES)
    )


def library_measures() -> "models.QuerySet[Measure]":
    return Measure.objects.filter(in_library())


class Item(models.Model):
    """One library measure, denormalised for the search and the filters (see index.py)."""

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="+")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=800)  # title, short and plain-language name
    body = models.TextField(blank=True)  # the public profile text, fields, tags, step titles
    summary = models.TextField(blank=True)
    municipality_name = models.CharField(max_length=200)
    strategy_title = models.CharField(max_length=200)
    municipality_kind = models.CharField(max_length=20, choices=Kind.choices)
    size_class = models.CharField(max_length=10, choices=SizeClass.choices)
    status = models.CharField(max_length=20, choices=Measure.Status.choices)
    cost_band = models.CharField(max_length=12, choices=CostBand.choices)
    # "|"-framed lists ("|3|7|", "|sofortmaßnahme|"), so a filter is one LIKE on the row.
    catalogue_ids = models.CharField(max_length=500, blank=True)
    field_titles = models.TextField(blank=True)  # one per line, as shown
    tags = models.TextField(blank=True)  # "|"-framed, lower case
    shared = models.BooleanField(default=False)
    stand = models.DateTimeField()  # the measure's last change: "Stand …"

    class Meta:
        indexes = [
            models.Index(fields=["-stand", "id"]),
            models.Index(fields=["municipality_kind", "size_class"]),
            models.Index(fields=["status", "cost_band"]),
        ]

    def __str__(self) -> str:
        return self.title[:60]

    def field_title_list(self) -> list[str]:
        return [line for line in self.field_titles.splitlines() if line]


class Adoption(models.Model):
    """A measure taken over from the library: the new draft measure and where it came from.

    The origin is kept as text too (`origin_label`, `origin_stand`), so the attribution
    survives the origin's deletion. `named`: the adopting municipality agreed that the origin
    sees its name (off by default); without it the origin only counts the adoption.
    """

    measure = models.OneToOneField(
        Measure, on_delete=models.CASCADE, related_name="library_adoption"
    )
    origin = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="library_reuses"
    )
    origin_municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_label = models.CharField(max_length=500)  # "Musterstadt, Strategie „…“"
    origin_title = models.CharField(max_length=300)
    origin_stand = models.DateTimeField()
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="library_adoptions",
    )  # fmt: skip
    named = models.BooleanField(default=False)
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adopted measure")
        verbose_name_plural = _("adopted measures")
        ordering = ["adopted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.origin_title} → {self.measure_id}"
