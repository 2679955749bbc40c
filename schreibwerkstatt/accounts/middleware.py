from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class NoStoreForLoggedInMiddleware:
    """A page rendered for a logged-in person shows that person's municipality, drafts and
    names. `Cache-Control: no-store` keeps browsers (the back button on a shared office PC
    after logging out) and proxies from keeping a copy. Public pages and static files
    (served by WhiteNoise before this runs) keep their own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class RequireTwoFactorMiddleware:
    """With REQUIRE_2FA_FOR set, operators and/or coordinators without a second factor are
    sent to its setup page before they can use anything else (logging out still works)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_2FA_FOR
            and user is not None
            and user.is_authenticated
            and not user.has_two_factor
        ):
            from .two_factor import required_for

            allowed = {
                reverse("accounts:two_factor"),
                reverse("accounts:logout"),
                reverse("set_language"),
            }
            static = settings.STATIC_URL or "/static/"
            if (
                request.path not in allowed
                and not request.path.startswith(static)
                and required_for(user)
            ):
                messages.warning(
                    request,
                    _(
                        "Your role requires a second factor. Please set it up now; "
                        "then you can carry on."
                    ),
                )
                return redirect("accounts:two_factor")
        return self.get_response(request)
