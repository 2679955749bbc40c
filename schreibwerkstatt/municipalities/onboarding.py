"""Onboarding: an operator sets up a municipality and invites its first Koordination.

One step in the product instead of the raw admin: the municipality is created and the first
coordinator gets the same signed, single-use invitation (and e-mail) as any member
(services.invite_member). If that invitation expires unused, the operator sends a new one to
a municipality that still has no Koordination; a municipality that has one invites its own
people, so an operator never adds anybody to a working municipality.

Operators only (docs/roles.md): `rules.is_operator` asks the account's status explicitly,
never has_perm on a municipality, whose rules give an operator nothing.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.audit.models import Kind as AuditKind
from schreibwerkstatt.audit.services import record

from . import services
from .models import Invitation, Kind, Municipality, Role, State
from .rules import is_operator
from .signals import municipality_created
from .validators import validate_ags

User = get_user_model()


def operator_required(view):
    """Anonymous visitors go to the login, everybody but operators gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_operator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Reads


def municipalities_for_operators():
    """Every municipality with what onboarding needs to know, in one query: how many
    coordinators it has and whether a coordinator invitation is open."""
    open_invitation = Invitation.objects.pending().filter(
        municipality=OuterRef("pk"), role=Role.COORDINATOR
    )
    return Municipality.objects.annotate(
        coordinator_count=Count("memberships", filter=Q(memberships__role=Role.COORDINATOR)),
        coordinator_invited=Exists(open_invitation),
    ).order_by("name")


def _municipality_without_coordination(slug: str) -> Municipality:
    municipality = get_object_or_404(municipalities_for_operators(), slug=slug)
    if municipality.coordinator_count:
        raise PermissionDenied
    return municipality


# Writes


def _free_slug(name: str) -> str:
    base = (slugify(name) or "kommune")[:70].strip("-")
    slug, number = base, 2
    while Municipality.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def onboard_municipality(
    *,
    name: str,
    ags: str,
    state: str,
    kind: str,
    parent: Municipality | None,
    population: int | None,
    advisers,
    coordinator_email: str,
    invited_by,
    base_url: str,
) -> tuple[Municipality, Invitation]:
    """Create the municipality with its checklists (process/signals.py) and invite its first
    Koordination; the e-mail goes out once the transaction commits. Nothing is created if
    any part fails."""
    municipality = Municipality.objects.create(
        name=name,
        slug=_free_slug(name),
        ags=ags,
        state=state,
        kind=kind,
        parent=parent,
        population=population,
    )
    municipality.advisers.set(advisers)
    municipality_created.send(sender=Municipality, municipality=municipality)
    invitation = services.invite_member(
        municipality=municipality,
        email=coordinator_email,
        role=Role.COORDINATOR,
        invited_by=invited_by,
        base_url=base_url,
    )
    return municipality, invitation


# Forms


class CoordinatorEmailField(forms.EmailField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            label=gettext_lazy("E-mail address of the coordination"),
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "off"}),
            help_text=gettext_lazy(
                "This person receives an invitation with the role “Coordination”. The link is "
                "valid for 7 days and can be used once; with it they create their account and "
                "then invite the other members themselves."
            ),
            **kwargs,
        )

    def clean(self, value):
        return super().clean(value).lower()


class OnboardingForm(forms.ModelForm):
    """The municipality's data as the model validates it (AGS format and state, kind and
    district), a unique AGS with a message that names the existing municipality, and the
    address of the first coordinator."""

    coordinator_email = CoordinatorEmailField()

    class Meta:
        model = Municipality
        fields = ["name", "ags", "state", "kind", "parent", "population", "advisers"]
        widgets = {
            "ags": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "advisers": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "ags": gettext_lazy(
                "8 digits. The first two name the state: 12 for Brandenburg, e.g. 12054000 "
                "for Potsdam."
            ),
            "parent": gettext_lazy("For a Gemeinde, Amt or Stadt: the district it belongs to."),
            "advisers": gettext_lazy(
                "Advisers of the digital agency who accompany this municipality. They read "
                "and comment; they are not members."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].initial = State.BB
        self.fields["kind"].initial = Kind.GEMEINDE
        self.fields["parent"].queryset = Municipality.objects.filter(kind=Kind.LANDKREIS)
        self.fields["parent"].empty_label = _("No district")
        self.fields["advisers"].queryset = User.objects.filter(
            is_adviser=True, is_active=True
        ).order_by("name")
        self.fields["population"].widget.attrs["inputmode"] = "numeric"

    def clean_ags(self) -> str:
        ags = self.cleaned_data["ags"].strip()
        validate_ags(ags)
        existing = Municipality.objects.filter(ags=ags).first()
        if existing is not None:
            raise forms.ValidationError(
                _("There is already a municipality with this AGS: %(name)s.")
                % {"name": existing.name},
                code="unique",
            )
        return ags

    def clean(self):
        cleaned = super().clean()
        ags, state = cleaned.get("ags"), cleaned.get("state")
        if ags and state and ags[:2] != state:
            self.add_error(
                "ags",
                _("An AGS in %(state)s starts with %(code)s.")
                % {"state": State(state).label, "code": state},
            )
        # An AGS with an error has left cleaned_data, so the model's own check of the state
        # (Municipality.clean) does not repeat the message in other words.
        return cleaned


class CoordinatorInvitationForm(forms.Form):
    coordinator_email = CoordinatorEmailField()

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self):
        cleaned = super().clean()
        if self.municipality.coordinator_invited:
            raise forms.ValidationError(
                _(
                    "An invitation for the coordination of %(name)s is still open. It can be "
                    "renewed once it has expired or has been withdrawn."
                )
                % {"name": self.municipality.name}
            )
        return cleaned


# Views


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


def _record_invitation(request: HttpRequest, invitation: Invitation) -> None:
    """The same audit event as a coordinator's invitation (municipalities/views.invite)."""
    record(
        AuditKind.INVITATION_SENT,
        request=request,
        municipality=invitation.municipality,
        obj=invitation,
        details={"email": invitation.email, "role": invitation.role},
    )


@operator_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = OnboardingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality, invitation = onboard_municipality(
                name=data["name"],
                ags=data["ags"],
                state=data["state"],
                kind=data["kind"],
                parent=data["parent"],
                population=data["population"],
                advisers=data["advisers"],
                coordinator_email=data["coordinator_email"],
                invited_by=request.user,
                base_url=_base_url(request),
            )
        except IntegrityError:  # the same AGS, saved by somebody else a moment ago
            form.add_error("ags", _("There is already a municipality with this AGS."))
        else:
            _record_invitation(request, invitation)
            messages.success(
                request,
                _(
                    "%(name)s has been set up. The invitation for the coordination has been "
                    "sent to %(email)s."
                )
                % {"name": municipality.name, "email": invitation.email},
            )
            return redirect("core:home")
    return render(
        request,
        "municipalities/onboarding.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@operator_required
@require_http_methods(["GET", "POST"])
def invite_coordinator(request: HttpRequest, slug: str) -> HttpResponse:
    """A new invitation for a municipality that has no Koordination yet (the first one
    expired or was withdrawn)."""
    municipality = _municipality_without_coordination(slug)
    form = CoordinatorInvitationForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            invitation = services.invite_member(
                municipality=municipality,
                email=form.cleaned_data["coordinator_email"],
                role=Role.COORDINATOR,
                invited_by=request.user,
                base_url=_base_url(request),
            )
            _record_invitation(request, invitation)
        messages.success(
            request,
            _("The invitation for the coordination of %(name)s has been sent to %(email)s.")
            % {"name": municipality.name, "email": invitation.email},
        )
        return redirect("core:home")
    return render(
        request,
        "municipalities/onboarding_invite.html",
        {"form": form, "municipality": municipality},
        status=400 if form.errors else 200,
    )
