"""Who reads the library, who shares and who takes a measure over (docs/roles.md).

The library holds only what municipalities published or shared on purpose (models.py), so
reading it needs no role in the origin municipality: every member of a municipality and every
adviser reads it, and so do operators (they keep the catalogue the filters use and answer for
the platform's content; they still read nothing of a municipality that is not in the
library, and adopt nothing: they edit no strategy). A signed-in person without any of these
roles gets 403, a visitor the login.

Sharing a measure, and naming its contact person, is for who edits the strategy's content
(Koordination, Redaktion) in the municipality of the URL. Taking a measure over needs the
same right in the target strategy's municipality (forms.AdoptForm checks it again on POST).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from schreibwerkstatt.municipalities.models import Role
from schreibwerkstatt.municipalities.rules import (
    advised_ids,
    can_edit_content,
    is_operator,
    my_municipalities,
    roles_for,
)
from schreibwerkstatt.strategies.models import Measure, Strategy
from schreibwerkstatt.strategies.rules import EDIT, get_measure_for_user, strategies_of

from .models import library_measures

EDITING_ROLES = (Role.COORDINATOR, Role.EDITOR)


@rules.predicate
def reads_library(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return (
        bool(roles_for(user)) or bool(advised_ids(user)) or is_operator(user) or user.is_superuser
    )


rules.add_perm("library.view_library", reads_library)
rules.add_perm("library.share_measure", can_edit_content)


def require_reader(request: HttpRequest) -> None:
    if not request.user.has_perm("library.view_library"):
        raise PermissionDenied


def get_library_measure(request: HttpRequest, pk: int) -> Measure:
    """A measure that is in the library now, with what its profile shows; 404 for any other
    (unpublished, unshared or missing: the same answer, so nothing is revealed)."""
    require_reader(request)
    measure = library_measures().filter(pk=pk).select_related("strategy__municipality").first()
    if measure is None:
        raise Http404
    return measure


def get_measure_to_share(request: HttpRequest, slug: str, strategy_pk: int, pk: int) -> Measure:
    """A measure of the URL's strategy whose content the person edits there (404/403)."""
    return get_measure_for_user(request, slug, strategy_pk, pk, EDIT)


def editable_strategies(user) -> list[tuple[object, Strategy]]:
    """(municipality, strategy) pairs the person may add measures to: strategies of (or
    joined by) a municipality where they are Koordination or Redaktion; archived ones not."""
    roles = roles_for(user)
    pairs = []
    for municipality in my_municipalities(user):
        if roles.get(municipality.pk) not in EDITING_ROLES:
            continue
        for strategy in (
            strategies_of(municipality)
            .exclude(status=Strategy.Status.ARCHIVED)
            .order_by("title", "pk")
        ):
            pairs.append((municipality, strategy))
    return pairs


def may_edit_in(user, municipality) -> bool:
    return can_edit_content(user, municipality)
