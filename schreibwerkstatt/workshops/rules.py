"""Who sees and who does what with workshop series (docs/roles.md).

- Organisers are the active advisers of the state digital agency and the operators: they
  see every series, also unpublished ones, and the people registered.
- Published public series are for everybody; a published series by invitation only is seen
  by the members of municipalities (and organisers); a visitor gets 404 for it, so its title
  stays unknown outside. An unpublished series is 404 for everybody but organisers.
- A municipality's coordination registers it and names its participants.
- Participant names are for organisers and for the people registered themselves (a
  participant or the coordination of a confirmed or waiting registration); public pages
  show counts only.
- The boards of a session (boards/rules.py) are for the organisers who run its series
  (`Series.organisers`, `series_standing().runs`) and for the people of the municipalities
  with a confirmed registration: its named participants and its coordination, while they
  are members (`series_standing().municipalities`).
"""

from dataclasses import dataclass

import rules
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from schreibwerkstatt.municipalities.models import Municipality, Role
from schreibwerkstatt.municipalities.rules import is_operator, my_municipalities, roles_for

from .models import Material, Participant, Registration, Series, Session
from .selectors import series_is_over


@rules.predicate
def is_organiser(user) -> bool:
    """An active adviser or an operator."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_adviser or is_operator(user))


def is_member_anywhere(user) -> bool:
    """A member of at least one municipality (one cached query)."""
    return bool(user.is_authenticated and user.is_active and roles_for(user))


def series_visible_to(user) -> QuerySet[Series]:
    """The series this person may see: published public ones for everybody, published ones
    by invitation for members of municipalities, advisers and operators, unpublished ones
    for organisers."""
    if is_organiser(user):
        return Series.objects.all()
    if is_member_anywhere(user):
        return Series.objects.published()
    return Series.objects.public()


def coordinated_ids(user) -> list[int]:
    """The ids of the municipalities whose coordination this person is (cached roles)."""
    if not (user.is_authenticated and user.is_active):
        return []
    return sorted(pk for pk, role in roles_for(user).items() if role == Role.COORDINATOR)


def coordinated_municipalities(user) -> list[Municipality]:
    """The municipalities whose coordination this person is, by name."""
    ids = set(coordinated_ids(user))
    return [m for m in my_municipalities(user) if m.pk in ids] if ids else []


@rules.predicate
def coordinates(user, municipality: Municipality | None) -> bool:
    return municipality is not None and roles_for(user).get(municipality.pk) == Role.COORDINATOR


def _active_registrations(series: Series) -> QuerySet[Registration]:
    return series.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
    )


def may_see_people(user, series: Series) -> bool:
    """Organisers (advisers, operators), or a registered person of the series: a participant
    or the coordination of a confirmed or waiting registration."""
    if is_organiser(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    coordinated = coordinated_ids(user)
    return (
        _active_registrations(series)
        .filter(Q(participants__user=user) | Q(municipality__in=coordinated))
        .exists()
    )


rules.add_perm("workshops.manage_series", is_organiser)
rules.add_perm("workshops.register_municipality", coordinates)


def get_series_for_user(request: HttpRequest, slug: str) -> Series:
    """The series if the person may see it; 404 otherwise (unpublished, or by invitation
    only for a visitor)."""
    return get_object_or_404(series_visible_to(request.user), slug=slug)


def may_download(user, material: Material, *, series_over: bool, participates: bool) -> bool:
    """A material is for organisers (advisers, operators), for the participants of confirmed
    registrations (`participates`), and for everybody when it is public and the series'
    last session has ended (`series_over`)."""
    if material.public and series_over:
        return True
    return is_organiser(user) or participates


def get_material_for_user(request: HttpRequest, slug: str, pk: int) -> Material:
    """A material of a series the person may see and may download (404 otherwise)."""
    series = get_series_for_user(request, slug)
    material = get_object_or_404(
        Material.objects.select_related("session"), pk=pk, session__series=series
    )
    material.session.series = series
    user = request.user
    if not may_download(
        user, material, series_over=series_is_over(series), participates=takes_part(user, series)
    ):
        raise Http404
    return material


def takes_part(user, series: Series) -> bool:
    """A participant of a confirmed registration of the series."""
    if not (user.is_authenticated and user.is_active):
        return False
    return series.registrations.filter(
        status=Registration.Status.CONFIRMED, participants__user=user
    ).exists()


def active_registrations_of(user, series: Series) -> QuerySet[Registration]:
    """The confirmed or waiting registrations of the person's municipalities for a series
    (any role: the colleagues see their municipality's registration)."""
    mine = list(roles_for(user)) if user.is_authenticated and user.is_active else []
    return (
        _active_registrations(series)
        .filter(municipality__in=mine)
        .select_related("municipality", "registered_by")
        .order_by("municipality__name")
    )


@dataclass(frozen=True)
class Standing:
    """A person's part in one series, for its sessions' boards."""

    runs: bool  # one of the advisers running the series (an active organiser)
    # The municipalities with a confirmed registration the person takes part for: as a named
    # participant or as its coordination, and a member of it now.
    municipalities: frozenset[int]


_STANDING_CACHE = "_sw_series_standing"


def series_standing(user, series: Series) -> Standing:
    """Cached on the user object for the request (at most two queries per series);
    forget_standing() drops it for a live connection that asks again."""
    if not (user.is_authenticated and user.is_active):
        return Standing(False, frozenset())
    cache = getattr(user, _STANDING_CACHE, None)
    if cache is None:
        cache = {}
        setattr(user, _STANDING_CACHE, cache)
    if series.pk not in cache:
        runs = bool(is_organiser(user) and series.organisers.filter(pk=user.pk).exists())
        member_of = list(roles_for(user))
        found = frozenset()
        if member_of:
            found = frozenset(
                series.registrations.filter(
                    status=Registration.Status.CONFIRMED, municipality__in=member_of
                )
                .filter(Q(participants__user=user) | Q(municipality__in=coordinated_ids(user)))
                .values_list("municipality_id", flat=True)
            )
        cache[series.pk] = Standing(runs, found)
    return cache[series.pk]


def forget_standing(user) -> None:
    if hasattr(user, _STANDING_CACHE):
        delattr(user, _STANDING_CACHE)


def get_registration_for_user(request: HttpRequest, slug: str, pk: int) -> Registration:
    """A confirmed or waiting registration of a series the person sees, of one of their
    municipalities (404 otherwise, also for another municipality's)."""
    series = get_series_for_user(request, slug)
    registration = get_object_or_404(active_registrations_of(request.user, series), pk=pk)
    registration.series = series
    return registration


def get_participant_for_user(
    request: HttpRequest, slug: str, pk: int, participant: int
) -> Participant:
    """A participant of a registration of the person's municipalities (404 otherwise)."""
    registration = get_registration_for_user(request, slug, pk)
    person = get_object_or_404(Participant, pk=participant, registration=registration)
    person.registration = registration
    return person


# The organisers' pages (views/organiser.py, behind organiser_required) ------------------


def get_series_for_organiser(slug: str) -> Series:
    """Any series, also unpublished ones (organisers only)."""
    return get_object_or_404(Series, slug=slug)


def get_session_for_organiser(slug: str, pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("series"), pk=pk, series__slug=slug)


def get_registration_for_organiser(slug: str, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("series", "municipality"), pk=pk, series__slug=slug
    )


def get_material_for_organiser(slug: str, session: int, pk: int) -> Material:
    return get_object_or_404(
        Material.objects.select_related("session__series").defer("content"),
        pk=pk,
        session_id=session,
        session__series__slug=slug,
    )
