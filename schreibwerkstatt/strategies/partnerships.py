"""Joint strategies: the lead municipality invites, the partner's coordination answers.

A partnership is an invitation until the invited municipality's coordination accepts it.
Until then neither side sees anything of the other but the invitation itself: the invited
coordination sees the inviting municipality and the strategy title, the lead sees the name of
the municipality it invited. Everything that treats a partner as partner (access through the
partner's address, lists, responsible people, @mentions, Meine Aufgaben, transparency pages,
exports) reads `StrategyPartner.objects`, which holds accepted partnerships only.
"""

from django.conf import settings
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.inbox.models import Kind as NotificationKind
from schreibwerkstatt.inbox.services import notify, path_of
from schreibwerkstatt.municipalities.models import Membership, Municipality

from .models import Strategy, StrategyPartner

Status = StrategyPartner.Status


class PartnershipError(Exception):
    """The invitation or partnership is not in a state that allows this; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Reads ------------------------------------------------------------------------------------


def open_invitations_for(municipality: Municipality) -> "models.QuerySet[StrategyPartner]":
    """Invitations the municipality has not answered yet, newest first. Callers show only the
    inviting municipality, the strategy title and the kind of partnership."""
    return (
        StrategyPartner.every_state.filter(municipality=municipality, status=Status.INVITED)
        .select_related("strategy__municipality")
        .order_by("-invited_at", "-pk")
    )


def partnerships_shown_in(strategy: Strategy) -> "models.QuerySet[StrategyPartner]":
    """The partner list of the strategy's edit page. Through the lead's address: invitations,
    refusals and partnerships (municipality names only); through a partner's: partnerships."""
    context = getattr(strategy, "context_municipality", None)
    shown = [Status.ACCEPTED]
    if context is not None and context.pk == strategy.municipality_id:
        shown = [Status.INVITED, Status.ACCEPTED, Status.DECLINED]
    return (
        StrategyPartner.every_state.filter(strategy=strategy, status__in=shown)
        .select_related("municipality")
        .order_by("municipality__name")
    )


def _coordinators(municipality_id: int) -> list[User]:
    """The active coordination of a municipality: invitations and answers reach them
    through their inbox (and by mail, as each chose)."""
    members = (
        Membership.objects.coordinators()
        .filter(municipality_id=municipality_id, user__is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    return [membership.user for membership in members]


def _mail(recipients: list[User], subject: str, template: str, context: dict) -> None:
    if not recipients:
        return
    with translation.override("de"):
        body = render_to_string(template, context)
    notify(
        recipients,
        kind=NotificationKind.OTHER,
        subject=subject,
        body=body,
        summary="",  # the subject says who invites or answered
        url=path_of(context["link"]),
    )


# Writes -----------------------------------------------------------------------------------


def _locked(partnership: StrategyPartner) -> StrategyPartner:
    return (
        StrategyPartner.every_state.select_for_update()
        .select_related("strategy__municipality", "municipality")
        .get(pk=partnership.pk)
    )


def _save(partnership: StrategyPartner, reason: str) -> StrategyPartner:
    partnership.version += 1
    partnership._change_reason = reason
    partnership.save()
    return partnership


@transaction.atomic
def invite_partner(
    strategy: Strategy, municipality: Municipality, *, label: str = "", invited_by=None
) -> StrategyPartner:
    """Invite `municipality` into the strategy and mail its coordination. After a refusal,
    a withdrawal or an end the same row becomes an invitation again."""
    if municipality.pk == strategy.municipality_id:
        raise PartnershipError(_("The lead municipality cannot be its own partner."))
    partnership = (
        StrategyPartner.every_state.select_for_update()
        .filter(strategy=strategy, municipality=municipality)
        .first()
    )
    if partnership is None:
        partnership = StrategyPartner(strategy=strategy, municipality=municipality, version=0)
    elif partnership.is_open:
        raise PartnershipError(
            _("%(name)s has already been invited or is a partner.") % {"name": municipality.name}
        )
    partnership.status = Status.INVITED
    partnership.label = label
    partnership.invited_by = invited_by
    partnership.invited_at = timezone.now()
    partnership.answered_by = partnership.answered_at = None
    partnership.ended_by = partnership.ended_at = None
    with translation.override("de"):
        reason = _("Invitation sent")
        subject = _("%(lead)s invites %(name)s to a joint strategy") % {
            "lead": strategy.municipality.name,
            "name": municipality.name,
        }
    _save(partnership, reason)
    _mail(
        _coordinators(municipality.pk),
        subject,
        "strategies/mail/partner_invitation.txt",
        {
            "lead": strategy.municipality.name,
            "title": strategy.title,
            "invited": municipality.name,
            "label": label,
            "link": settings.SITE_URL
            + reverse("strategies:partner_invitations", kwargs={"slug": municipality.slug}),
        },
    )
    return partnership


def _answer(partnership: StrategyPartner, by, status: str) -> StrategyPartner:
    current = _locked(partnership)
    if current.status != Status.INVITED:
        raise PartnershipError(
            _("This invitation is no longer open: it has been answered or withdrawn.")
        )
    current.status = status
    current.answered_by = by
    current.answered_at = timezone.now()
    accepted = status == Status.ACCEPTED
    with translation.override("de"):
        reason = _("Invitation accepted") if accepted else _("Invitation declined")
        subject = (
            _("%(name)s has accepted the invitation to “%(title)s”")
            if accepted
            else _("%(name)s has declined the invitation to “%(title)s”")
        ) % {"name": current.municipality.name, "title": current.strategy.title}
    _save(current, reason)
    lead = current.strategy.municipality
    _mail(
        _coordinators(lead.pk),
        subject,
        "strategies/mail/partner_answer.txt",
        {
            "name": current.municipality.name,
            "title": current.strategy.title,
            "accepted": accepted,
            "link": settings.SITE_URL
            + reverse(
                "strategies:edit", kwargs={"slug": lead.slug, "strategy": current.strategy_id}
            ),
        },
    )
    return current


@transaction.atomic
def accept_partnership(partnership: StrategyPartner, *, by) -> StrategyPartner:
    """The invited coordination agrees: from now on its members work on the strategy."""
    return _answer(partnership, by, Status.ACCEPTED)


@transaction.atomic
def decline_partnership(partnership: StrategyPartner, *, by) -> StrategyPartner:
    return _answer(partnership, by, Status.DECLINED)


@transaction.atomic
def end_partnership(partnership: StrategyPartner, *, by) -> StrategyPartner:
    """Withdraw an open invitation or end a partnership; the row stays as a record."""
    current = _locked(partnership)
    if not current.is_open:
        raise PartnershipError(_("This invitation or partnership has already ended."))
    withdrawn = current.status == Status.INVITED
    current.status = Status.WITHDRAWN if withdrawn else Status.ENDED
    current.ended_by = by
    current.ended_at = timezone.now()
    with translation.override("de"):
        reason = _("Invitation withdrawn") if withdrawn else _("Partnership ended")
    return _save(current, reason)
