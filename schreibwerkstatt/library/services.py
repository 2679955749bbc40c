"""Writes of the library: sharing a measure, ending the share, taking a measure over.

Views validate (forms.py); these assume valid input, except for what may have changed
between the form and the write: `adopt` checks under a row lock that the origin is still in
the library and raises NotInLibrary otherwise, before anything is written.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.inbox.models import Kind
from schreibwerkstatt.inbox.services import notify
from schreibwerkstatt.municipalities.models import Membership, Municipality, Role
from schreibwerkstatt.strategies import services as strategy_services
from schreibwerkstatt.strategies.models import FieldOfAction, Goal, Indicator, Measure, Strategy

from . import index
from .index import PUBLIC_TEXT
from .models import Adoption, Share, library_measures


class NotInLibrary(Exception):
    """The measure left the library (unpublished, unshared or deleted) meanwhile."""


@transaction.atomic
def share_measure(measure: Measure, *, contact=None, by=None) -> Share:
    """Share the measure with the library, or change its contact person."""
    share, created = Share.objects.get_or_create(
        measure=measure, defaults={"contact": contact, "shared_by": by}
    )
    if not created and share.contact_id != (contact.pk if contact else None):
        share.contact = contact
        share.save(update_fields=["contact"])
    return share


@transaction.atomic
def unshare_measure(measure: Measure) -> None:
    """The measure leaves the library unless its strategy is published."""
    Share.objects.filter(measure=measure).delete()
    index.refresh_measure(measure.pk)


def origin_label(measure: Measure) -> str:
    """„Musterstadt an der Havel, Strategie „Digitale Musterstadt 2030““ (German: it is
    stored and shown to everybody of the adopting municipality alike)."""
    with translation.override("de"):
        return _("%(municipality)s, strategy “%(strategy)s”") % {
            "municipality": measure.strategy.municipality.name,
            "strategy": measure.strategy.title,
        }


@dataclass(frozen=True)
class Target:
    municipality: Municipality
    strategy: Strategy
    field: FieldOfAction | None
    goal: Goal | None


@transaction.atomic
def adopt(origin_pk: int, target: Target, *, by, named: bool) -> Adoption:
    """Copy the library measure `origin_pk` into the target strategy as a new measure with the
    status Idea (a draft): its public profile texts, its steps as an open checklist (titles
    only: no owners, no dates) and its indicators (name, unit, kind; no values), in the chosen
    field of action and goal, through strategies' services (history, search and assignments
    stay right). Record the origin; tell the origin's people."""
    origin = (
        library_measures()
        .select_for_update(of=("self",))
        .select_related("strategy__municipality")
        .filter(pk=origin_pk)
        .first()
    )
    if origin is None:
        raise NotInLibrary
    copy = Measure(
        strategy=target.strategy,
        title=origin.title,
        short_name=origin.short_name,
        plain_name=origin.plain_name,
        status=Measure.Status.IDEA,
        **{name: getattr(origin, name) for name in PUBLIC_TEXT},
    )
    m2m = {
        "fields": [target.field] if target.field else [],
        "goals": [target.goal] if target.goal else [],
    }
    copy = strategy_services.add_measure(copy, m2m=m2m, by=by)
    for step in origin.steps.order_by("position", "pk"):
        strategy_services.add_step(copy, title=step.title, by=by)
    for indicator in origin.indicators.order_by("pk"):
        strategy_services.add_indicator(
            Indicator(strategy=target.strategy, measure=copy, name=indicator.name,
                      unit=indicator.unit, kind=indicator.kind)
        )  # fmt: skip
    adoption = Adoption.objects.create(
        measure=copy,
        origin=origin,
        origin_municipality=origin.strategy.municipality,
        origin_label=origin_label(origin),
        origin_title=origin.title,
        origin_stand=origin.updated_at,
        municipality=target.municipality,
        adopted_by=by,
        named=named,
    )
    _tell_origin(origin, adoption)
    return adoption


def _tell_origin(origin: Measure, adoption: Adoption) -> None:
    """The origin measure's responsible person and the origin municipality's Koordination hear
    of the reuse (Kind.REUSE); the adopting municipality is named only if it agreed. Only
    people who are members of the origin's lead municipality now."""
    municipality = origin.strategy.municipality
    members = Membership.objects.filter(municipality=municipality).select_related("user")
    people = [
        m.user for m in members
        if m.role == Role.COORDINATOR or (origin.responsible_id and m.user_id == origin.responsible_id)
    ]  # fmt: skip
    if not people:
        return
    kwargs = {"slug": municipality.slug, "strategy": origin.strategy_id, "pk": origin.pk}
    url = reverse("strategies:measure", kwargs=kwargs)
    with translation.override("de"):
        subject = _("“%(title)s” was taken over from the library") % {"title": origin.title}
        if adoption.named:
            summary = _("%(municipality)s took your measure over into its strategy.") % {
                "municipality": adoption.municipality.name
            }
        else:
            summary = _("A municipality that does not want to be named took your measure over.")
        stand = formats.date_format(timezone.localtime(adoption.adopted_at), "SHORT_DATE_FORMAT")
    body = f"{summary} ({stand})\n\n{settings.SITE_URL}{url}"
    notify(people, kind=Kind.REUSE, subject=subject, body=body, summary=summary, url=url)
