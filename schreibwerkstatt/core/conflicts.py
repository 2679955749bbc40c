"""The one answer to an edit that lost the race (optimistic locking, core.locking).

Somebody saved the object after the editor loaded it. Nothing is overwritten: the page
answers 409 with the form as the editor filled it in, now carrying the current version (so
saving again replaces the other version on purpose), and shows what the other person saved
(core/partials/conflict.html). Used by InlineEdit, the full edit pages and every other edit
form that saves a versioned object."""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest

from .locking import StaleEditError


@dataclass(frozen=True)
class Conflict:
    form: forms.BaseForm  # the editor's input, carrying the current version
    current: models.Model  # what is saved now
    rows: list[tuple[str, str]]  # (label, value) of it, for the conflict message


def saved_values(
    form: forms.BaseForm, current: models.Model, *, keep_empty: bool = False
) -> list[tuple[str, str]]:
    """(label, value) of what the other person saved, per visible field of the form; empty
    values are left out unless `keep_empty`."""
    rows = []
    for name, field in form.fields.items():
        if field.widget.is_hidden or not hasattr(current, name):
            continue
        model_field = current._meta.get_field(name)
        if model_field.many_to_many:
            value = ", ".join(str(o) for o in getattr(current, name).all())
        elif model_field.choices:
            value = getattr(current, f"get_{name}_display")()
        else:
            raw = getattr(current, name)
            value = "" if raw is None else str(raw)
        if value or keep_empty:
            rows.append((str(field.label), value))
    return rows


def save_or_conflict(
    request: HttpRequest,
    form: forms.BaseForm,
    make_form: Callable[..., forms.BaseForm],
    save: Callable[[], Any] | None = None,
    *,
    keep_empty: bool = False,
    rows: Callable[[Any], list[tuple[str, str]]] | None = None,
) -> tuple[Any, Conflict | None]:
    """Save a valid edit form: (saved object, None), or (None, Conflict) if the version was stale.

    `save` defaults to the form's own `save_versioned()`. `make_form(data, instance=...)`
    builds the same form as the view does (some forms need the strategy, some an `auto_id`).
    `rows(current)` replaces saved_values where a page words the other version its own way."""
    try:
        return (save or form.save_versioned)(), None
    except StaleEditError as error:
        current = error.current
        shown = rows(current) if rows else saved_values(form, current, keep_empty=keep_empty)
        data = request.POST.copy()
        data["version"] = str(current.version)
        # Validating a model form writes its input into its instance: a copy keeps `current`.
        fresh = make_form(data, instance=copy.copy(current))
        fresh.is_valid()
        return None, Conflict(fresh, current, shown)
