from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


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
