"""Telling a person that someone made them the lead of a measure or the owner of a step
(inbox Kind.ASSIGNMENT): only when the field changes to a new person, never the person who
did it, and only someone who is still a member of one of the strategy's municipalities (an
ex-member or a person of another municipality gets nothing)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox.models import Kind
from schreibwerkstatt.inbox.services import notify
from schreibwerkstatt.municipalities.models import Membership

from .models import Measure, Step, Strategy


def _slug_for(person, strategy: Strategy) -> str | None:
    """The slug of a municipality of the strategy that the person is a member of (their way
    to the strategy), or None if they may not read it (one query)."""
    municipalities = [
        strategy.municipality_id,
        *strategy.partnerships.values_list("municipality_id", flat=True),
    ]
    return (
        Membership.objects.filter(user=person, municipality_id__in=municipalities)
        .order_by("municipality_id")
        .values_list("municipality__slug", flat=True)
        .first()
    )


def tell_assignee(obj: Measure | Step, person, *, by) -> None:
    """`person` was just made the lead of the measure / owner of the step `obj` by `by`."""
    if person is None or person.pk == by.pk:
        return
    measure = obj if isinstance(obj, Measure) else obj.measure
    slug = _slug_for(person, measure.strategy)
    if slug is None:
        return
    kwargs = {"slug": slug, "strategy": measure.strategy_id, "pk": measure.pk}
    url = reverse("strategies:measure", kwargs=kwargs)
    if isinstance(obj, Step):
        url += f"#step-{obj.pk}"
    with translation.override("de"):
        subject = _("%(person)s has assigned “%(title)s” to you") % {
            "person": by,
            "title": obj.title,
        }
        if isinstance(obj, Step):
            summary = _("Project step of the measure “%(measure)s”") % {"measure": measure.title}
        else:
            summary = _("You are now the person responsible for this measure.")
    body = f"{summary}\n\n{settings.SITE_URL}{url}"
    notify([person], kind=Kind.ASSIGNMENT, subject=subject, body=body, summary=summary, url=url)


def save_assigning(form, field: str, *, by) -> models.Model:
    """Save a versioned edit form (`save_versioned`) and tell the person now named in
    `field` (a measure's "responsible", a step's "owner") if the edit changed it."""
    saved = form.save_versioned()
    if field in form.changed_data:
        tell_assignee(saved, form.cleaned_data[field], by=by)
    return saved
