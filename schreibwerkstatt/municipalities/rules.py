"""Who may do what in a municipality. The matrix is documented in docs/roles.md.

Role look-ups are cached on the user object, so one request asks the database once
however many permission checks a page makes.

Operators (superusers) hold nothing here by their status: User.has_perm lets these rules
decide. The Koordination can grant a named operator a time-limited support access; it adds
the operator to `can_view` (reading) and to nothing else, and get_municipality_for_user
logs every request made with it and refuses any that would change something.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from .models import Invitation, Membership, Municipality, Role, SupportAccess

_ROLES_CACHE = "_sw_roles"
_ADVISED_CACHE = "_sw_advised"
_SUPPORT_CACHE = "_sw_support"
_SUPPORT_LOGGED = "_sw_support_logged"


def _memberships(user) -> list[Membership]:
    # getattr/setattr (not __dict__) so that request.user's lazy wrapper and the
    # unwrapped user that permission backends receive share one cache.
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user)
            .select_related("municipality")
            .order_by("municipality__name")
        )
        setattr(user, _ROLES_CACHE, cached)
    return cached


def roles_for(user) -> dict[int, str]:
    """{municipality id: role} of the user's memberships."""
    if not user.is_authenticated:
        return {}
    return {membership.municipality_id: membership.role for membership in _memberships(user)}


def my_municipalities(user) -> list[Municipality]:
    """The municipalities a person works in or advises, for the header switcher."""
    if not user.is_authenticated:
        return []
    own = [membership.municipality for membership in _memberships(user)]
    if user.is_adviser:
        seen = {m.pk for m in own}
        own += [m for m in user.advised_municipalities.order_by("name") if m.pk not in seen]
    return own


def coordinates_anywhere(user) -> bool:
    """Whether the person is the Koordination of at least one municipality."""
    return user.memberships.filter(role=Role.COORDINATOR).exists()


def advised_ids(user) -> frozenset[int]:
    if not (user.is_authenticated and user.is_adviser):
        return frozenset()
    cached = getattr(user, _ADVISED_CACHE, None)
    if cached is None:
        cached = frozenset(user.advised_municipalities.values_list("pk", flat=True))
        setattr(user, _ADVISED_CACHE, cached)
    return cached


def is_operator(user) -> bool:
    """The Plattform-Admin: a superuser who may use the operator area."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def support_ids(user) -> frozenset[int]:
    """Municipalities whose support access for this operator is active now (no query for
    anybody but operators)."""
    if not is_operator(user):
        return frozenset()
    cached = getattr(user, _SUPPORT_CACHE, None)
    if cached is None:
        cached = frozenset(
            SupportAccess.objects.active()
            .filter(operator=user)
            .values_list("municipality_id", flat=True)
        )
        setattr(user, _SUPPORT_CACHE, cached)
    return cached


def load_roles(users: list) -> None:
    """Fills the role caches of many people at once, read afresh: one query for their
    memberships and one for the municipalities the advisers among them advise. The same
    answers as asking each (the live boards ask for every open connection of a process at
    each change, boards/snapshots.py)."""
    memberships: dict[int, list[Membership]] = {user.pk: [] for user in users}
    for membership in (
        Membership.objects.filter(user__in=list(memberships))
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        memberships[membership.user_id].append(membership)
    advised: dict[int, set[int]] = {user.pk: set() for user in users if user.is_adviser}
    if advised:
        pairs = Municipality.advisers.through.objects.filter(user__in=list(advised))
        for user_id, municipality_id in pairs.values_list("user_id", "municipality_id"):
            advised[user_id].add(municipality_id)
    for user in users:
        forget_roles(user)
        setattr(user, _ROLES_CACHE, memberships[user.pk])
        if user.pk in advised:
            setattr(user, _ADVISED_CACHE, frozenset(advised[user.pk]))


def role_values(user_ids) -> dict[int, tuple]:
    """What load_roles reads of each of the people, as plain values, in two queries without
    a model object: equal values, equal role caches (a live board's build reads them at
    every change and loads only the people whose values changed, boards/rules.py)."""
    ids = list(user_ids)
    memberships: dict[int, list[tuple]] = {pk: [] for pk in ids}
    fields = [field.attname for field in Membership._meta.concrete_fields]
    rows = Membership.objects.filter(user__in=ids).order_by("municipality__name", "pk")
    for row in rows.values_list(*fields):
        memberships[row[fields.index("user_id")]].append(row)
    advised: dict[int, list[int]] = {pk: [] for pk in ids}
    pairs = Municipality.advisers.through.objects.filter(user__in=ids).order_by("pk")
    for user_id, municipality_id in pairs.values_list("user_id", "municipality_id"):
        advised[user_id].append(municipality_id)
    return {pk: (tuple(memberships[pk]), tuple(advised[pk])) for pk in ids}


def forget_support(user) -> None:
    if hasattr(user, _SUPPORT_CACHE):
        delattr(user, _SUPPORT_CACHE)


def forget_roles(user) -> None:
    for name in (_ROLES_CACHE, _ADVISED_CACHE, _SUPPORT_CACHE):
        if hasattr(user, name):
            delattr(user, name)


def has_role(*allowed: str):
    @rules.predicate(name=f"has_role({','.join(allowed)})")
    def predicate(user, municipality: Municipality | None) -> bool:
        return municipality is not None and roles_for(user).get(municipality.pk) in allowed

    return predicate


@rules.predicate
def is_member(user, municipality: Municipality | None) -> bool:
    return municipality is not None and municipality.pk in roles_for(user)


@rules.predicate
def is_assigned_adviser(user, municipality: Municipality | None) -> bool:
    return municipality is not None and municipality.pk in advised_ids(user)


@rules.predicate
def has_support_access(user, municipality: Municipality | None) -> bool:
    return municipality is not None and municipality.pk in support_ids(user)


is_coordinator = has_role(Role.COORDINATOR)
can_edit_content = has_role(Role.COORDINATOR, Role.EDITOR)
# The people of a municipality: its members and assigned advisers. They read and comment.
takes_part = is_member | is_assigned_adviser
# Reading only. Never build a permission that changes something on this: use takes_part.
can_view = takes_part | has_support_access

rules.add_perm("municipalities.view_municipality", can_view)
rules.add_perm("municipalities.view_members", can_view)
MANAGE_MEMBERS = "municipalities.manage_members"
rules.add_perm(MANAGE_MEMBERS, is_coordinator)
MANAGE_SUPPORT_ACCESS = "municipalities.manage_support_access"
rules.add_perm(MANAGE_SUPPORT_ACCESS, is_coordinator)
# Who reads the audit log: the Koordination the events of its municipality (views.audit_log);
# operators all events, in the operator area (audit/admin.py). See docs/roles.md.
VIEW_AUDIT_LOG = "municipalities.view_audit_log"
rules.add_perm(VIEW_AUDIT_LOG, is_coordinator)


def _own_municipality(user, slug: str) -> Municipality | None:
    """The municipality from the user's memberships, which the role check loads anyway:
    a member's page then asks the database once for both."""
    if not user.is_authenticated:
        return None
    return next((m.municipality for m in _memberships(user) if m.municipality.slug == slug), None)


def get_municipality_for_user(
    request: HttpRequest, slug: str, perm: str = "municipalities.view_municipality"
) -> Municipality:
    """The municipality if the user may see it (404 otherwise, so outsiders learn
    nothing about it) and holds `perm` on it (403 otherwise)."""
    municipality = _own_municipality(request.user, slug) or (
        Municipality.objects.filter(slug=slug).first()
    )
    if municipality is None or not request.user.has_perm(
        "municipalities.view_municipality", municipality
    ):
        raise Http404
    if not takes_part(request.user, municipality):
        _through_support_access(request, municipality)
    if perm != "municipalities.view_municipality" and not request.user.has_perm(perm, municipality):
        raise PermissionDenied
    request.municipality = municipality
    return municipality


def _through_support_access(request: HttpRequest, municipality: Municipality) -> None:
    """The user sees the municipality only through an operator's support access: log the
    request (once, however many helpers it passes) and refuse anything but reading."""
    from schreibwerkstatt.audit.models import Kind
    from schreibwerkstatt.audit.services import record

    refused = request.method not in {"GET", "HEAD", "OPTIONS"}
    if not getattr(request, _SUPPORT_LOGGED, False):
        setattr(request, _SUPPORT_LOGGED, True)
        record(
            Kind.SUPPORT_USED,
            municipality=municipality,
            request=request,
            details={"method": request.method, "path": request.path[:500], "refused": refused},
        )
    if refused:
        raise PermissionDenied


# Objects of one municipality. Each helper judges the municipality of the URL first (404 when
# the user may not see it, 403 without the right there), then looks the object up inside
# that municipality only (404 for another municipality's object, also for a forged id).


def _in_municipality(request: HttpRequest, slug: str, permission: str, queryset, pk: int):
    """The object `pk` of `queryset` inside the municipality of the URL, judged for
    `permission`; the municipality is set on it (`obj.municipality`)."""
    municipality = get_municipality_for_user(request, slug, permission)
    obj = get_object_or_404(queryset, pk=pk, municipality=municipality)
    obj.municipality = municipality
    return obj


def get_membership_for_user(request: HttpRequest, slug: str, pk: int) -> Membership:
    """A membership (with its user) of the municipality of the URL
    (`membership.municipality`), for its coordination."""
    return _in_municipality(
        request, slug, MANAGE_MEMBERS, Membership.objects.select_related("user"), pk
    )


def get_invitation_for_user(request: HttpRequest, slug: str, pk: int) -> Invitation:
    """An invitation into the municipality of the URL (`invitation.municipality`), for its
    coordination."""
    return _in_municipality(request, slug, MANAGE_MEMBERS, Invitation, pk)


def get_support_access_for_user(request: HttpRequest, slug: str, pk: int) -> SupportAccess:
    """A support access (with its operator) granted by the municipality of the URL
    (`access.municipality`), for its coordination."""
    return _in_municipality(
        request, slug, MANAGE_SUPPORT_ACCESS, SupportAccess.objects.select_related("operator"), pk
    )
