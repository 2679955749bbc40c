import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services, two_factor
from .forms import (
    CodeForm,
    LoginForm,
    PasswordResetRequestForm,
    ProfileForm,
    TwoFactorDisableForm,
    TwoFactorSetupForm,
)
from .models import User
from .security import client_ip

# django-axes locks one account from one address. Across accounts, one address may fail
# this often per quarter hour before its logins pause too (password spraying); generous,
# because a town hall's staff often share one address.
LOGIN_FAILURES_PER_ADDRESS = 30
LOGIN_FAILURE_WINDOW = 15 * 60


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def _address_key(self) -> str:
        return f"login-fail:ip:{client_ip(self.request)}"

    def post(self, request, *args, **kwargs):
        try:
            failures = cache.get(self._address_key(), 0)
        except Exception:  # fail open when the cache is away
            failures = 0
        if failures >= LOGIN_FAILURES_PER_ADDRESS:
            return render(request, "accounts/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        services.over_limit(self._address_key(), LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURE_WINDOW)
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        if not user.has_two_factor:
            return super().form_valid(form)
        # Password right, but not logged in yet: the code comes next (login_code).
        self.request.session.cycle_key()
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_success_url(),
            "failures": 0,
        }
        return redirect("accounts:login_code")


PENDING_KEY = "accounts_2fa_pending"
PENDING_MAX_AGE = 5 * 60  # seconds between password and code
CODE_FAILURES_PER_LOGIN = 5  # wrong codes before the password is asked again
CODE_FAILURES_PER_ACCOUNT = 10  # wrong codes per account per quarter hour, all sessions


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """Second step of the login for people with a second factor."""
    pending = request.session.get(PENDING_KEY)
    user = None
    if pending and time.time() - pending["since"] <= PENDING_MAX_AGE:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None or not user.has_two_factor:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _("Please log in again with your e-mail address and password."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.over_limit(
            f"2fa-fail:{user.pk}", CODE_FAILURES_PER_ACCOUNT, LOGIN_FAILURE_WINDOW, count=False
        ):
            request.session.pop(PENDING_KEY, None)
            return render(request, "accounts/locked_out.html", status=429)
        kind = two_factor.check_code(user, form.cleaned_data["code"], request=request)
        if kind is not None:
            request.session.pop(PENDING_KEY, None)
            auth_login(request, user, backend=pending["backend"])
            if kind == "recovery":
                left = user.recovery_codes.filter(used_at__isnull=True).count()
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code. %(left)s codes are left. "
                        "If you lost your authenticator app, set up the second factor again "
                        "on your profile page."
                    )
                    % {"left": left},
                )
            return redirect(pending["next"])
        services.over_limit(f"2fa-fail:{user.pk}", CODE_FAILURES_PER_ACCOUNT, LOGIN_FAILURE_WINDOW)
        pending["failures"] += 1
        if pending["failures"] >= CODE_FAILURES_PER_LOGIN:
            request.session.pop(PENDING_KEY, None)
            messages.error(
                request,
                _(
                    "Too many wrong codes. Please log in again with your e-mail address and password."
                ),
            )
            return redirect("accounts:login")
        request.session[PENDING_KEY] = pending
        form.add_error("code", _("This code is not valid. Please check it and try again."))
    status = 400 if form.errors else 200
    return render(request, "accounts/login_code.html", {"form": form}, status=status)


SETUP_SECRET_KEY = "accounts_2fa_setup_secret"  # noqa: S105 - a session key name


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Set up the second factor (QR code or key, confirm with a code, get recovery codes),
    or see that it is on and switch it off."""
    user: User = request.user
    context: dict = {"required": two_factor.required_for(user) and not user.has_two_factor}
    if user.has_two_factor:
        context["disable_form"] = TwoFactorDisableForm()
        context["codes_left"] = user.recovery_codes.filter(used_at__isnull=True).count()
        return render(request, "accounts/two_factor.html", context)
    secret = request.session.get(SETUP_SECRET_KEY) or two_factor.new_secret()
    request.session[SETUP_SECRET_KEY] = secret
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = two_factor.totp_step(secret, form.cleaned_data["code"])
        if step is not None:
            codes = two_factor.enable(user, secret, step, request=request)
            request.session.pop(SETUP_SECRET_KEY, None)
            messages.success(request, _("The second factor is on."))
            return render(request, "accounts/two_factor_codes.html", {"codes": codes})
        form.add_error(
            "code",
            _(
                "This code is not valid. Check that the time on your phone is right and "
                "enter the code the app shows now."
            ),
        )
    uri = two_factor.provisioning_uri(user, secret)
    context.update(
        form=form,
        qr_svg=two_factor.qr_svg(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )
    status = 400 if form.errors else 200
    return render(request, "accounts/two_factor.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    if not user.has_two_factor:
        return redirect("accounts:two_factor")
    form = TwoFactorDisableForm(request.POST)
    if form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("The password is wrong."))
        elif two_factor.check_code(user, form.cleaned_data["code"], request=request) is None:
            form.add_error("code", _("This code is not valid. Please check it and try again."))
        else:
            two_factor.disable(user, request=request)
            messages.success(request, _("The second factor is off."))
            return redirect("accounts:two_factor")
    context = {
        "disable_form": form,
        "codes_left": user.recovery_codes.filter(used_at__isnull=True).count(),
        "required": False,
    }
    return render(request, "accounts/two_factor.html", context, status=400)


# Password-reset requests: at most this many per e-mail address and per client address.
RESET_LIMIT = 3
RESET_WINDOW = 60 * 60  # seconds


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer is the same redirect whether an account exists or
    not, and the request does the same work either way: it only queues a job; the worker
    looks the address up and sends the mail (services.send_password_reset)."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        # Both counters always count, so the limit reveals nothing about the account either.
        by_address = services.over_limit(f"pwreset:email:{email}", RESET_LIMIT, RESET_WINDOW)
        by_client = services.over_limit(
            f"pwreset:ip:{client_ip(request)}", RESET_LIMIT, RESET_WINDOW
        )
        if by_address or by_client:
            form.add_error(
                None,
                _(
                    "Too many requests for a new password. Please wait an hour and try again, "
                    "or ask the coordination of your municipality."
                ),
            )
            return render(request, "accounts/password_reset_form.html", {"form": form}, status=429)
        services.request_password_reset(
            email, domain=request.get_host(), use_https=request.is_secure()
        )
        return redirect("accounts:password_reset_done")
    status = 400 if form.errors else 200
    return render(request, "accounts/password_reset_form.html", {"form": form}, status=status)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changed = form.email_changed
        old_email = form.old_email
        services.change_profile(
            request.user,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            request=request,
        )
        messages.success(request, _("Your profile has been saved."))
        if changed:
            messages.info(
                request,
                _(
                    "Your e-mail address has been changed. We told the previous address "
                    "%(old)s about it. From now on, log in with the new address."
                )
                % {"old": old_email},
            )
        return redirect("accounts:profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the lock-out mail. GET only shows a button, so a mail scanner that
    opens links does not use it up; POST lifts the lock-out once."""
    try:
        user = services.user_for_unlock_token(token)
    except services.UnlockError as error:
        reason = str(error)
        if reason == "expired":
            message = _("This unlock link has expired. Wait a quarter of an hour and log in again.")
        elif reason == "used":
            message = _(
                "This unlock link has already been used, or the lock-out has already ended."
            )
        else:
            message = _("This unlock link is not valid. Please use the link from the e-mail.")
        return render(request, "accounts/unlock.html", {"error": message}, status=400)
    if request.method == "POST":
        services.unlock_account(user, request=request)
        messages.success(request, _("Your account is unlocked. You can log in again."))
        return redirect(settings.LOGIN_URL)
    return render(request, "accounts/unlock.html", {"account": user})
