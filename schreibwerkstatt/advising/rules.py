"""Who may do what with advice (docs/roles.md).

- The cockpit, the comparison and the adviser's list of requests (`/beratung/…`): active
  advisers, over their assigned municipalities only (anybody else 403, visitors the login).
- The notes on a municipality: its assigned advisers only. Members of the municipality get
  403, advisers not assigned to it and members of other municipalities 404. Operators and
  superusers never read them, not even through a support access (which reads what the role
  Lesend reads, and the notes are no content of the municipality).
- Requests for advice: everybody who may see the municipality reads its requests (members,
  its advisers, an operator's support access); its Koordination and Redaktion send one; its
  assigned advisers change the status and answer.
"""

from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import (
    advised_ids,
    can_edit_content,
    get_municipality_for_user,
    is_assigned_adviser,
)

from .models import AdviceRequest

CHANGE_NOTE = "advising.change_note"
ADD_REQUEST = "advising.add_request"
ANSWER_REQUEST = "advising.answer_request"
rules.add_perm(CHANGE_NOTE, is_assigned_adviser)
rules.add_perm(ADD_REQUEST, can_edit_content)
rules.add_perm(ANSWER_REQUEST, is_assigned_adviser)


def is_active_adviser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_adviser)


def adviser_required(view):
    """Anonymous visitors go to the login, everybody but active advisers gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_active_adviser(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def advised_municipalities(user):
    """The municipalities the adviser accompanies (a queryset, for the cockpit's filters)."""
    return Municipality.objects.filter(pk__in=advised_ids(user))


def get_advised_municipalities(user, pks: list[int]) -> list[Municipality]:
    """The municipalities `pks` in this order, all assigned to the adviser (404 otherwise,
    so an adviser learns nothing of a municipality they do not accompany)."""
    allowed = advised_ids(user)
    if any(pk not in allowed for pk in pks):
        raise Http404
    found = Municipality.objects.select_related("parent").in_bulk(pks)
    return [found[pk] for pk in pks]


def get_note_municipality_for_user(request: HttpRequest, slug: str) -> Municipality:
    """The municipality of the URL for its assigned advisers (404 for outsiders, 403 for its
    members and an operator's support access)."""
    return get_municipality_for_user(request, slug, CHANGE_NOTE)


def get_request_for_user(
    request: HttpRequest, slug: str, pk: int, perm: str = "municipalities.view_municipality"
) -> AdviceRequest:
    """A request for advice of the municipality of the URL, judged for `perm` there (404 for
    another municipality's request, also for a forged id)."""
    municipality = get_municipality_for_user(request, slug, perm)
    advice = get_object_or_404(
        AdviceRequest.objects.select_related(
            "requested_by", "answered_by", "field", "goal", "measure"
        ),
        pk=pk,
        municipality=municipality,
    )
    advice.municipality = municipality
    return advice
