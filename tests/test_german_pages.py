"""Every page speaks German: no English source text of our catalogue, of Django's admin or of
a third-party app shows through.

The pages come from tests/routes.py (tenant pages with the objects of tests/tenant_objects.py,
personal and public pages) and from the admin's registry (`/betrieb/`: index, app pages,
every changelist, add form and change form). A page fails when its visible text (or an
aria-label, title, placeholder or alt) contains the English source of one of our catalogue's
messages whose German differs: only fragments of at least 12 characters with a space, so
that short words and names cannot give false alarms. The admin is also checked against a list
of English texts that Django or a third-party app ships without German translation, and the
admin's JavaScript catalogue (the selector widget's "Choose …/Remove …") must translate every
text Django's admin scripts use.
"""

import ast
import html
import json
import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.guides.models import Guide, Question
from tests.routes import (
    LIBRARY_ROUTES,
    PERSONAL_ROUTES,
    PUBLIC_ROUTES,
    TENANT_ROUTES,
    iter_route_names,
)
from tests.tenant_objects import build_objects, tenant_url

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"
DJANGO_LOCALE = Path(django.__file__).parent
# Django's own English sources, one .po per package, current with the installed version.
DJANGO_SOURCES = {
    "django": DJANGO_LOCALE / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    "admin": DJANGO_LOCALE / "contrib" / "admin" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    "auth": DJANGO_LOCALE / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
}
ADMIN_JS_SOURCE = DJANGO_LOCALE / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"

# English texts the operator area showed although Django's or the apps' German catalogues
# should have covered them (they lack the entries or the apps mark nothing for translation).
KNOWN_ENGLISH_ADMIN_TEXTS = [
    "Axes",
    "Tasks Database Backend",
    "Task Results",
    "Task Result",
    "access attempt expiration",
    "Password-based authentication",
    "Whether the user will be able to authenticate",
    "After you’ve created a user",
    "Raw passwords are not stored",
    "Set password",
    "Reset password",
    "Can add ",
    "Can change ",
    "Can delete ",
    "Can view ",
    "run after",
    "traceback",
    "Enabled",
    "Disabled",
]

MIN_LENGTH = 12
_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfir]|%[sdfir]|\{[^}]*\}|<[^>]+>")


def _unquote(lines: list[str]) -> str:
    text = "".join(json.loads(line) for line in lines)
    return text


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), fuzzy."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#~"):
                current = None
                fields = {}
                break
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue
        entries.append(
            {
                "msgctxt": _unquote(fields["msgctxt"]) if "msgctxt" in fields else None,
                "msgid": msgid,
                "msgid_plural": _unquote(fields["msgid_plural"])
                if "msgid_plural" in fields
                else None,
                "msgstr": [
                    _unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")
                ],
                "fuzzy": fuzzy,
            }
        )
    return entries


def english_fragments() -> dict[str, str]:
    """{fragment: msgid} for our catalogue's messages whose German differs."""
    fragments: dict[str, str] = {}
    for entry in parse_po(CATALOGUE):
        if entry["msgstr"] and entry["msgstr"][0] == entry["msgid"]:
            continue
        for source in (entry["msgid"], entry["msgid_plural"]):
            if not source:
                continue
            for part in _PLACEHOLDER.split(source):
                part = " ".join(html.unescape(part).split()).strip(" .,:;–-")
                if len(part) >= MIN_LENGTH and " " in part:
                    fragments.setdefault(part, entry["msgid"])
    return fragments


_ATTRIBUTES = re.compile(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"')
_INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def visible_text(content: str) -> str:
    content = _INVISIBLE.sub(" ", content)
    attributes = " ".join(_ATTRIBUTES.findall(content))
    text = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html.unescape(f"{text} {attributes}").split())


def english_on(page: str, text: str, fragments: dict[str, str], extra=()) -> list[str]:
    found = [f"{page}: “{fragment}” (msgid “{msgid}”)" for fragment, msgid in fragments.items()
             if fragment in text]  # fmt: skip
    found += [
        f"{page}: “{english}”" for english in extra if re.search(rf"\b{re.escape(english)}", text)
    ]
    return found


def german_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    if user is not None:
        client.force_login(user)
    return client


def check_pages(client: Client, urls: list[str], extra=()) -> list[str]:
    """The English found on the pages; a page that does not answer 200 is a problem too."""
    fragments = english_fragments()
    problems = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: answered {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        problems += english_on(url, visible_text(response.content.decode()), fragments, extra)
    return problems


def test_the_catalogue_yields_english_fragments() -> None:
    fragments = english_fragments()
    assert "This invitation has already been used or withdrawn" in fragments
    assert len(fragments) > 300


_GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
_PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_every_text_our_code_translates_is_in_the_catalogue() -> None:
    """makemessages does not look inside f-strings: f"{_('…')}" stays English on every page."""
    translated = {
        (entry["msgctxt"], entry["msgid"])
        for entry in parse_po(CATALOGUE)
        if not entry["fuzzy"] and all(entry["msgstr"])
    }
    missing = []
    for path in sorted((Path(settings.BASE_DIR) / "schreibwerkstatt").rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
            if node.func.id in _GETTEXT and args:
                key = (None, args[0])
            elif node.func.id in _PGETTEXT and len(args) > 1:
                key = (args[0], args[1])
            else:
                continue
            if isinstance(key[1], str) and key not in translated:
                missing.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} “{key[1]}”")
    assert not missing, "Not translated: " + "; ".join(missing)


def test_the_visible_text_leaves_out_scripts_and_keeps_labels() -> None:
    text = visible_text(
        '<p>Hallo <b>Welt</b></p><script>var x = "Choose all";</script>'
        '<button aria-label="Close the dialog now">x</button>'
    )
    assert text == "Hallo Welt x Close the dialog now"


def test_every_page_of_a_municipality_is_german(people, municipality_a) -> None:
    objects = build_objects(municipality_a, people, secret_title="Geheimnis")
    urls = []
    for name, route in TENANT_ROUTES.items():
        if route.get is None or "coordinator" not in route.get:
            continue
        if name in {"roadmap:svg", "roadmap:png", "jobs:download", "word_templates:download"}:
            continue  # not HTML
        urls.append(tenant_url(name, route, municipality_a, objects))
    problems = check_pages(german_client(people["coordinator"]), urls)
    assert not problems, "English on German pages:\n" + "\n".join(problems)


def test_personal_and_public_pages_are_german(people, municipality_a) -> None:
    patterns = dict(iter_route_names())
    personal = [
        reverse(n)
        for n in sorted(PERSONAL_ROUTES)
        if "<" not in patterns[n]
        and n not in {"accounts:two_factor_disable", "inbox:mark_all_read"}  # POST only
    ]
    # The measure library's pages without parameters (library/: members, advisers, operators).
    personal += [reverse(n) for n in sorted(LIBRARY_ROUTES) if "<" not in patterns[n]]
    public = [
        reverse(n)
        for n in sorted(PUBLIC_ROUTES)
        if "<" not in patterns[n]
        and n not in {"jobs:health", "core:open_data_schema", "set_language", "accounts:logout"}
        and n not in {"core:imprint", "core:privacy", "core:accessibility"}  # 404 without text
        # the code step needs a login waiting for its code (accounts/tests/test_two_factor.py)
        and n != "accounts:login_code"
    ]
    from schreibwerkstatt.statewide.services import set_public

    set_public(True, by=None)  # the statewide picture's public version is off by default
    problems = check_pages(german_client(people["coordinator"]), personal)
    problems += check_pages(german_client(None), public)
    assert not problems, "English on German pages:\n" + "\n".join(problems)


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(
        email="betrieb@plattform.example", password="Betrieb-Passwort-42", name="Olga Betrieb"
    )


def admin_urls(operator) -> list[str]:
    """Index, every app page, and per registered model its changelist, add form (where adding
    is allowed) and the change form of its first object."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    request = RequestFactory().get("/betrieb/")
    request.user = operator
    labels = set()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        labels.add(meta.app_label)
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    urls += [reverse("admin:app_list", kwargs={"app_label": label}) for label in sorted(labels)]
    return urls


def _objects_for_every_admin_page(people, municipality_a) -> dict:
    """Tenant objects plus a failed login (axes) and a finished background task."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_tasks_db.models import DBTaskResult

    objects = build_objects(municipality_a, people, secret_title="Geheimnis")
    attempt = {"user_agent": "Firefox", "ip_address": "127.0.0.1", "username": "x@y.example"}
    attempt |= {"http_accept": "*/*", "path_info": "/anmelden/"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    from django.utils import timezone

    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="schreibwerkstatt.jobs.tasks.clean_up_jobs",
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )
    return objects


def test_every_page_of_the_operator_area_is_german(
    people, municipality_a, operator, settings
) -> None:
    # The task results' admin needs the database backend the worker uses in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    objects = _objects_for_every_admin_page(people, municipality_a)
    urls = admin_urls(operator)
    # The operator's pages in the product: start page and onboarding (Partnerdorf of the
    # tenant objects has no coordinator yet).
    partner = objects["partnership"].municipality
    urls += [reverse("core:home"), reverse("onboarding:create")]
    urls.append(reverse("onboarding:invite_coordinator", args=[partner.slug]))
    # The operator's pages of the handbook (guides/operator_views.py), with a shipped guide.
    guide = Guide.objects.order_by("pk").first() or Guide.objects.create(
        slug="leitfaden", title="Leitfaden", summary="Kurz.", body="## Abschnitt\n\nText"
    )
    question = Question.objects.create(question="Wo anfangen?", answer="Hier.", guide=guide)
    urls += [reverse("guides:manage"), reverse("guides:add"), reverse("guides:manage_questions")]
    urls += [reverse("guides:question_add"), reverse("guides:question_edit", args=[question.pk])]
    urls += [reverse("guides:question_history", args=[question.pk])]
    urls += [
        reverse(n, args=[guide.slug]) for n in ("guides:edit", "guides:history", "guides:delete")
    ]
    problems = check_pages(german_client(operator), urls, extra=KNOWN_ENGLISH_ADMIN_TEXTS)
    assert not problems, "English in the operator area:\n" + "\n".join(problems)


def test_the_admin_scripts_speak_german(operator) -> None:
    """The selector widget, calendar and inlines take their texts from /betrieb/jsi18n/."""
    response = german_client(operator).get(reverse("admin:jsi18n"))
    match = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.DOTALL)
    catalogue = json.loads(match.group(1)) if match else {}
    missing = [
        entry["msgid"]
        for entry in parse_po(ADMIN_JS_SOURCE)
        if entry["msgctxt"] is None and not catalogue.get(entry["msgid"])
    ]
    assert not missing, "Untranslated in the admin's scripts: " + "; ".join(missing)


@pytest.mark.parametrize("package", sorted(DJANGO_SOURCES))
def test_django_texts_of_the_operator_area_have_german(package: str) -> None:
    """Every message of Django's admin, auth and core has German: from Django's catalogue or,
    where that lacks it (newer texts), from ours."""
    source = DJANGO_SOURCES[package]
    german_po = Path(str(source).replace("/en/", "/de/"))
    translated = {
        (entry["msgctxt"], entry["msgid"])
        for entry in parse_po(german_po)
        if not entry["fuzzy"] and all(entry["msgstr"])
    }
    missing = []
    with translation.override("de"):
        for entry in parse_po(source):
            msgid, plural, context = entry["msgid"], entry["msgid_plural"], entry["msgctxt"]
            if (context, msgid) in translated:
                continue
            if plural:
                german = (
                    translation.npgettext(context, msgid, plural, 1)
                    if context
                    else translation.ngettext(msgid, plural, 1)
                )
            else:
                german = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
            if german == msgid:
                missing.append(msgid)
    assert not missing, f"No German for Django's {package} texts: " + "; ".join(missing)
