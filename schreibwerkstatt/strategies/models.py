"""The structured content of a digital strategy (PRODUCT.md, "Domain model").

Real strategies differ in shape: fields of action are optional, goals nest to any
depth with per-strategy layer names, measures nest and hang on goals, fields or both.
Every editable row carries a `version` for optimistic locking and a history
(django-simple-history), shown and restored by the history app (kinds in strategies/history.py).
"""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.municipalities.models import Municipality

money = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
percent_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _check_period(start, end, field: str = "end") -> None:
    if start and end and end < start:
        raise ValidationError({field: _("The end must not lie before the start.")})


class Strategy(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("In consultation")
        ADOPTED = "adopted", _("Adopted")
        IMPLEMENTATION = "implementation", _("In implementation")
        ARCHIVED = "archived", _("Archived")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("lead municipality"),
        on_delete=models.CASCADE,
        related_name="strategies",
    )
    title = models.CharField(_("title"), max_length=200)
    motto = models.CharField(_("motto or brand"), max_length=200, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    budget = models.DecimalField(_("budget (EUR)"), null=True, blank=True, **money)
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    own_share_amount = models.DecimalField(_("own share (EUR)"), null=True, blank=True, **money)
    own_share_percent = models.DecimalField(
        _("own share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=percent_validators,
    )
    goal_layer_names = models.CharField(
        _("names of the goal layers"),
        max_length=200,
        default="Leitziel, Unterziel",
        help_text=_(
            "From top to bottom, separated by commas, e.g. “Strategisches Ziel, Handlungsziel”."
        ),
    )
    vision = models.TextField(_("vision"), blank=True)
    public_page = models.BooleanField(
        _("publish a transparency page"),
        default=False,
        help_text=_(
            "Shows fields of action, measures and their latest status to everyone, "
            "without personal data. Only for adopted strategies."
        ),
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("a measure counts as stale after (days without an update)"),
        default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_period(self.period_start, self.period_end, "period_end")
        if (
            self.own_share_amount
            and self.budget is not None
            and self.own_share_amount > self.budget
        ):
            raise ValidationError(
                {"own_share_amount": _("The own share cannot be larger than the budget.")}
            )

    def url_for(self, municipality: Municipality) -> str:
        return reverse(
            "strategies:overview", kwargs={"slug": municipality.slug, "strategy": self.pk}
        )

    @property
    def layer_names(self) -> list[str]:
        names = [name.strip() for name in self.goal_layer_names.split(",") if name.strip()]
        return names or ["Ziel"]

    def layer_name(self, depth: int) -> str:
        names = self.layer_names
        return names[min(depth, len(names) - 1)]


class AcceptedPartnerships(models.Manager["StrategyPartner"]):
    """Only partnerships the partner agreed to: the default manager, so `strategy.partnerships`,
    prefetches and `StrategyPartner.objects` never treat an invitation as a partnership."""

    def get_queryset(self) -> "models.QuerySet[StrategyPartner]":
        return super().get_queryset().filter(status=StrategyPartner.Status.ACCEPTED)


class StrategyPartner(Versioned):
    """A partner municipality of a joint strategy, from the invitation on.

    The lead municipality's coordination invites; only the partner's coordination can accept.
    Until then neither side sees anything of the other but the invitation itself (inviting
    municipality and strategy title). `objects` holds accepted partnerships only; the
    invitation pages and the lead's own list use `every_state`.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Invitation withdrawn")
        ENDED = "ended", _("Ended")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="partnerships")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE
    )
    label = models.CharField(
        _("kind of partnership"), max_length=100, blank=True, help_text=_("e.g. partner town")
    )
    # Safe by default: a row nobody answered is an invitation, never a partnership.
    status = models.CharField(
        _("state of the partnership"), max_length=20, choices=Status.choices,
        default=Status.INVITED,
    )  # fmt: skip
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    invited_at = models.DateTimeField(_("invited on"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn or ended by"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    ended_at = models.DateTimeField(_("withdrawn or ended on"), null=True, blank=True)

    history = HistoricalRecords()

    every_state = models.Manager()
    objects = AcceptedPartnerships()

    class Meta:
        # Relations (`strategy.partnerships`), prefetches and forms use the default manager.
        default_manager_name = "objects"
        verbose_name = _("partner municipality")
        verbose_name_plural = _("partner municipalities")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "municipality"], name="one_partnership")
        ]

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def is_open(self) -> bool:
        """Invited or accepted: the lead can still withdraw or end it."""
        return self.status in {self.Status.INVITED, self.Status.ACCEPTED}


class ProgrammePhase(Versioned):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="programme_phases"
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        ordering = ["start", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_period(self.start, self.end)


class GuidingPrinciple(Versioned):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="principles")
    text = models.CharField(_("guiding principle"), max_length=500)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class PlanLink(Versioned):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="plan_links")
    title = models.CharField(
        _("plan"), max_length=200, help_text=_("e.g. integrated town development concept")
    )
    url = models.URLField(_("address (URL)"), blank=True)
    note = models.CharField(_("how it relates"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("related plan")
        verbose_name_plural = _("related plans")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class CatalogueField(models.Model):
    """An entry of the operators' catalogue of fields of action."""

    title = models.CharField(_("title"), max_length=200, unique=True)
    description = models.TextField(_("description"))
    example_goals = models.TextField(_("example goals"), blank=True, help_text=_("One per line."))
    example_measures = models.TextField(
        _("example measures"), blank=True, help_text=_("One per line.")
    )
    cross_cutting = models.BooleanField(_("cross-cutting theme"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("catalogue field of action")
        verbose_name_plural = _("catalogue of fields of action")
        ordering = ["cross_cutting", "position", "title"]

    def __str__(self) -> str:
        return self.title

    def example_goal_list(self) -> list[str]:
        return [line.strip() for line in self.example_goals.splitlines() if line.strip()]

    def example_measure_list(self) -> list[str]:
        return [line.strip() for line in self.example_measures.splitlines() if line.strip()]


class FieldOfAction(Versioned):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="fields")
    catalogue_entry = models.ForeignKey(
        CatalogueField,
        verbose_name=_("from the catalogue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("title"), max_length=200)
    guiding_sentence = models.CharField(_("guiding sentence"), max_length=500, blank=True)
    starting_situation = models.TextField(_("starting situation"), blank=True)
    sub_areas = models.TextField(_("sub-areas"), blank=True, help_text=_("One per line."))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def sub_area_list(self) -> list[str]:
        return [line.strip() for line in self.sub_areas.splitlines() if line.strip()]


class Goal(Versioned):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("higher goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="goals",
        help_text=_("None selected: the goal is cross-cutting."),
    )  # fmt: skip
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[fields])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def ancestors(self) -> list["Goal"]:
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class Indicator(Versioned):
    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output (what is delivered)")
        OUTCOME = "outcome", _("Outcome (what changes for people)")
        IMPACT = "impact", _("Impact (long-term effect)")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    measure = models.ForeignKey(
        "Measure", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("e.g. %, number, days"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OUTCOME)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False, measure__isnull=True)
                | models.Q(goal__isnull=True, measure__isnull=False),
                name="indicator_belongs_to_goal_or_measure",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_period(self.baseline_date, self.target_date, "target_date")


class TagAxis(Versioned):
    """A named classification axis of a strategy, e.g. "Zeitpunkt" or "Thema"."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="tag_axes")
    name = models.CharField(_("axis"), max_length=100)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("classification axis")
        verbose_name_plural = _("classification axes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "name"], name="unique_axis_name")
        ]

    def __str__(self) -> str:
        return self.name


class Tag(Versioned):
    axis = models.ForeignKey(TagAxis, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["axis__position", "name"]
        constraints = [models.UniqueConstraint(fields=["axis", "name"], name="unique_tag_per_axis")]

    def __str__(self) -> str:
        return f"{self.axis.name}: {self.name}"


class Measure(Versioned):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("In implementation")
        DONE = "done", _("Completed")
        DEFERRED = "deferred", _("Deferred")

    class Priority(models.TextChoices):
        HIGH = "high", _("High – start at once")
        MEDIUM = "medium", _("Medium – start within 2 years")
        LOW = "low", _("Low – start within 4 years")

    class Financing(models.TextChoices):
        OWN = "own", _("Own budget")
        THIRD_PARTY = "third_party", _("Third-party funds")
        FUNDING = "funding", _("Funding programme")
        MIXED = "mixed", _("Mixed")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    parent = models.ForeignKey(
        "self", verbose_name=_("part of the measure"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    plain_name = models.CharField(_("name in plain language"), max_length=300, blank=True)
    summary = models.TextField(_("short description"), blank=True)
    problem = models.TextField(_("problem and starting point"), blank=True)
    expected_effect = models.TextField(_("expected effect"), blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    goals = models.ManyToManyField(
        Goal, verbose_name=_("serves goals"), blank=True, related_name="measures"
    )
    fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("fields of action"), blank=True, related_name="measures"
    )
    lead_unit = models.CharField(_("lead unit (Federführung)"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_measures",
    )  # fmt: skip
    partners_internal = models.TextField(_("internal partners"), blank=True)
    partners_external = models.TextField(_("external partners"), blank=True)
    partner_municipality = models.ForeignKey(
        Municipality, verbose_name=_("partner municipality in charge"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    cost_one_off = models.DecimalField(_("one-off costs (EUR)"), null=True, blank=True, **money)
    cost_running = models.DecimalField(
        _("running costs per year (EUR)"), null=True, blank=True, **money
    )
    financing = models.CharField(
        _("financing"), max_length=20, choices=Financing.choices, blank=True
    )
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    funding_share_percent = models.DecimalField(
        _("funding share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=percent_validators,
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Used for the proposed schedule when start and end are not set."),
    )
    # The latest status update (monitoring app) is kept here, so every list shows it
    # without another query.
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status_updated_at = models.DateTimeField(_("last status update"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="prerequisite_for",
    )
    risks = models.TextField(_("risks"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="measures")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    maturity = models.CharField(_("maturity"), max_length=200, blank=True)
    reusability = models.TextField(_("reusability and references"), blank=True)
    data_protection_notes = models.TextField(_("data protection notes"), blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    is_flagship = models.BooleanField(_("flagship project (Leuchtturm)"), default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[goals, fields, tags])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        _check_period(self.start, self.end)

    @property
    def total_cost(self) -> Decimal | None:
        if self.cost_one_off is None and self.cost_running is None:
            return None
        return (self.cost_one_off or Decimal(0)) + (self.cost_running or Decimal(0))


class Milestone(Versioned):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="milestones")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    date = models.DateField(_("date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title


class StepQuerySet(models.QuerySet["Step"]):
    def overdue(self, today) -> "StepQuerySet":
        return self.filter(done=False, due_date__lt=today)


class Step(Versioned):
    """A project step: one entry of a measure's checklist."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="steps",
    )  # fmt: skip
    due_date = models.DateField(_("due on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects: ClassVar[StepQuerySet] = StepQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project step")
        verbose_name_plural = _("project steps")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ChecklistTemplate(Versioned):
    """Steps to apply to a measure; operators maintain global ones, a strategy may add its own."""

    strategy = models.ForeignKey(
        Strategy,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checklist_templates",
    )
    name = models.CharField(_("name"), max_length=200)
    steps = models.TextField(_("steps"), help_text=_("One step per line."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def step_list(self) -> list[str]:
        return [line.strip()[:300] for line in self.steps.splitlines() if line.strip()]


class PriorityCriterion(Versioned):
    class Role(models.TextChoices):
        BENEFIT = "benefit", _("Benefit (more is better)")
        EFFORT = "effort", _("Effort (more is worse)")
        OTHER = "other", _("Other (more is better)")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=Decimal(1),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )  # fmt: skip
    scale_max = models.PositiveSmallIntegerField(
        _("highest value of the scale"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    role = models.CharField(
        _("counts as"), max_length=10, choices=Role.choices, default=Role.BENEFIT
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prioritisation criterion")
        verbose_name_plural = _("prioritisation criteria")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class MeasureScore(Versioned):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        PriorityCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("value"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment value")
        verbose_name_plural = _("assessment values")
        constraints = [
            models.UniqueConstraint(fields=["measure", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"

    def clean(self) -> None:
        if self.value > self.criterion.scale_max:
            raise ValidationError(
                {
                    "value": _("The value must lie between 0 and %(max)s.")
                    % {"max": self.criterion.scale_max}
                }
            )
