"""Partner municipalities of a joint strategy (strategies/partnerships.py): the lead's
coordination invites, withdraws and ends; the invited coordination accepts or declines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import get_municipality_for_user

from ..forms import PartnerForm
from ..models import Strategy, StrategyPartner
from ..partnerships import (
    PartnershipError,
    accept_partnership,
    decline_partnership,
    end_partnership,
    invite_partner,
    open_invitations_for,
)
from ..rules import get_invitation_for_user, get_partnership_for_user, get_strategy_for_user
from .common import _form_page, _go

MANAGE = "strategies.manage_strategy"
Status = StrategyPartner.Status


def _is_lead(strategy: Strategy) -> bool:
    return strategy.context_municipality.pk == strategy.municipality_id


@login_required
@require_POST
def partner_add(request: HttpRequest, slug: str, strategy: int) -> HttpResponse:
    """Invite a partner. Only the lead's coordination invites: a partner cannot bring a third
    municipality into somebody else's strategy."""
    obj = get_strategy_for_user(request, slug, strategy, MANAGE)
    if not _is_lead(obj):
        raise PermissionDenied
    form = PartnerForm(request.POST, strategy=obj)
    status = 400
    if form.is_valid():
        invited = form.cleaned_data["municipality"]
        try:
            invite_partner(obj, invited, label=form.cleaned_data["label"], invited_by=request.user)
        except PartnershipError as error:  # invited meanwhile by somebody else
            form.add_error("municipality", error.message)
            status = 409
        else:
            messages.success(
                request,
                _(
                    "The coordination of %(name)s has been invited. %(name)s becomes a partner "
                    "once it accepts; until then neither side sees anything of the other."
                )
                % {"name": invited.name},
            )
            return _go(obj, "edit")
    return _form_page(
        request,
        obj,
        form,
        title=_("Invite a partner municipality"),
        back=obj.url_for(obj.context_municipality),
        status=status,
    )


@login_required
@require_POST
def partner_remove(request: HttpRequest, slug: str, strategy: int, pk: int) -> HttpResponse:
    """The lead withdraws an invitation or ends a partnership; a partner's coordination may
    end its own partnership (leave the strategy)."""
    partnership = get_partnership_for_user(request, slug, strategy, pk)
    obj = partnership.strategy
    lead = _is_lead(obj)
    ended = end_partnership(partnership, by=request.user)
    name = partnership.municipality.name
    if ended.status == Status.WITHDRAWN:
        messages.success(
            request, _("The invitation to %(name)s has been withdrawn.") % {"name": name}
        )
    elif lead:
        messages.success(request, _("The partnership with %(name)s has ended.") % {"name": name})
    else:
        messages.success(
            request,
            _("Your municipality no longer works on “%(title)s”.") % {"title": obj.title},
        )
        return redirect("strategies:list", slug=slug)
    return _go(obj, "edit")


def _invitations_page(
    request: HttpRequest, municipality: Municipality, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "municipality": municipality,
        "invitations": open_invitations_for(municipality),
        "error": error,
        "nav_active": "strategies",
    }
    return render(request, "strategies/partner_invitations.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def partner_invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """Open invitations of other municipalities, for the coordination of this one."""
    return _invitations_page(request, get_municipality_for_user(request, slug, MANAGE))


def _answer_invitation(
    request: HttpRequest, slug: str, pk: int, answer, message
) -> StrategyPartner | HttpResponse:
    """Accept or decline an invitation (`answer`); on success say `message(partnership)`.
    Returns the partnership, or the invitations page with the error (409) when it failed."""
    partnership = get_invitation_for_user(request, slug, pk)
    municipality = partnership.municipality
    try:
        answer(partnership, by=request.user)
    except PartnershipError as error:
        return _invitations_page(request, municipality, error=error.message, status=409)
    messages.success(request, message(partnership))
    return partnership


@login_required
@require_POST
def partnership_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    answered = _answer_invitation(
        request,
        slug,
        pk,
        accept_partnership,
        lambda partnership: (
            _("Your municipality now works on “%(title)s” of %(lead)s.")
            % {"title": partnership.strategy.title, "lead": partnership.strategy.municipality.name}
        ),
    )
    if isinstance(answered, HttpResponse):
        return answered
    return redirect("strategies:overview", slug=slug, strategy=answered.strategy_id)


@login_required
@require_POST
def partnership_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    answered = _answer_invitation(
        request,
        slug,
        pk,
        decline_partnership,
        lambda partnership: (
            _("You have declined the invitation of %(lead)s.")
            % {"lead": partnership.strategy.municipality.name}
        ),
    )
    if isinstance(answered, HttpResponse):
        return answered
    return redirect("strategies:partner_invitations", slug=slug)
