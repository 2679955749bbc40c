"""“Help on this page” (Hilfe zu dieser Seite): base.html shows a collapsible panel with the
help a higher app has for the page being shown.

Core knows no guides: the app that owns them sets a provider in its AppConfig.ready
(guides/apps.py), like core.views.set_signed_in_home. The provider gets the request (its
`resolver_match` names the page) and returns a PageHelp or None; it must stay cheap, since
every page calls it (the guides' one is cached).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HelpLink:
    url: str
    title: str


@dataclass(frozen=True)
class PageHelp:
    title: str  # of the guide
    summary: str
    url: str  # the guide's page
    sections: tuple[HelpLink, ...] = ()  # its first sections, linked


Provider = Callable[[HttpRequest], PageHelp | None]
_provider: Provider | None = None


def set_page_help(provider: Provider | None) -> None:
    global _provider
    _provider = provider


def page_help_for(request: HttpRequest | None) -> PageHelp | None:
    if request is None or _provider is None or getattr(request, "resolver_match", None) is None:
        return None
    return _provider(request)
