"""The history of every editable element: who changed what and when, in words people
understand, and the restore of an earlier version. Which objects have a history, and how
to reach them, is registered in kinds.py.
"""

import copy
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from schreibwerkstatt.core.locking import save_versioned

from .kinds import REGISTRY, HistoryKind, Target

PER_PAGE = 50


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


def record_of(obj: models.Model, history_id: int) -> Any:
    """One record of the object's history; 404 for a record of another object."""
    return get_object_or_404(obj.history.all(), history_id=history_id)


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
            kind = REGISTRY.get(model)
            queryset = model._default_manager.filter(pk__in=ids)
            if kind is not None and kind.name_related:
                queryset = queryset.select_related(*kind.name_related)
            self.found[model] = {obj.pk: str(obj) for obj in queryset}
            missing = ids - set(self.found[model])
            history = getattr(model, "history", None)
            if missing and history is not None:
                olds = list(
                    history.model.objects.filter(id__in=missing).order_by(
                        "id", "-history_date", "-history_id"
                    )
                )
                if kind is not None and kind.deleted_names is not None:
                    self.deleted[model].update(kind.deleted_names(olds))
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
    save_versioned, so a stale version is refused)."""
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
    saved = save_versioned(
        obj,
        expected_version=expected_version,
        changes=values,
        m2m=m2m_values,
        reason=_("Restored: version of %(date)s") % {"date": when(record)},
    )
    return Restored(saved, left_out)
