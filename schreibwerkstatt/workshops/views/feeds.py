"""The public calendar feed and “Tell me about new dates” (subscriptions.py): the form, the
confirmation link of the double opt-in and the unsubscribe link. All open to everybody;
the links work by their token alone."""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.accounts.security import client_ip
from schreibwerkstatt.accounts.services import over_limit

from .. import ics, subscriptions
from ..forms_feeds import SubscribeForm

# Requests of the form: at most this many per address and per client within the window.
SUBSCRIBE_LIMIT_PER_ADDRESS = 3
SUBSCRIBE_LIMIT_PER_CLIENT = 10
SUBSCRIBE_WINDOW = 60 * 60  # seconds
# Calendar programs fetch the public feed often; it may be this old.
FEED_MAX_AGE = 15 * 60


@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest) -> HttpResponse:
    """All public sessions as iCalendar, for calendar programs to subscribe to."""
    response = HttpResponse(ics.public_calendar(), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="schreibwerkstatt-termine.ics"'
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


def _limited(request: HttpRequest, email: str) -> bool:
    # Both counters always count, so the limit reveals nothing about the address either.
    digest = hashlib.sha256(email.encode()).hexdigest()
    by_address = over_limit(
        f"subscribe:email:{digest}", SUBSCRIBE_LIMIT_PER_ADDRESS, SUBSCRIBE_WINDOW
    )
    by_client = over_limit(
        f"subscribe:ip:{client_ip(request)}", SUBSCRIBE_LIMIT_PER_CLIENT, SUBSCRIBE_WINDOW
    )
    return by_address or by_client


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The form: sends the confirmation link and stores nothing. The answer is the same for
    every well-formed address, subscribed or not."""
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            email = form.cleaned_data["email"]
            if _limited(request, email):
                form.add_error(
                    None,
                    _(
                        "Too many requests from you or for this address. Please wait an hour "
                        "and try again."
                    ),
                )
                status = 429
            elif not subscriptions.request_subscription(email):
                form.add_error(
                    None,
                    _("The mail could not be sent just now. Please try again in a few minutes."),
                )
                status = 503
            else:
                return redirect("workshops:subscribe_sent")
    return render(request, "workshops/feeds/subscribe.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "workshops/feeds/sent.html", {"days": subscriptions.CONFIRMATION_DAYS})


@require_http_methods(["GET", "POST"])
def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation mail: a button (GET), so that mail programs that open
    links to check them confirm nothing; its POST stores the address."""
    email = subscriptions.address_of(token)
    if email is None:
        return render(request, "workshops/feeds/invalid_link.html", status=400)
    context = {"email": email}
    if request.method == "POST":
        _subscriber, created = subscriptions.confirm_subscription(email)
        context["done"] = True
        context["created"] = created
    return render(request, "workshops/feeds/confirm.html", context)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link of every mail to subscribers: a button (GET) that deletes the address (POST).
    A second POST answers the same: the address receives nothing any more."""
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        return render(request, "workshops/feeds/unsubscribe.html", {"done": True})
    subscriber = subscriptions.subscriber_of(token)
    if subscriber is None:
        return render(request, "workshops/feeds/unsubscribe.html", {"unknown": True}, status=404)
    return render(request, "workshops/feeds/unsubscribe.html", {"subscriber": subscriber})
