"""The inventory (Bestandsaufnahme) of a strategy, phase 1 of the strategy cycle
(PRODUCT.md): existing digital projects, stakeholders, a maturity self-check per field of
action and a SWOT analysis.

Rows that members edit carry a `version` for optimistic locking and a history. The
maturity questions are maintained by operators in the admin; a default set ships as a
data migration.
"""

import math
from dataclasses import dataclass
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schreibwerkstatt.core.models import Versioned
from schreibwerkstatt.strategies.models import CatalogueField, FieldOfAction, Strategy

SCALE_MIN, SCALE_MAX = 1, 5  # influence and interest of a stakeholder
# Influence or interest from this value up counts as high: "medium" stakeholders are
# rather involved too much than overlooked.
HIGH_FROM = 3


class MaturityLevel(models.IntegerChoices):
    """The maturity scale of the self-check, 0 to 4."""

    # Translators: German "nicht begonnen"
    NOT_STARTED = 0, _("Not started")
    # Translators: German "erste Schritte"
    FIRST_STEPS = 1, _("First steps")
    # Translators: German "in Arbeit"
    IN_PROGRESS = 2, _("In progress")
    # Translators: German "weit fortgeschritten"
    ADVANCED = 3, _("Well advanced")
    # Translators: German "vollständig umgesetzt"
    COMPLETE = 4, _("Fully implemented")


MATURITY_MAX = max(MaturityLevel.values)


class CountingQuerySet(models.QuerySet):
    def count_by(self, field: str) -> dict[str, int]:
        """{value of `field`: number of rows} in one query."""
        return dict(self.order_by().values_list(field).annotate(n=Count("pk")))


class ExistingProject(Versioned):
    """A digital project the municipality already plans, runs or has finished."""

    class Status(models.TextChoices):
        # Translators: German "geplant"
        PLANNED = "planned", _("Planned")
        # Translators: German "laufend"
        RUNNING = "running", _("Running")
        # Translators: German "abgeschlossen"
        DONE = "done", _("Done")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="existing_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    unit = models.CharField(
        _("organisational unit"),
        max_length=200,
        blank=True,
        help_text=_("Who is in charge, e.g. the department or office."),
    )
    link = models.URLField(_("link"), blank=True, help_text=_("A web page about the project."))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[CountingQuerySet] = CountingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("existing project")
        verbose_name_plural = _("existing projects")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Stakeholder(Versioned):
    """A person or group with a stake in the strategy, placed by influence and interest."""

    class Quadrant(models.TextChoices):
        # Translators: German "Eng einbinden" (high influence, high interest)
        MANAGE_CLOSELY = "manage", _("Manage closely")
        # Translators: German "Zufriedenstellen" (high influence, low interest)
        KEEP_SATISFIED = "satisfy", _("Keep satisfied")
        # Translators: German "Informieren" (low influence, high interest)
        KEEP_INFORMED = "inform", _("Keep informed")
        # Translators: German "Beobachten" (low influence, low interest)
        MONITOR = "monitor", _("Monitor")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(
        _("group"),
        max_length=100,
        blank=True,
        help_text=_("e.g. administration, politics, citizens, business, associations"),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        default=3,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        default=3,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    involvement = models.TextField(
        _("involvement"), blank=True, help_text=_("How they are involved in the strategy.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=SCALE_MIN, influence__lte=SCALE_MAX)
                & Q(interest__gte=SCALE_MIN, interest__lte=SCALE_MAX),
                name="stakeholder_scales_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quadrant(self) -> "Stakeholder.Quadrant":
        high_influence, high_interest = self.influence >= HIGH_FROM, self.interest >= HIGH_FROM
        if high_influence:
            return self.Quadrant.MANAGE_CLOSELY if high_interest else self.Quadrant.KEEP_SATISFIED
        return self.Quadrant.KEEP_INFORMED if high_interest else self.Quadrant.MONITOR


@dataclass(frozen=True)
class QuestionGroup:
    """The questions of one field of action in a strategy's self-check."""

    key: int  # the catalogue field's pk; GENERAL for the questions without a field
    title: str
    questions: int


GENERAL = 0


class MaturityQuestionQuerySet(models.QuerySet["MaturityQuestion"]):
    def active(self) -> "MaturityQuestionQuerySet":
        return self.filter(active=True)

    def of_group(self, key: int) -> "MaturityQuestionQuerySet":
        return (
            self.active().filter(field__isnull=True)
            if key == GENERAL
            else self.active().filter(field_id=key)
        )

    def groups_for(self, strategy: Strategy) -> list[QuestionGroup]:
        """The groups a strategy answers, in three queries: the general questions first,
        then the catalogue fields the strategy uses (in its order) or, if it uses none,
        the whole catalogue. Fields without active questions are left out."""
        used = list(
            dict.fromkeys(
                FieldOfAction.objects.filter(strategy=strategy, catalogue_entry__isnull=False)
                .order_by("position", "pk")
                .values_list("catalogue_entry_id", flat=True)
            )
        )
        counts = dict(self.active().order_by().values_list("field").annotate(n=Count("pk")))
        fields = CatalogueField.objects.filter(pk__in=[pk for pk in counts if pk is not None])
        if used:
            order = {pk: index for index, pk in enumerate(used)}
            chosen = sorted(fields.filter(pk__in=used), key=lambda field: order[field.pk])
        else:
            chosen = list(fields)
        groups = [QuestionGroup(GENERAL, str(_("General")), counts[None])] if None in counts else []
        return groups + [QuestionGroup(f.pk, f.title, counts[f.pk]) for f in chosen]


class MaturityQuestion(models.Model):
    """A question of the self-check, maintained by operators. Without a field of action it
    is a general question, asked of every strategy."""

    field = models.ForeignKey(
        CatalogueField,
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maturity_questions",
        help_text=_("Empty: a general question, asked of every strategy."),
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive questions are no longer asked.")
    )

    objects: ClassVar[MaturityQuestionQuerySet] = MaturityQuestionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("maturity question")
        verbose_name_plural = _("maturity questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class FieldScore:
    """The self-check result of one group of questions."""

    group: QuestionGroup
    answers: int
    average: float | None

    @property
    def level(self) -> MaturityLevel | None:
        # Half way up counts as the higher level (Python's round() would round 2.5 to 2).
        return None if self.average is None else MaturityLevel(math.floor(self.average + 0.5))


class MaturityAnswerQuerySet(models.QuerySet["MaturityAnswer"]):
    def scores_by_field(self) -> dict[int, tuple[float, int]]:
        """{catalogue field pk or 0: (average value, number of answers)} in one query,
        over active questions."""
        rows = (
            self.filter(question__active=True)
            .order_by()
            .values("question__field")
            .annotate(average=Avg("value"), n=Count("pk"))
        )
        return {row["question__field"] or GENERAL: (row["average"], row["n"]) for row in rows}

    def scores(self, groups: list[QuestionGroup]) -> list[FieldScore]:
        by_field = self.scores_by_field()
        return [
            FieldScore(
                group, by_field.get(group.key, (None, 0))[1], by_field.get(group.key, (None, 0))[0]
            )
            for group in groups
        ]


class MaturityAnswer(Versioned):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="maturity_answers"
    )
    question = models.ForeignKey(MaturityQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(_("maturity"), choices=MaturityLevel.choices)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[MaturityAnswerQuerySet] = MaturityAnswerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("maturity answer")
        verbose_name_plural = _("maturity answers")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "question"], name="one_maturity_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(value__lte=MATURITY_MAX), name="maturity_value_0_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class SwotEntry(Versioned):
    class Quadrant(models.TextChoices):
        STRENGTHS = "strengths", _("Strengths")
        WEAKNESSES = "weaknesses", _("Weaknesses")
        OPPORTUNITIES = "opportunities", _("Opportunities")
        THREATS = "threats", _("Threats")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="swot_entries")
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices)
    text = models.CharField(_("entry"), max_length=500)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[CountingQuerySet] = CountingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SWOT entry")
        verbose_name_plural = _("SWOT entries")
        ordering = ["quadrant", "position", "pk"]
        indexes = [models.Index(fields=["strategy", "quadrant", "position"])]

    def __str__(self) -> str:
        return self.text
