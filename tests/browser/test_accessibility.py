"""axe-core (WCAG 2.1 A/AA) and the layout net on every page of the app, anonymous and logged in.

The routes come from the URL resolver, classified in tests/routes.py, and their URLs are built
with the objects of tests/tenant_objects.py (both shared with the cross-tenant matrix). A new
route is so scanned automatically, or makes the scan fail if its URL cannot be built. Forms
with validation errors, states after htmx swaps and the error pages are scanned as well.
"""

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views import defaults
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route, expect

from schreibwerkstatt.accounts.services import make_unlock_token
from schreibwerkstatt.glossary.models import Term
from schreibwerkstatt.municipalities.models import Membership, Role
from schreibwerkstatt.municipalities.services import invitation_token
from schreibwerkstatt.process.models import ChecklistItem
from schreibwerkstatt.process.phases import PHASES
from schreibwerkstatt.strategies.models import Measure
from tests.browser.axe import axe_violations, describe
from tests.browser.helpers import BROWSER_DB, de
from tests.browser.layout import layout_defects
from tests.factories import MunicipalityFactory
from tests.routes import (
    DISCUSSION_POST_ONLY,
    DISCUSSION_ROUTES,
    OPERATOR_POST_ONLY,
    ORGANISER_POST_ONLY,
    PUBLISHED_ROUTES,
    SESSION_BOARD_EXPORTS,
    SESSION_BOARD_ROUTES,
    TENANT_ROUTES,
    classify,
    iter_route_names,
)
from tests.tenant_objects import (
    build_objects,
    discussion_objects,
    discussion_url,
    publish,
    published_url,
    tenant_url,
)

pytestmark = BROWSER_DB

# Never opened: the operator area (Django's admin, a third-party UI) and the logout.
NOT_OPENED = {
    "accounts:logout": "logs out",
    # POST only; the page it answers with (errors shown) is the set-up page, scanned itself.
    "accounts:two_factor_disable": "POST only",
    # guides: only redirects to the tool in the person's municipality (guides/views.tool)
    "guides:tool": "only redirects",
    # workshops: changes of a registration's participants (the page is the registration's)
    "workshops:add_participants": "POST only",
    "workshops:remove_participant": "POST only",
    # the inbox: opening and marking notifications (the page is inbox:list; test_inbox.py)
    "inbox:open": "POST only",
    "inbox:mark_read": "POST only",
    "inbox:mark_all_read": "POST only",
}
# A session's boards in its series' space: the templates of boards:board and
# boards:edit_card, scanned there; for the advisers running the series only (404 to the
# operator who scans the organisers' pages), tested in boards/tests/test_session_boards.py.
NOT_OPENED |= {name: "a session's board (same pages as boards:*)" for name in SESSION_BOARD_ROUTES}
NOT_OPENED |= {name: "a file, not a page" for name in SESSION_BOARD_EXPORTS}
# A guest's pages behind the join page (scanned here): the board's and the card's templates
# from a guest's perspective, scanned in tests/browser/test_guests_browser.py, and two POSTs.
# The library's suggestions are a fragment of the new measure's page (scanned with them in
# tests/browser/test_library_browser.py).
NOT_OPENED["library:suggestions"] = "an htmx fragment (tests/browser/test_library_browser.py)"
NOT_OPENED |= {
    "boards:guest_board": "a guest's board (tests/browser/test_guests_browser.py)",
    "boards:guest_list_view": "a guest's board as a list (the page of boards:guest_board)",
    "boards:guest_edit_card": "a guest's card (the page of boards:edit_card)",
    "boards:guest_add_card": "POST only",
    "boards:guest_delete_card": "POST only",
    "boards:guest_cast_dot": "POST only",
    "boards:guest_take_back_dot": "POST only",
}
# A post's address only sends to its topic's page (discussions:topic, scanned).
NOT_OPENED["discussions:post"] = "only redirects"
HTML = "text/html"
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class UrlObjects:
    """Objects of municipality A for the URL parameters: those of tests/tenant_objects.py
    (shared with the cross-tenant matrix) plus a valid password reset link and invitation."""

    municipality: Any
    by_kind: dict[str, Any]
    invitation_token: str
    reset_uidb64: str
    reset_token: str
    unlock_token: str
    unstaffed_slug: str  # a municipality without coordination: its operator invitation page
    term_pk: int  # a glossary term: its operator edit and delete pages
    guide_params: dict[str, str]  # URL parameters of the handbook's pages (guides)
    workshop_params: dict[str, dict[str, Any]]  # {route: URL parameters} of the workshops

    @property
    def slug(self) -> str:
        return str(self.municipality.slug)


@pytest.fixture
def url_objects(people: dict[str, Any], municipality_a: Any) -> UrlObjects:
    by_kind = build_objects(municipality_a, people, secret_title="Barrierefreiheit prüfen")
    # Published, so its transparency pages (and the overview's published state) are scanned;
    # a running measure with progress shows the status badge and the progress bar.
    publish(by_kind["strategy"])
    Measure.objects.filter(pk=by_kind["measure"].pk).update(status="running", progress_percent=40)
    by_kind["measure"].fields.add(by_kind["field"])
    # The reader never logs in here, so the reset token stays valid during the scan.
    reader = people["reader"]
    # A failed login of the reader, so the unlock link of the lock-out mail can be built.
    AccessAttempt.objects.create(
        username=reader.email, ip_address="127.0.0.1", user_agent="test", failures_since_start=1
    )
    unstaffed = MunicipalityFactory(name="Neuhausen", slug="neuhausen", ags="12069999")
    # The statewide picture with the example directory, its public version switched on.
    from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, import_file, set_public

    import_file(EXAMPLE_DIRECTORY)
    set_public(True, by=None)
    # A second municipality of the adviser, so the comparison has two to show.
    unstaffed.advisers.add(people["adviser"])
    guide_params = handbook_objects()
    # A series' discussion space the coordinator takes part in, with a topic, a reply and
    # the coordinator's listed directory entry (tests/tenant_objects.py).
    by_kind["discussions"] = discussion_objects(
        municipality_a, people, secret_title="Wie startet ihr die Bestandsaufnahme?"
    )
    return UrlObjects(
        municipality=municipality_a,
        by_kind=by_kind,
        invitation_token=invitation_token(by_kind["invitation"]),
        reset_uidb64=urlsafe_base64_encode(force_bytes(reader.pk)),
        reset_token=default_token_generator.make_token(reader),
        unlock_token=make_unlock_token(reader) or "",
        unstaffed_slug=str(unstaffed.slug),
        term_pk=Term.objects.create(
            term="Barrierefreiheit", slug="barrierefreiheit-test", definition="Für alle nutzbar."
        ).pk,
        guide_params=guide_params,
        workshop_params=workshop_objects(municipality_a, people),
    )


def workshop_objects(municipality_a: Any, people: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """An open series A is not registered for (registration form), one A is registered for
    with the coordinator taking part (registration, cancellation), a past one with a public
    file (its download)."""
    from schreibwerkstatt.workshops import services as workshops
    from schreibwerkstatt.workshops.models import Material
    from schreibwerkstatt.workshops.tests.conftest import make_series

    open_series = make_series("offen-axe")
    registered = make_series("angemeldet-axe")
    registration = workshops.register(
        registered, municipality_a, by=people["coordinator"], users=[people["coordinator"]]
    )
    past = make_series("vergangen-axe", starts_in_days=-30, closes_in_days=-40)
    material = Material.objects.create(
        session=past.sessions.first(), title="Folien", file_name="folien.pdf",
        content_type="application/pdf", content=b"%PDF-1.4\n%%EOF\n", size=14, public=True,
    )  # fmt: skip
    session = registered.sessions.first()
    return {
        "workshops:series": {"slug": open_series.slug},
        "workshops:register": {"slug": open_series.slug},
        "workshops:registration": {"slug": registered.slug},
        "workshops:cancel_registration": {"slug": registered.slug, "pk": registration.pk},
        "workshops:material": {"slug": past.slug, "pk": material.pk},
        # the organisers' pages (views/organiser.py), opened by the operator
        "workshops:manage_series": {"slug": registered.slug},
        "workshops:series_edit": {"slug": registered.slug},
        "workshops:series_cancel": {"slug": registered.slug},
        "workshops:session_add": {"slug": registered.slug},
        "workshops:registration_withdraw": {"slug": registered.slug, "pk": registration.pk},
        "workshops:manage_session": {"slug": registered.slug, "pk": session.pk},
        "workshops:session_edit": {"slug": registered.slug, "pk": session.pk},
        "workshops:session_cancel": {"slug": registered.slug, "pk": session.pk},
    }


def handbook_objects() -> dict[str, str]:
    """A guide with a picture (in its text), a download, a history of two versions and an
    entry question: the parameters of the handbook's pages."""
    from schreibwerkstatt.guides import services as guides
    from schreibwerkstatt.guides.models import Guide, Question
    from schreibwerkstatt.guides.tests import samples

    guide = Guide.objects.create(
        slug="axe-leitfaden", title="Leitfaden für die Prüfung", summary="Kurz gesagt.",
        body="## Erster Abschnitt\n\nText.\n\n## Zweiter Abschnitt\n\n- Punkt", phase=0,
    )  # fmt: skip
    picture = guides.add_attachment(
        guide, title="Karte des Amtes", kind="image", filename="karte.png",
        content_type="image/png", content=samples.png(),
    )  # fmt: skip
    guides.add_attachment(
        guide, title="Zeitplan", kind="download", filename="zeitplan.pdf",
        content_type="application/pdf", content=samples.PDF,
    )  # fmt: skip
    guides.change_guide(
        guide, expected_version=1,
        changes={"body": guide.body + f"\n\n![Karte des Amtes]({picture.get_absolute_url()})"},
    )  # fmt: skip
    question = Question.objects.create(
        question="Wo fangen wir an?", answer="Beim Auftrag.", guide=guide, tool="cycle"
    )
    return {
        "slug": guide.slug,
        "pk": str(question.pk),
        "history_id": str(guide.history.last().history_id),
        "filename": picture.filename,
        "tool": "cycle",
        "attachment_pk": str(picture.pk),
    }


def urls_for(name: str, pattern: str, objects: UrlObjects) -> list[str]:
    """The URLs to open for a route: a municipality's routes are built like in the
    cross-tenant matrix (tests/tenant_objects.py), with every phase for `number`.
    LookupError if a parameter cannot be filled."""
    if name in TENANT_ROUTES:
        try:
            url = tenant_url(name, TENANT_ROUTES[name], objects.municipality, objects.by_kind)
        except (KeyError, NoReverseMatch) as error:
            raise LookupError(
                f"{name} ({pattern}): tests/tenant_objects.py cannot build its URL ({error!r})"
            ) from error
        if "<int:number>" not in pattern:
            return [url]
        kwargs = resolve(url).kwargs
        return [reverse(name, kwargs={**kwargs, "number": info.number}) for info in PHASES]
    if name in PUBLISHED_ROUTES:
        return [published_url(name, objects.municipality, objects.by_kind)]
    if name in DISCUSSION_ROUTES:
        return [discussion_url(name, objects.by_kind["discussions"])]
    if name == "advising:compare":  # A and the adviser's second municipality (url_objects)
        second = (
            objects.municipality.advisers.get()
            .advised_municipalities.exclude(pk=objects.municipality.pk)
            .get()
        )
        return [f"{reverse(name)}?m={objects.municipality.pk}&m={second.pk}"]
    kwargs: dict[str, Any] = {}
    for param in PARAM.findall(pattern):
        if param == "uidb64":
            kwargs[param] = objects.reset_uidb64
        elif param == "token" and name == "accounts:password_reset_confirm":
            kwargs[param] = objects.reset_token
        elif param == "token" and name == "municipalities:accept_invitation":
            kwargs[param] = objects.invitation_token
        elif param == "token" and name == "boards:guest_join":
            from schreibwerkstatt.boards.guests import token_for

            kwargs[param] = token_for(objects.by_kind["board_guest_link"])
        elif param == "token" and name == "accounts:unlock":
            kwargs[param] = objects.unlock_token
        elif param == "slug" and name == "onboarding:invite_coordinator":
            kwargs[param] = objects.unstaffed_slug
        elif param == "key" and name == "public:edit_page":
            kwargs[param] = "easy-language"
        elif param == "pk" and name.startswith("library:"):  # A's published, running measure
            kwargs[param] = objects.by_kind["measure"].pk
        elif param == "pk" and name.startswith("glossary:"):
            kwargs[param] = objects.term_pk
        elif name.startswith("guides:") and param in objects.guide_params:
            key = "attachment_pk" if param == "pk" and "attachment" in name else param
            kwargs[param] = objects.guide_params[key]
        elif name in objects.workshop_params and param in objects.workshop_params[name]:
            kwargs[param] = objects.workshop_params[name][param]
        elif param == "token" and name == "workshops:subscribe_confirm":
            from schreibwerkstatt.workshops.subscriptions import confirmation_token

            kwargs[param] = confirmation_token("leser@example.org")
        elif param == "token" and name == "workshops:unsubscribe":
            from schreibwerkstatt.workshops.subscriptions import confirm_subscription

            kwargs[param] = confirm_subscription("leserin@example.org")[0].token
        elif param == "pk" and name == "statewide:preview":
            from schreibwerkstatt.statewide.services import EXAMPLE_DIRECTORY, prepare_import

            data = EXAMPLE_DIRECTORY.read_bytes()
            kwargs[param] = prepare_import(data, EXAMPLE_DIRECTORY.name, by=None).pk
        elif param == "token" and name == "personal:calendar_feed":
            from schreibwerkstatt.personal.services import renew_feed_token

            kwargs[param] = renew_feed_token(objects.by_kind["membership"].user)
        else:
            raise LookupError(
                f"{name} ({pattern}): no test object for the URL parameter {param!r}; "
                "teach urls_for() in tests/browser/test_accessibility.py about it"
            )
    return [reverse(name, kwargs=kwargs)]


def view_name_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


@dataclass
class Visit:
    first_status: int  # before any redirect
    status: int = 0
    view_name: str = ""
    content_type: str = ""
    error: str = ""

    def is_page_of(self, route_name: str) -> bool:
        return self.status == 200 and self.view_name == route_name and HTML in self.content_type


def visit(page: Page, url: str) -> Visit:
    """Open a URL in the page and tell what came back."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:  # a download, an empty 405 answer: ask without navigating
        answer = page.request.get(url)
        return Visit(
            first_status=answer.status,
            status=answer.status,
            view_name=view_name_of(answer.url),
            content_type=answer.headers.get("content-type", ""),
            error=str(error).splitlines()[0],
        )
    assert response is not None, url
    first = response.request
    while first.redirected_from is not None:
        first = first.redirected_from
    first_response = first.response()
    return Visit(
        first_status=first_response.status if first_response else response.status,
        status=response.status,
        view_name=view_name_of(page.url),
        content_type=response.headers.get("content-type", ""),
    )


@dataclass
class AxeScan:
    """axe-core and the layout net (tests/browser/layout.py: no sideways scrolling, no
    overlapping controls at 1366 and 390 px) on every page the tests visit."""

    axe_js: Path
    scanned_pages: list[str]  # of the whole run
    pages: list[str] = field(default_factory=list)  # of this test
    failures: list[str] = field(default_factory=list)
    layout_failures: list[str] = field(default_factory=list)

    def check(self, page: Page, who: str, what: str = "") -> None:
        where = f"{what or urlsplit(page.url).path} ({who})"
        self.pages.append(where)
        self.scanned_pages.append(where)
        violations = axe_violations(page, self.axe_js)
        if violations:
            self.failures.append(describe(where, violations))
        defects = layout_defects(page)
        if defects:
            self.layout_failures.append("\n".join([f"{where}:", *defects]))

    def report(self) -> list[str]:
        report = []
        if self.failures:
            report.append(f"axe found violations on {len(self.failures)} page(s):")
            report.extend(self.failures)
        if self.layout_failures:
            report.append(f"layout defects on {len(self.layout_failures)} page(s):")
            report.extend(self.layout_failures)
        return report

    def assert_clean(self) -> None:
        if report := self.report():
            pytest.fail("\n".join(report), pytrace=False)


@pytest.fixture
def axe_scan(axe_script: Path, scanned_pages: list[str]) -> AxeScan:
    return AxeScan(axe_script, scanned_pages)


# The crawl runs in parts, so pytest-xdist spreads it over its workers: as one test it took
# two and a half minutes on one worker, at the end of the run, while the other had finished.
# A route belongs to one part by a hash of its name, so a part's id stays the same when
# routes come and go; every part checks the routes of its part as the whole crawl did.
CRAWL_PARTS = 4


def crawl_part(route_name: str) -> int:
    return zlib.crc32(route_name.encode()) % CRAWL_PARTS


@pytest.mark.parametrize(
    "part", range(CRAWL_PARTS), ids=[f"part{n + 1}of{CRAWL_PARTS}" for n in range(CRAWL_PARTS)]
)
def test_it_finds_no_axe_violations_or_layout_defects_on_any_page(
    page_as: Callable[..., Page], url_objects: UrlObjects, axe_scan: AxeScan, part: int
) -> None:
    anonymous = page_as("anonymous", bypass_csp=True)
    coordinator = page_as("coordinator", bypass_csp=True)
    operator = page_as("operator", bypass_csp=True)
    adviser = page_as("adviser", bypass_csp=True)
    problems: list[str] = []
    not_scanned: dict[str, str] = {}

    for name, pattern in iter_route_names():
        if crawl_part(name) != part:
            continue
        kind = classify(name)
        if kind == "admin" or name in NOT_OPENED:
            not_scanned[name] = NOT_OPENED.get(name, "operator area (Django admin)")
            continue
        if kind is None:
            problems.append(f"{name} ({pattern}): not classified in tests/routes.py")
            continue
        if name in ORGANISER_POST_ONLY or name in DISCUSSION_POST_ONLY:
            not_scanned[name] = "POST only"
            continue
        try:
            urls = urls_for(name, pattern, url_objects)
        except LookupError as error:
            problems.append(str(error))
            continue
        member_page = kind in (
            "tenant",
            "personal",
            "operator",
            "organiser",
            "adviser",
            "library",
            "discussion",
        )
        page, who = (coordinator, "coordinator") if member_page else (anonymous, "anonymous")
        # Moving a topic is for the moderation: the operators moderate every space.
        if kind in ("operator", "organiser") or name == "discussions:topic_move":
            page, who = operator, "operator"
        # The adviser's own pages, and pages of A only its adviser opens (the notes).
        if kind == "adviser" or (
            kind == "tenant" and "coordinator" not in (TENANT_ROUTES[name].get or {"coordinator"})
        ):
            page, who = adviser, "adviser"
        if name in OPERATOR_POST_ONLY:
            not_scanned[name] = "POST only"
            continue
        if kind == "tenant" and TENANT_ROUTES[name].get is None:
            status = page.request.get(urls[0], max_redirects=0).status
            if status == 405:
                not_scanned[name] = "POST only"
            else:
                problems.append(f"{urls[0]}: POST only in tests/routes.py, but GET gives {status}")
            continue
        for url in urls:
            seen = visit(page, url)
            if seen.is_page_of(name):
                axe_scan.check(page, who)
            elif seen.status == 200 and HTML not in seen.content_type:
                not_scanned[name] = f"not an HTML page ({seen.content_type})"
            elif not member_page and seen.first_status in (301, 302) and seen.view_name != name:
                not_scanned[name] = f"only redirects (to {seen.view_name or '?'})"
            else:
                problems.append(f"{url}: {who} gets {seen}")

    admin = [name for name in not_scanned if classify(name) == "admin"]
    post_only = [name for name, why in not_scanned.items() if why == "POST only"]
    others = {n: why for n, why in not_scanned.items() if n not in admin and n not in post_only}
    print(f"\nnot scanned: {len(admin)} admin routes, {len(post_only)} POST-only routes, {others}")
    if problems:  # with the findings on the pages that could be opened
        opened = axe_scan.report()
        pytest.fail(
            "\n".join(["pages that could not be opened:", *problems, *opened]), pytrace=False
        )
    some_expected = {"/ (anonymous)", "/kommunen/amtsberg/ (coordinator)"}
    # The reset link was valid: Django moved its token into the session.
    some_expected.add(f"/passwort-neu/{url_objects.reset_uidb64}/set-password/ (anonymous)")
    some_expected |= {f"/kommunen/amtsberg/phasen/{info.number}/ (coordinator)" for info in PHASES}
    public = f"/transparenz/{url_objects.slug}/{url_objects.by_kind['strategy'].pk}/"
    some_expected |= {f"{public} (anonymous)", f"{public}einbetten/ (anonymous)"}
    # Those of this part's routes.
    some_expected = {p for p in some_expected if crawl_part(view_name_of(p.split()[0])) == part}
    assert some_expected <= set(axe_scan.pages)
    axe_scan.assert_clean()


def test_it_finds_no_axe_violations_or_layout_defects_on_forms_with_errors_and_swaps(
    page_as: Callable[..., Page],
    url_objects: UrlObjects,
    people: dict[str, Any],
    axe_scan: AxeScan,
) -> None:
    errors_shown = '[aria-invalid="true"], [role="alert"]'
    anonymous = page_as("anonymous", bypass_csp=True)

    anonymous.goto("/anmelden/")
    anonymous.locator("input[name=username]").fill("niemand@amtsberg.example")
    anonymous.locator("input[name=password]").fill("falsches-Passwort")
    anonymous.locator("form.sw-form button[type=submit]").click()
    expect(anonymous.locator(errors_shown).first).to_be_visible()
    axe_scan.check(anonymous, "anonymous", "login with a wrong password")

    anonymous.goto("/passwort-vergessen/")
    anonymous.locator("input[name=email]").fill("keine-adresse")
    anonymous.locator("form.sw-form button[type=submit]").click()
    expect(anonymous.locator(errors_shown).first).to_be_visible()
    axe_scan.check(anonymous, "anonymous", "password reset with an invalid e-mail address")

    anonymous.goto(f"/einladung/{url_objects.invitation_token}/")
    anonymous.locator("input[name=name]").fill("Eingeladene Person")
    anonymous.locator("input[name=password1]").fill("Ein-langes-Passwort-2026")
    anonymous.locator("input[name=password2]").fill("Ein-anderes-Passwort-2026")
    anonymous.locator("form.sw-form button[type=submit]").click()
    expect(anonymous.locator(errors_shown).first).to_be_visible()
    axe_scan.check(anonymous, "anonymous", "invitation with passwords that do not match")

    coordinator = page_as("coordinator", bypass_csp=True)
    slug = url_objects.slug
    item_url = f"/kommunen/{slug}/aufgaben/{url_objects.by_kind['item'].pk}/"

    coordinator.goto(f"/kommunen/{slug}/mitglieder/einladen/")
    coordinator.locator("input[name=email]").fill("keine-adresse")
    coordinator.locator("form.sw-form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "invitation form with an invalid e-mail address")

    coordinator.goto(f"/kommunen/{slug}/phasen/0/")
    coordinator.locator("form.sw-form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "phase 0 with an empty new task")

    coordinator.goto(item_url)
    coordinator.locator("input[name=title]").fill("")
    coordinator.locator("form.sw-form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "task form with an empty title")

    coordinator.goto(item_url)
    coordinator.locator("input[name=title]").fill("Meine Fassung")
    ChecklistItem.objects.filter(pk=url_objects.by_kind["item"].pk).update(
        title="Andere Fassung", version=F("version") + 1
    )
    with coordinator.expect_response(lambda response: response.request.method == "POST") as info:
        coordinator.locator("form.sw-form button[type=submit]").click()
    assert info.value.status == 409
    expect(coordinator.get_by_role("alert")).to_contain_text("Andere Fassung")
    axe_scan.check(coordinator, "coordinator", "task form after a conflicting edit")

    coordinator.goto("/profil/")
    coordinator.locator("input[name=name]").fill("")
    coordinator.locator("input[name=email]").fill("keine-adresse")
    coordinator.locator("form.sw-form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "profile with an empty name")

    coordinator.goto("/profil/passwort/")
    coordinator.locator("input[name=old_password]").fill("falsches-Passwort")
    coordinator.locator("form.sw-form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "password change with a wrong old password")

    own = Membership.objects.get(user=people["coordinator"])
    coordinator.goto(f"/kommunen/{slug}/mitglieder/")
    coordinator.locator(f"#role-{own.pk}").select_option(Role.READER)
    coordinator.locator(f"form[action$='/{own.pk}/rolle/'] button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "members after demoting the last coordinator")

    coordinator.goto(f"/kommunen/{slug}/mitglieder/{own.pk}/entfernen/")
    coordinator.locator("main form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "removing the last coordinator")

    coordinator.goto(f"/kommunen/{slug}/phasen/0/")
    coordinator.locator(".sw-checklist__item button[value=true]").first.click()
    expect(coordinator.locator(".sw-checklist__item--done").first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "phase 0 after ticking a task (htmx swap)")

    tag = url_objects.by_kind["tag"]
    url_objects.by_kind["measure"].tags.add(tag)
    coordinator.goto(f"/kommunen/{slug}/strategien/{tag.axis.strategy_id}/kategorien/")
    coordinator.locator(f"#tag-{tag.pk} form button[type=submit]").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Schlagwort löschen?")
    axe_scan.check(coordinator, "coordinator", "asked before deleting a tag in use")

    series_slug = url_objects.workshop_params["workshops:register"]["slug"]
    coordinator.goto(f"/termine/{series_slug}/anmelden/")
    coordinator.locator("textarea[name=emails]").fill("keine-adresse")
    coordinator.locator("#register-form button[type=submit]").click()
    expect(coordinator.locator(errors_shown).first).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "workshop registration with an invalid address")

    axe_scan.assert_clean()


def _rendered_error_pages() -> dict[str, HttpResponse]:
    """Error pages that are impractical to provoke, rendered by the same code as in production."""
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("de"):
        return {
            "400": defaults.bad_request(request, SuspiciousOperation()),
            "403": defaults.permission_denied(request, PermissionDenied()),
            "500": defaults.server_error(request),
            "429": render(request, "accounts/locked_out.html", status=429),
        }


def _serve(response: HttpResponse) -> Callable[[Route], None]:
    def fulfil(route: Route) -> None:
        route.fulfill(
            status=response.status_code,
            content_type=response["Content-Type"],
            body=response.content,
        )

    return fulfil


def test_it_finds_no_axe_violations_or_layout_defects_on_error_pages(
    page_as: Callable[..., Page], axe_scan: AxeScan
) -> None:
    anonymous = page_as("anonymous", bypass_csp=True)

    assert visit(anonymous, "/gibt-es-nicht/").status == 404
    axe_scan.check(anonymous, "anonymous", "404 page not found")
    assert visit(anonymous, "/einladung/ungueltig/").status == 410
    axe_scan.check(anonymous, "anonymous", "410 invitation link not valid")

    anonymous.goto("/anmelden/")
    anonymous.locator("main input[name=csrfmiddlewaretoken]").evaluate("input => input.remove()")
    with anonymous.expect_response(lambda response: response.status == 403):
        anonymous.locator("form.sw-form button[type=submit]").click()
    axe_scan.check(anonymous, "anonymous", "403 form expired (CSRF)")

    for status, response in _rendered_error_pages().items():
        # Served in place of an unknown URL of the live server, so the static files load.
        anonymous.route(f"**/__fehlerseite__/{status}/", _serve(response))
        served = anonymous.goto(f"/__fehlerseite__/{status}/")
        assert served is not None and served.status == response.status_code
        axe_scan.check(anonymous, "anonymous", f"{status} error page")

    coordinator = page_as("coordinator", bypass_csp=True)
    assert visit(coordinator, "/kommunen/gibt-es-nicht/").status == 404
    expect(coordinator.get_by_role("button", name=de("Log out"))).to_be_visible()
    axe_scan.check(coordinator, "coordinator", "404 page not found")

    axe_scan.assert_clean()
