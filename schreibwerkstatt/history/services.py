"""The history of every editable element: who changed what and when, in words people
understand, and the restore of an earlier version.

django-simple-history records each save (`history = HistoricalRecords()` on the models).
A `HistoryKind` says how to reach one kind of object, who may restore it and which
objects a restored reference may point to. The views (history_views.py), the URL
patterns and the `{% history_link %}` tag work from the registry, so a kind of another
app (inventory/history.py, process/history.py) is a few lines.
"""

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import get_m2m_reverse_field_name

from schreibwerkstatt.municipalities.models import Municipality

from . import services
from .forms import members_who_can_lead
from .models import (
    ChecklistTemplate,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Indicator,
    Measure,
    MeasureScore,
    Milestone,
    PlanLink,
    PriorityCriterion,
    ProgrammePhase,
    Step,
    Strategy,
    StrategyPartner,
    Tag,
    TagAxis,
)
from .rules import get_strategy_for_user

PER_PAGE = 50
# Bookkeeping columns: never shown, never restored.
ALWAYS_HIDDEN = frozenset({"id", "version", "position", "created_at", "updated_at"})

EDIT = "strategies.change_strategy"


@dataclass(frozen=True)
class Target:
    """An object whose history is shown, with the municipality of the URL (and strategy)."""

    obj: models.Model
    municipality: Municipality
    strategy: Strategy | None = None


Choices = Callable[[Target], models.QuerySet]


@dataclass(frozen=True)
class HistoryKind:
    key: str  # URL names <namespace>:history_<key> and <namespace>:restore_<key>
    slug: str  # German URL segment after "verlauf/"
    model: type[models.Model]
    namespace: str
    # URL kwargs (besides slug) → the object; 404 for other tenants, like the object's pages.
    load: Callable[..., Target]
    may_restore: Callable[[Any, Target], bool]
    back: Callable[[Target], tuple[str, str]]  # (url, label) of the object's page
    url_kwargs: Callable[[models.Model], dict[str, int]]  # kwargs besides slug
    title: Callable[[models.Model], str] = str
    pk_in_url: bool = True  # False: the object is the strategy of the URL
    hidden: frozenset[str] = frozenset()  # not shown (still restored unless kept)
    kept: frozenset[str] = frozenset()  # restore keeps the current value
    # Which objects a restored reference (foreign key or many-to-many) may point to;
    # without an entry: any existing one.
    choices: Mapping[str, Choices] = field(default_factory=dict)
    # Further checks of the values to restore; returns an error message or "".
    check: Callable[[Target, dict[str, Any]], str] | None = None

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))

    def history_url(self, obj: models.Model, slug: str) -> str:
        return reverse(
            f"{self.namespace}:history_{self.key}", kwargs={"slug": slug, **self.url_kwargs(obj)}
        )

    def restore_url(self, obj: models.Model, slug: str, history_id: int) -> str:
        return reverse(
            f"{self.namespace}:restore_{self.key}",
            kwargs={"slug": slug, "history_id": history_id, **self.url_kwargs(obj)},
        )

    # Fields --------------------------------------------------------------------------

    def _editable(self) -> list[models.Field]:
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name not in ALWAYS_HIDDEN
        ]

    def shown_fields(self) -> list[models.Field]:
        return [f for f in self._editable() if f.name not in self.hidden]

    def restored_fields(self) -> list[models.Field]:
        return [f for f in self._editable() if f.name not in self.kept]

    def m2m_fields(self) -> list[models.ManyToManyField]:
        """The many-to-many fields the history records (HistoricalRecords(m2m_fields=...))."""
        tracked = getattr(self.model.history.model, "_history_m2m_fields", [])
        names = {f.name for f in tracked} - self.hidden - self.kept
        return [f for f in self.model._meta.many_to_many if f.name in names]


REGISTRY: dict[type[models.Model], HistoryKind] = {}


def register(*kinds: HistoryKind) -> tuple[HistoryKind, ...]:
    for kind in kinds:
        REGISTRY[kind.model] = kind
    return kinds


def kind_for(obj: models.Model) -> HistoryKind | None:
    return REGISTRY.get(type(obj))


# Reading the history -------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: Any
    changes: list[Change]
    is_current: bool  # the newest record: the state shown now
    restore_url: str = ""

    @property
    def action(self) -> str:
        return {"+": _("created"), "-": _("deleted")}.get(self.record.history_type, _("changed"))

    @property
    def who(self) -> str:
        user = self.record.history_user
        return str(user) if user is not None else _("automatically (no person)")

    @property
    def when(self) -> str:
        return when(self.record)


@dataclass
class HistoryPage:
    entries: list[Entry]
    number: int
    pages: int
    total: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


class PageOutOfRange(Exception):
    pass


def when(record: Any) -> str:
    return formats.date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")


def history_page(kind: HistoryKind, obj: models.Model, number: int = 1) -> HistoryPage:
    """One page of the object's records, newest first, each compared with the one before.

    The number of queries does not depend on the number of records: one for the count,
    one for the records (plus the one just before the page), one per recorded
    many-to-many field and one per kind of referenced object."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    total = records.count()
    pages = max(1, -(-total // PER_PAGE))
    if number > pages:
        raise PageOutOfRange
    offset = (number - 1) * PER_PAGE
    rows = list(records[offset : offset + PER_PAGE + 1])
    m2m = _m2m_states(kind, rows)
    shown = [*kind.shown_fields(), *kind.m2m_fields()]
    pairs = [
        (record, rows[index + 1] if index + 1 < len(rows) else None)
        for index, record in enumerate(rows[:PER_PAGE])
    ]
    raw = [(record, _differences(shown, record, older, m2m)) for record, older in pairs]
    names = _Names()
    for _record, differences in raw:
        for model_field, old, new in differences:
            names.want(model_field, old)
            names.want(model_field, new)
    names.load()
    entries = [
        Entry(
            record,
            [
                Change(
                    capfirst(str(model_field.verbose_name)),
                    names.show(model_field, old),
                    names.show(model_field, new),
                )
                for model_field, old, new in differences
            ],
            is_current=offset + index == 0,
        )
        for index, (record, differences) in enumerate(raw)
    ]
    return HistoryPage(entries, number, pages, total)


def _m2m_states(kind: HistoryKind, rows: list[Any]) -> dict[str, dict[int, frozenset[int]]]:
    """{field name: {history_id: target ids}} for the given records, one query per field."""
    states: dict[str, dict[int, frozenset[int]]] = {}
    ids = [row.history_id for row in rows]
    for m2m_field in kind.m2m_fields():
        through = getattr(type(rows[0]) if rows else kind.model.history.model, m2m_field.name).model
        target = get_m2m_reverse_field_name(m2m_field) + "_id"
        found: dict[int, set[int]] = defaultdict(set)
        if ids:
            for history_id, target_id in through.objects.filter(history_id__in=ids).values_list(
                "history_id", target
            ):
                found[history_id].add(target_id)
        states[m2m_field.name] = {i: frozenset(found.get(i, ())) for i in ids}
    return states


def _value(model_field: models.Field, record: Any, m2m: dict) -> Any:
    if record is None:
        return frozenset() if model_field.many_to_many else None
    if model_field.many_to_many:
        return m2m[model_field.name][record.history_id]
    return getattr(record, model_field.attname)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == frozenset()


def _differences(
    shown: list[models.Field], record: Any, older: Any, m2m: dict
) -> list[tuple[models.Field, Any, Any]]:
    rows = []
    for model_field in shown:
        old, new = _value(model_field, older, m2m), _value(model_field, record, m2m)
        if older is None and new is False:  # a new object: only what was said about it
            continue
        if old != new and not (_empty(old) and _empty(new)):
            rows.append((model_field, old, new))
    return rows


class _Names:
    """Readable names of referenced objects, one query per kind of object. An object
    deleted since is named from its own history where it has one."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[int, str]] = defaultdict(dict)
        self.deleted: dict[type[models.Model], dict[int, str]] = defaultdict(dict)

    def want(self, model_field: models.Field, value: Any) -> None:
        if model_field.is_relation and not _empty(value):
            model = model_field.related_model
            self.wanted[model].update(value if model_field.many_to_many else {value})

    def load(self) -> None:
        for model, ids in self.wanted.items():
            queryset = model._default_manager.filter(pk__in=ids)
            if model is Tag:
                queryset = queryset.select_related("axis")
            self.found[model] = {obj.pk: str(obj) for obj in queryset}
            missing = ids - set(self.found[model])
            history = getattr(model, "history", None)
            if missing and history is not None:
                olds = list(
                    history.model.objects.filter(id__in=missing).order_by(
                        "id", "-history_date", "-history_id"
                    )
                )
                if model is Tag:  # "axis: tag", the axis perhaps deleted as well
                    axes = _axis_names({old.axis_id for old in olds})
                    for old in olds:
                        name = f"{axes.get(old.axis_id, '–')}: {old.name}"
                        self.deleted[model].setdefault(old.id, name)
                    continue
                for old in olds:
                    self.deleted[model].setdefault(old.id, str(old.instance))

    def name(self, model: type[models.Model], pk: int) -> str:
        if pk in self.found[model]:
            return self.found[model][pk]
        if pk in self.deleted[model]:
            return _("%(name)s (deleted)") % {"name": self.deleted[model][pk]}
        return _("a deleted entry")

    def show(self, model_field: models.Field, value: Any) -> str:
        if _empty(value):
            return "–"
        if model_field.many_to_many:
            return ", ".join(sorted(self.name(model_field.related_model, pk) for pk in value))
        if model_field.is_relation:
            return self.name(model_field.related_model, value)
        return readable(model_field, value)


def _axis_names(ids: set[int]) -> dict[int, str]:
    """Names of classification axes, existing or deleted (from their history): two queries."""
    names = dict(TagAxis.objects.filter(pk__in=ids).values_list("pk", "name"))
    deleted = (
        TagAxis.history.filter(id__in=ids - set(names))
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "name")
    )
    for pk, name in deleted:
        names.setdefault(pk, name)
    return names


def readable(model_field: models.Field, value: Any) -> str:
    """A stored value as people read it: choice labels, German dates and numbers, ja/nein."""
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        places = getattr(model_field, "decimal_places", None)
        if places != 2:  # amounts keep their cents; measured values lose trailing zeros
            value = (
                value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
            )
            places = None
        return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True)
    return str(value)


# Restoring -------------------------------------------------------------------------------


class RestoreError(Exception):
    """The version cannot be restored; `message` says why, in words for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NothingToRestore(RestoreError):
    pass


@dataclass
class Restored:
    obj: models.Model
    left_out: list[str]  # names of linked entries that no longer exist


def _allowed(kind: HistoryKind, target: Target, model_field: models.Field) -> models.QuerySet:
    chooser = kind.choices.get(model_field.name)
    if chooser is not None:
        return chooser(target)
    return model_field.related_model._default_manager.all()


@transaction.atomic
def restore(kind: HistoryKind, target: Target, record: Any, *, expected_version: int) -> Restored:
    """Make the state of `record` current again, as a new recorded version (through
    services.save_versioned, so a stale version is refused)."""
    obj = target.obj
    values: dict[str, Any] = {}
    names = _Names()
    for model_field in kind.restored_fields():
        value = getattr(record, model_field.attname)
        if (
            model_field.is_relation
            and value is not None
            and not _allowed(kind, target, model_field).filter(pk=value).exists()
        ):
            names.want(model_field, value)
            names.load()
            raise RestoreError(
                _(
                    "This version cannot be restored: “%(field)s” refers to “%(value)s”, "
                    "which no longer exists or can no longer be chosen here. Please choose "
                    "a later version or edit the entry directly."
                )
                % {
                    "field": capfirst(str(model_field.verbose_name)),
                    "value": names.show(model_field, value),
                }
            )
        values[model_field.attname] = value
    if kind.check is not None and (problem := kind.check(target, values)):
        raise RestoreError(problem)
    candidate = copy.copy(obj)
    for name, value in values.items():
        setattr(candidate, name, value)
    restored = {f.name for f in kind.restored_fields()}
    try:
        candidate.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in restored])
    except ValidationError as error:
        raise RestoreError(
            _("This version cannot be restored: %(reasons)s")
            % {"reasons": " ".join(error.messages)}
        ) from error

    m2m_values: dict[str, list[int]] = {}
    left_out: list[str] = []
    states = _m2m_states(kind, [record])
    for m2m_field in kind.m2m_fields():
        wanted = states[m2m_field.name][record.history_id]
        kept = set(
            _allowed(kind, target, m2m_field).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        m2m_values[m2m_field.name] = sorted(kept)
        if wanted - kept:
            names.want(m2m_field, wanted - kept)
            names.load()
            left_out.append(names.show(m2m_field, wanted - kept))

    current_m2m = {
        name: set(getattr(obj, name).values_list("pk", flat=True)) for name in m2m_values
    }
    if all(getattr(obj, name) == value for name, value in values.items()) and all(
        current_m2m[name] == set(ids) for name, ids in m2m_values.items()
    ):
        raise NothingToRestore(_("This version matches the current state; nothing was changed."))
    saved = services.save_versioned(
        obj,
        expected_version=expected_version,
        changes=values,
        m2m=m2m_values,
        reason=_("Restored: version of %(date)s") % {"date": when(record)},
    )
    return Restored(saved, left_out)


# The kinds of strategy content ------------------------------------------------------------


def _strategy_url(name: str, target: Target, **kwargs: int) -> str:
    return reverse(
        f"strategies:{name}",
        kwargs={"slug": target.municipality.slug, "strategy": target.strategy.pk, **kwargs},
    )


def in_strategy(
    model: type[models.Model], lookup: str = "strategy", related: Iterable[str] = ()
) -> Callable[..., Target]:
    """A loader for objects of a strategy: the strategy as the object's own pages reach it
    (404 for other municipalities), then the object within it."""

    def load(request: HttpRequest, slug: str, strategy: int, pk: int) -> Target:
        the_strategy = get_strategy_for_user(request, slug, strategy)
        obj = get_object_or_404(
            model._default_manager.select_related(*related), pk=pk, **{lookup: the_strategy}
        )
        obj.context_municipality = the_strategy.context_municipality
        if lookup == "strategy":
            obj.strategy = the_strategy
        return Target(obj, the_strategy.context_municipality, the_strategy)

    return load


def _load_strategy(request: HttpRequest, slug: str, strategy: int) -> Target:
    the_strategy = get_strategy_for_user(request, slug, strategy)
    return Target(the_strategy, the_strategy.context_municipality, the_strategy)


def _load_step(request: HttpRequest, slug: str, strategy: int, pk: int) -> Target:
    target = in_strategy(Step, "measure__strategy", ["measure"])(request, slug, strategy, pk)
    target.obj.measure.strategy = target.strategy
    return target


def edits_strategy(user: Any, target: Target) -> bool:
    return user.has_perm(EDIT, target.municipality)


def _leads(user: Any, target: Target) -> bool:
    return user.has_perm("strategies.change_measure", target.obj)


def _edits_step(user: Any, target: Target) -> bool:
    return user.has_perm("strategies.change_step", target.obj)


def _edits_owner(user: Any, target: Target) -> bool:
    """Indicators and milestones of a measure: whoever may edit the measure; otherwise
    the strategy's editors."""
    measure = getattr(target.obj, "measure", None)
    if measure is None:
        return edits_strategy(user, target)
    measure.context_municipality = target.municipality
    return user.has_perm("strategies.change_measure", measure)


def _people(target: Target) -> models.QuerySet:
    return members_who_can_lead(target.strategy)


def _goals(target: Target) -> models.QuerySet:
    return Goal.objects.filter(strategy=target.strategy).exclude(pk=target.obj.pk)


def _goal_check(target: Target, values: dict[str, Any]) -> str:
    parent = Goal.objects.filter(pk=values.get("parent_id")).first()
    if not services.goal_parent_is_valid(target.obj, parent):
        return _(
            "This version cannot be restored: the goal would lie below itself or below one "
            "of its sub-goals."
        )
    return ""


def _measure_check(target: Target, values: dict[str, Any]) -> str:
    parent = Measure.objects.filter(pk=values.get("parent_id")).first()
    if not services.measure_parent_is_valid(target.obj, parent):
        return _(
            "This version cannot be restored: the measure would be part of itself or of one "
            "of its parts."
        )
    return ""


def _owner_back(target: Target) -> tuple[str, str]:
    obj = target.obj
    if getattr(obj, "measure_id", None):
        return _strategy_url("measure", target, pk=obj.measure_id), str(obj.measure)
    if getattr(obj, "goal_id", None):
        return _strategy_url("goal_edit", target, pk=obj.goal_id), str(obj.goal)
    return _strategy_url("overview", target), str(target.strategy)


def in_strategy_kwargs(obj: models.Model) -> dict[str, int]:
    return {"strategy": obj.strategy_id, "pk": obj.pk}


def _back_to(name: str, label: str) -> Callable[[Target], tuple[str, str]]:
    """Back to a list page of the strategy (`label`: its title)."""
    return lambda target: (_strategy_url(name, target), str(label))


def _unique_name(siblings: Callable[[Target], models.QuerySet]) -> Callable[..., str]:
    """A name must stay unique among its siblings (the database refuses a duplicate)."""

    def check(target: Target, values: dict[str, Any]) -> str:
        taken = siblings(target).filter(name=values.get("name")).exclude(pk=target.obj.pk)
        if taken.exists():
            return _(
                "This version cannot be restored: the name “%(name)s” is used by another "
                "entry now. Please rename that entry first."
            ) % {"name": values.get("name")}
        return ""

    return check


def _criterion_check(target: Target, values: dict[str, Any]) -> str:
    """A smaller scale must still hold the values measures already have."""
    highest = target.obj.scores.aggregate(m=Max("value"))["m"]
    if (
        highest is not None
        and values.get("scale_max") is not None
        and highest > values["scale_max"]
    ):
        return _(
            "This version cannot be restored: its scale ends at %(max)s, but measures already "
            "have values up to %(highest)s. Please lower those values first."
        ) % {"max": values["scale_max"], "highest": highest}
    return ""


def _load_score(request: HttpRequest, slug: str, strategy: int, pk: int) -> Target:
    target = in_strategy(MeasureScore, "measure__strategy", ["measure", "criterion"])(
        request, slug, strategy, pk
    )
    measure = target.obj.measure
    measure.strategy = target.strategy
    measure.context_municipality = target.municipality
    return target


def _edits_scored_measure(user: Any, target: Target) -> bool:
    """Like saving the assessment: whoever may edit the measure."""
    return user.has_perm("strategies.change_measure", target.obj.measure)


STRATEGY_KINDS = register(
    HistoryKind(
        key="strategy",
        slug="strategie",
        model=Strategy,
        namespace="strategies",
        load=_load_strategy,
        may_restore=edits_strategy,
        back=lambda t: (_strategy_url("overview", t), str(t.obj)),
        url_kwargs=lambda obj: {"strategy": obj.pk},
        pk_in_url=False,
        hidden=frozenset({"municipality"}),
        # Publishing the transparency page is a decision of its own, not undone by a restore.
        kept=frozenset({"municipality", "public_page"}),
    ),
    HistoryKind(
        key="field",
        slug="handlungsfeld",
        model=FieldOfAction,
        namespace="strategies",
        load=in_strategy(FieldOfAction),
        may_restore=edits_strategy,
        back=lambda t: (_strategy_url("field", t, pk=t.obj.pk), str(t.obj)),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
        choices={"responsible": _people},
    ),
    HistoryKind(
        key="goal",
        slug="ziel",
        model=Goal,
        namespace="strategies",
        load=in_strategy(Goal),
        may_restore=edits_strategy,
        back=lambda t: (_strategy_url("goal_edit", t, pk=t.obj.pk), str(t.obj)),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
        choices={
            "parent": _goals,
            "fields": lambda t: FieldOfAction.objects.filter(strategy=t.strategy),
        },
        check=_goal_check,
    ),
    HistoryKind(
        key="indicator",
        slug="indikator",
        model=Indicator,
        namespace="strategies",
        load=in_strategy(Indicator, related=["goal", "measure"]),
        may_restore=_edits_owner,
        back=_owner_back,
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy", "goal", "measure"}),
        kept=frozenset({"strategy", "goal", "measure"}),
    ),
    HistoryKind(
        key="measure",
        slug="massnahme",
        model=Measure,
        namespace="strategies",
        load=in_strategy(Measure, related=["responsible"]),
        may_restore=_leads,
        back=lambda t: (_strategy_url("measure", t, pk=t.obj.pk), str(t.obj)),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        # Progress comes from the latest status update; a restore does not rewrite it.
        kept=frozenset({"strategy", "progress_percent", "status_updated_at"}),
        choices={
            "parent": lambda t: Measure.objects.filter(strategy=t.strategy).exclude(pk=t.obj.pk),
            "responsible": _people,
            "partner_municipality": lambda t: Municipality.objects.filter(
                pk__in=t.strategy.partnerships.values_list("municipality_id", flat=True)
            ),
            "goals": lambda t: Goal.objects.filter(strategy=t.strategy),
            "fields": lambda t: FieldOfAction.objects.filter(strategy=t.strategy),
            "tags": lambda t: Tag.objects.filter(axis__strategy=t.strategy),
        },
        check=_measure_check,
    ),
    HistoryKind(
        key="step",
        slug="schritt",
        model=Step,
        namespace="strategies",
        load=_load_step,
        may_restore=_edits_step,
        back=lambda t: (_strategy_url("measure", t, pk=t.obj.measure_id), str(t.obj.measure)),
        url_kwargs=lambda obj: {"strategy": obj.measure.strategy_id, "pk": obj.pk},
        hidden=frozenset({"measure", "done_at"}),
        kept=frozenset({"measure"}),
        choices={"owner": _people},
    ),
    HistoryKind(
        key="milestone",
        slug="meilenstein",
        model=Milestone,
        namespace="strategies",
        load=in_strategy(Milestone, related=["measure"]),
        may_restore=_edits_owner,
        back=_owner_back,
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy", "measure"}),
        kept=frozenset({"strategy", "measure"}),
    ),
    # The smaller pieces: their pages are lists, so "back" leads to the list.
    HistoryKind(
        key="principle",
        slug="leitlinie",
        model=GuidingPrinciple,
        namespace="strategies",
        load=in_strategy(GuidingPrinciple),
        may_restore=edits_strategy,
        back=_back_to("vision", gettext_lazy("Vision and guiding principles")),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
    ),
    HistoryKind(
        key="plan_link",
        slug="plan",
        model=PlanLink,
        namespace="strategies",
        load=in_strategy(PlanLink),
        may_restore=edits_strategy,
        back=_back_to("vision", gettext_lazy("Vision and guiding principles")),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
    ),
    HistoryKind(
        key="programme_phase",
        slug="programmphase",
        model=ProgrammePhase,
        namespace="strategies",
        load=in_strategy(ProgrammePhase),
        may_restore=edits_strategy,
        back=lambda t: (_strategy_url("overview", t), str(t.strategy)),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
    ),
    HistoryKind(
        key="partnership",
        slug="partnerschaft",
        model=StrategyPartner,
        namespace="strategies",
        load=in_strategy(StrategyPartner, related=["municipality"]),
        # Like adding and removing partners: the coordination's decision.
        may_restore=lambda user, t: user.has_perm("strategies.manage_strategy", t.municipality),
        back=lambda t: (_strategy_url("overview", t), str(t.strategy)),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy", "invited_by", "answered_by", "ended_by"}),
        # Only the kind of partnership comes back: the state is the partner's consent and
        # changes through invitation, answer, withdrawal and end (strategies/partnerships.py).
        kept=frozenset(
            {
                "strategy",
                "municipality",
                "status",
                "invited_by",
                "invited_at",
                "answered_by",
                "answered_at",
                "ended_by",
                "ended_at",
            }
        ),
    ),
    HistoryKind(
        key="tag_axis",
        slug="kategorie-achse",
        model=TagAxis,
        namespace="strategies",
        load=in_strategy(TagAxis),
        may_restore=edits_strategy,
        back=_back_to("tags", gettext_lazy("Classification axes and tags")),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
        check=_unique_name(lambda t: TagAxis.objects.filter(strategy=t.strategy)),
    ),
    HistoryKind(
        key="tag",
        slug="schlagwort",
        model=Tag,
        namespace="strategies",
        load=in_strategy(Tag, "axis__strategy", ["axis"]),
        may_restore=edits_strategy,
        back=_back_to("tags", gettext_lazy("Classification axes and tags")),
        url_kwargs=lambda obj: {"strategy": obj.axis.strategy_id, "pk": obj.pk},
        hidden=frozenset({"axis"}),
        kept=frozenset({"axis"}),
        check=_unique_name(lambda t: Tag.objects.filter(axis_id=t.obj.axis_id)),
    ),
    HistoryKind(
        key="criterion",
        slug="kriterium",
        model=PriorityCriterion,
        namespace="strategies",
        load=in_strategy(PriorityCriterion),
        may_restore=edits_strategy,
        back=_back_to("priorities", gettext_lazy("Prioritisation")),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
        check=_criterion_check,
    ),
    HistoryKind(
        key="checklist_template",
        slug="checklisten-vorlage",
        model=ChecklistTemplate,
        namespace="strategies",
        # Only the strategy's own templates; the global ones belong to the operators.
        load=in_strategy(ChecklistTemplate),
        may_restore=edits_strategy,
        back=_back_to("checklist_templates", gettext_lazy("Checklist templates")),
        url_kwargs=in_strategy_kwargs,
        hidden=frozenset({"strategy"}),
        kept=frozenset({"strategy"}),
    ),
    # A measure's value for one criterion: its own history, since the assessment is saved
    # apart from the measure profile (and its version), and restored on its own.
    HistoryKind(
        key="score",
        slug="bewertung",
        model=MeasureScore,
        namespace="strategies",
        load=_load_score,
        may_restore=_edits_scored_measure,
        back=_back_to("priorities", gettext_lazy("Prioritisation")),
        url_kwargs=lambda obj: {"strategy": obj.measure.strategy_id, "pk": obj.pk},
        title=lambda obj: (
            _("%(criterion)s of “%(measure)s”")
            % {"criterion": obj.criterion.name, "measure": obj.measure.title}
        ),
        hidden=frozenset({"measure", "criterion"}),
        kept=frozenset({"measure", "criterion"}),
    ),
)
