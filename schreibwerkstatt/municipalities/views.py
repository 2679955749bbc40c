from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.accounts.forms import AccountCreationForm
from schreibwerkstatt.audit.models import AuditEvent
from schreibwerkstatt.audit.models import Kind as AuditKind
from schreibwerkstatt.audit.services import record
from schreibwerkstatt.core.paths import path_for_each

from . import services
from .forms import AuditLogPageForm, InviteForm, RoleForm, SupportAccessForm
from .models import (
    SUPPORT_ACCESS_MAX_DAYS,
    Invitation,
    Membership,
    Municipality,
    Role,
    SupportAccess,
)
from .rules import (
    MANAGE_SUPPORT_ACCESS,
    VIEW_AUDIT_LOG,
    forget_roles,
    get_invitation_for_user,
    get_membership_for_user,
    get_municipality_for_user,
    get_support_access_for_user,
    my_municipalities,
)


def signed_in_home(request: HttpRequest) -> HttpResponse:
    """The start page ("/", core:home) of a signed-in person: their municipality, or the
    chooser when they work in several or none (set as core's start page in apps.py)."""
    municipalities = my_municipalities(request.user)
    if len(municipalities) == 1:
        return redirect(municipalities[0])
    return render(request, "municipalities/choose.html", {"municipalities": municipalities})


@login_required
@require_http_methods(["GET"])
def choose(request: HttpRequest) -> HttpResponse:
    context = {"municipalities": my_municipalities(request.user)}
    return render(request, "municipalities/choose.html", context)


def _record_acceptance(request: HttpRequest, invitation: Invitation, user) -> None:
    record(
        AuditKind.INVITATION_ACCEPTED,
        request=request,
        actor=user,
        municipality=invitation.municipality,
        obj=invitation,
        details={"role": invitation.role},
    )


def _member_list(
    request: HttpRequest, municipality: Municipality, status: int = 200, **extra
) -> HttpResponse:
    can_manage = request.user.has_perm("municipalities.manage_members", municipality)
    memberships = list(Membership.objects.filter(municipality=municipality).for_member_list())
    # The table writes its rows with {% rows %}: what a row shows is worked out here, the
    # links from one reverse() per kind of link, the role's name as get_role_display gives it.
    change_role_path = path_for_each("municipalities:change_role", slug=municipality.slug)
    remove_path = path_for_each("municipalities:remove_member", slug=municipality.slug)
    role_labels = {value: str(label) for value, label in Role.choices}
    for membership in memberships:
        membership.role_label = role_labels.get(membership.role, membership.role)
        membership.change_role_url = change_role_path(membership.pk)
        membership.remove_url = remove_path(membership.pk)
    context = {
        "municipality": municipality,
        "memberships": memberships,
        "invitations": Invitation.objects.pending()
        .filter(municipality=municipality)
        .select_related("invited_by")
        if can_manage
        else [],
        "can_manage": can_manage,
        "nav_active": "members",
        "role_choices": RoleForm.base_fields["role"].choices,
        **extra,
    }
    return render(request, "municipalities/members.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "municipalities.view_members")
    return _member_list(request, municipality)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_user(request, slug, "municipalities.manage_members")
    form = InviteForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite_member(
            municipality=municipality,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            base_url=request.build_absolute_uri("/")[:-1],
        )
        record(
            AuditKind.INVITATION_SENT,
            request=request,
            municipality=municipality,
            obj=invitation,
            details={"email": invitation.email, "role": invitation.role},
        )
        messages.success(
            request,
            _("The invitation to %(email)s has been sent.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("municipalities:members", slug=municipality.slug)
    status = 400 if form.errors else 200
    return render(
        request,
        "municipalities/invite.html",
        {"municipality": municipality, "form": form},
        status=status,
    )


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request, slug, pk)
    municipality = membership.municipality
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _member_list(
            request, municipality, status=400, error=_("Please choose one of the listed roles.")
        )
    try:
        updated = services.change_role(
            membership,
            role=form.cleaned_data["role"],
            expected_version=form.cleaned_data["version"],
        )
    except services.StaleEditError:
        membership.refresh_from_db()
        return _member_list(
            request,
            municipality,
            status=409,
            error=_(
                "Somebody else changed the role of %(name)s in the meantime; it is now “%(role)s”. "
                "Nothing was overwritten. Please check and choose again."
            )
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    except ValidationError as error:
        return _member_list(request, municipality, status=400, error=" ".join(error.messages))
    forget_roles(request.user)
    record(
        AuditKind.ROLE_CHANGED,
        request=request,
        municipality=municipality,
        obj=updated.user,
        details={"from": membership.role, "to": updated.role},
    )
    messages.success(
        request,
        _("%(name)s now has the role “%(role)s”.")
        % {"name": updated.user, "role": updated.get_role_display()},
    )
    return redirect("municipalities:members", slug=municipality.slug)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request, slug, pk)
    municipality = membership.municipality
    error = None
    if request.method == "POST":
        try:
            services.remove_member(membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            record(
                AuditKind.MEMBER_REMOVED,
                request=request,
                municipality=municipality,
                obj=membership.user,
                details={"role": membership.role},
            )
            messages.success(
                request, _("%(name)s is no longer a member.") % {"name": membership.user}
            )
            if membership.user_id == request.user.pk:
                return redirect("core:home")
            return redirect("municipalities:members", slug=municipality.slug)
    context = {"municipality": municipality, "membership": membership, "error": error}
    return render(
        request, "municipalities/remove_member.html", context, status=400 if error else 200
    )


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user(request, slug, pk)
    municipality = invitation.municipality
    services.revoke_invitation(invitation)
    record(
        AuditKind.INVITATION_WITHDRAWN,
        request=request,
        municipality=municipality,
        obj=invitation,
        details={"email": invitation.email},
    )
    messages.success(
        request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email}
    )
    return redirect("municipalities:members", slug=municipality.slug)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_from_token(token)
    if invitation is None or invitation.is_expired:
        return render(
            request, "municipalities/invitation_invalid.html", {"reason": "expired"}, status=410
        )
    from django.contrib.auth import get_user_model

    account_exists = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    # Read the invitation's state only after the account check: a sign-up in another tab
    # creates the account and accepts the invitation in one transaction, so an account
    # seen here means its acceptance is visible too, and this tab gets "already used".
    invitation.refresh_from_db(fields=["accepted_at", "revoked_at"])
    if invitation.accepted_at or invitation.revoked_at:
        return render(
            request, "municipalities/invitation_invalid.html", {"reason": "used"}, status=410
        )
    user = request.user
    context: dict = {"invitation": invitation, "token": token, "account_exists": account_exists}

    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(
                request,
                "municipalities/invitation_accept.html",
                {**context, "wrong_account": True},
                status=403,
            )
        if request.method == "POST":
            try:
                services.accept_invitation(invitation, user)
            except ValidationError:
                return render(
                    request,
                    "municipalities/invitation_invalid.html",
                    {"reason": "used"},
                    status=410,
                )
            _record_acceptance(request, invitation, user)
            messages.success(
                request, _("Welcome to %(name)s!") % {"name": invitation.municipality.name}
            )
            return redirect(invitation.municipality)
        return render(request, "municipalities/invitation_accept.html", context)

    if account_exists:
        return render(
            request, "municipalities/invitation_accept.html", {**context, "login_needed": True}
        )

    form = AccountCreationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.create_account_and_accept(
                invitation, name=form.cleaned_data["name"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            if error.code == "account_exists":
                return render(
                    request,
                    "municipalities/invitation_accept.html",
                    {**context, "account_exists": True, "login_needed": True},
                    status=409,
                )
            return render(
                request, "municipalities/invitation_invalid.html", {"reason": "used"}, status=410
            )
        _record_acceptance(request, invitation, new_user)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome to %(name)s!") % {"name": invitation.municipality.name}
        )
        return redirect(invitation.municipality)
    status = 400 if form.errors else 200
    return render(
        request, "municipalities/invitation_accept.html", {**context, "form": form}, status=status
    )


def _support_access_page(
    request: HttpRequest,
    municipality: Municipality,
    form: SupportAccessForm,
    status: int = 200,
    error: str | None = None,
) -> HttpResponse:
    accesses = list(
        SupportAccess.objects.filter(municipality=municipality).select_related(
            "operator", "granted_by", "revoked_by"
        )[:50]
    )
    context = {
        "municipality": municipality,
        "form": form,
        "active": [a for a in accesses if a.is_active],
        "ended": [a for a in accesses if not a.is_active],
        "max_days": SUPPORT_ACCESS_MAX_DAYS,
        "error": error,
        "nav_active": "members",
    }
    return render(request, "municipalities/support_access.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def support_access(request: HttpRequest, slug: str) -> HttpResponse:
    """The Koordination grants an operator read access for a few days, sees the accesses
    and revokes them (docs/roles.md, "Support access")."""
    municipality = get_municipality_for_user(request, slug, MANAGE_SUPPORT_ACCESS)
    form = SupportAccessForm(request.POST or None, municipality=municipality)
    if request.method == "POST":
        if not form.is_valid():
            return _support_access_page(request, municipality, form, status=400)
        access = services.grant_support_access(
            municipality=municipality,
            operator=form.cleaned_data["operator"],
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
            granted_by=request.user,
            request=request,
        )
        messages.success(
            request,
            _("%(name)s can now read the content of %(municipality)s until %(date)s.")
            % {
                "name": access.operator,
                "municipality": municipality,
                "date": date_format(localtime(access.expires_at), "SHORT_DATETIME_FORMAT"),
            },
        )
        return redirect("municipalities:support_access", slug=municipality.slug)
    return _support_access_page(request, municipality, form)


@login_required
@require_POST
def revoke_support_access(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = get_support_access_for_user(request, slug, pk)
    municipality = access.municipality
    try:
        services.revoke_support_access(access, revoked_by=request.user, request=request)
    except ValidationError as error:
        form = SupportAccessForm(municipality=municipality)
        return _support_access_page(
            request, municipality, form, status=409, error=" ".join(error.messages)
        )
    messages.success(
        request, _("The support access of %(name)s is revoked.") % {"name": access.operator}
    )
    return redirect("municipalities:support_access", slug=municipality.slug)


AUDIT_LOG_PER_PAGE = 50


@login_required
@require_http_methods(["GET"])
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The audit log of one municipality for its Koordination, newest first."""
    municipality = get_municipality_for_user(request, slug, VIEW_AUDIT_LOG)
    form = AuditLogPageForm(request.GET)
    if not form.is_valid():
        context = {"municipality": municipality, "form": form, "page": None}
        return render(request, "municipalities/audit_log.html", context, status=400)
    paginator = Paginator(
        AuditEvent.objects.filter(municipality=municipality).order_by("-created_at", "-pk"),
        AUDIT_LOG_PER_PAGE,
    )
    try:
        page = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage:
        raise Http404 from None
    context = {"municipality": municipality, "page": page, "nav_active": "members"}
    return render(request, "municipalities/audit_log.html", context)
