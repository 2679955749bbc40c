"""Reads of the handbook for other apps, the “Help on this page” provider, and the writes of
the operator pages (guides and entry questions, attachments, restore of a version).

Other apps call `public_guides()`, `entry_questions()` and `guide_for_phase(number)` (the
public start page, “Als Nächstes”). `guide_for_phase` and the help panel read one cached
index of all guides (`help_index`): one query when the cache is cold, none otherwise. Every
save or delete of a guide empties it (signals.py); with the per-process memory cache of the
embedded default another process may show the old index for up to HELP_TTL seconds.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from schreibwerkstatt.core.locking import save_versioned
from schreibwerkstatt.core.ordering import move, next_position
from schreibwerkstatt.core.page_help import HelpLink, PageHelp
from schreibwerkstatt.core.text import RenderedText, render_sectioned_markdown
from schreibwerkstatt.history.kinds import HistoryKind, Target
from schreibwerkstatt.history.services import Restored, restore
from schreibwerkstatt.municipalities.rules import my_municipalities

from .models import Guide, GuideAttachment, Question, Tool
from .rules import may_read

HELP_KEY = "guides:help-index:1"
HELP_TTL = 60  # seconds
HELP_SECTIONS = 4  # sections of the guide linked in the help panel
PHASE_PAGE = "process:phase"


# Rendering ------------------------------------------------------------------------------


def image_pattern(guide: Guide) -> re.Pattern[str]:
    """The addresses a picture in this guide's text may have: its own attachments."""
    base = reverse("guides:guide", kwargs={"slug": guide.slug})
    return re.compile(re.escape(base) + r"anhaenge/\d+/[^/?#\s\"'<>]+")


def render_guide(guide: Guide) -> RenderedText:
    return render_sectioned_markdown(guide.body, image_src=image_pattern(guide))


# Reads for other apps ---------------------------------------------------------------------


@dataclass(frozen=True)
class GuideSummary:
    """A guide as the help panel and other apps show it, without its text."""

    slug: str
    title: str
    summary: str
    phase: int | None
    public: bool
    url: str
    sections: tuple[HelpLink, ...]  # every `##` section, linked


@dataclass(frozen=True)
class HelpIndex:
    guides: tuple[GuideSummary, ...]
    by_page: dict[str, int]  # URL name → index into guides
    by_phase: dict[int, int]  # phase number → index into guides


def _summary(guide: Guide) -> GuideSummary:
    url = guide.get_absolute_url()
    sections = tuple(
        HelpLink(f"{url}#{section.anchor}", section.title)
        for section in render_guide(guide).sections
        if section.level == 2
    )
    return GuideSummary(
        guide.slug, guide.title, guide.summary, guide.phase, guide.public, url, sections
    )


def _build_index() -> HelpIndex:
    guides: list[GuideSummary] = []
    by_page: dict[str, int] = {}
    by_phase: dict[int, int] = {}
    for number, guide in enumerate(Guide.objects.in_order()):
        guides.append(_summary(guide))
        if guide.phase is not None:
            by_phase.setdefault(guide.phase, number)
        for name in guide.pages if isinstance(guide.pages, list) else []:
            by_page.setdefault(str(name), number)
    return HelpIndex(tuple(guides), by_page, by_phase)


def help_index() -> HelpIndex:
    index = cache.get(HELP_KEY)
    if index is None:
        index = _build_index()
        cache.set(HELP_KEY, index, HELP_TTL)
    return index


def forget_help_index() -> None:
    cache.delete(HELP_KEY)


def guide_for_phase(number: int, user: Any = None) -> GuideSummary | None:
    """The guide of a phase of the strategy cycle (the first in the handbook's order), or
    None; with `user`, only one that person may read."""
    index = help_index()
    position = index.by_phase.get(number)
    if position is None:
        return None
    guide = index.guides[position]
    if user is not None and not may_read(user, guide.public):
        return None
    return guide


HOW_TO = "So gehen Sie vor"  # the section of the shipped guides that says what to do


def guide_link_for_phase(number: int) -> tuple[str, str] | None:
    """(title, address) of the phase's guide for "Als Nächstes": at its section on how to go
    about it when it has one (the shipped guides do), else at its beginning. From the cached
    help index: no query."""
    guide = guide_for_phase(number)
    if guide is None:
        return None
    how = next((link for link in guide.sections if link.title.startswith(HOW_TO)), None)
    return guide.title, how.url if how else guide.url


def public_guides() -> QuerySet[Guide]:
    """The guides everybody may read, in the handbook's order, without their text."""
    return Guide.objects.filter(public=True).in_order().defer("body")


def entry_questions() -> QuerySet[Question]:
    """The entry questions (FAQ) in their order, with their guides."""
    return Question.objects.select_related("guide").order_by("position", "pk")


def page_help(request: HttpRequest) -> PageHelp | None:
    """The help of the page being shown (core/page_help.py): the guide of the phase on a
    phase page, else the guide that names the page in its `pages`."""
    match = request.resolver_match
    index = help_index()
    position = None
    if match.view_name == PHASE_PAGE and isinstance(match.kwargs.get("number"), int):
        position = index.by_phase.get(match.kwargs["number"])
    if position is None:
        position = index.by_page.get(match.view_name)
    if position is None:
        return None
    guide = index.guides[position]
    if not may_read(request.user, guide.public):
        return None
    return PageHelp(guide.title, guide.summary, guide.url, guide.sections[:HELP_SECTIONS])


# Tools of the entry questions ---------------------------------------------------------

# The page of each tool; True: a page of one strategy (the municipality's latest).
TOOL_PAGES: dict[str, tuple[str, bool]] = {
    Tool.CYCLE: ("process:dashboard", False),
    Tool.STRATEGY_NEW: ("strategies:create", False),
    Tool.INVENTORY: ("inventory:overview", True),
    Tool.VISION: ("strategies:vision", True),
    Tool.FIELDS: ("strategies:fields", True),
    Tool.GOALS: ("strategies:goals", True),
    Tool.MEASURES: ("strategies:measures", True),
    Tool.PRIORITIES: ("strategies:priorities", True),
    Tool.ROADMAP: ("roadmap:chart", True),
    Tool.CHECK: ("process:check", True),
    Tool.DOCUMENT: ("documents:chapters", True),
    Tool.ADOPTION: ("revisions:list", True),
    Tool.MONITORING: ("monitoring:dashboard", True),
    Tool.MEMBERS: ("municipalities:members", False),
    Tool.TRANSPARENCY: ("strategies:overview", True),
}


class ToolPlaces:
    """Where the tools are for one signed-in person: in the first of their municipalities
    and its most recently changed strategy (looked up once, when a strategy tool is asked
    for). A municipality without a strategy gets its strategy list instead."""

    def __init__(self, user: Any) -> None:
        municipalities = my_municipalities(user) if user.is_authenticated else []
        self.municipality = municipalities[0] if municipalities else None
        self._strategy: Any = ...

    @property
    def strategy_pk(self) -> int | None:
        if self._strategy is ...:
            from schreibwerkstatt.strategies.models import Strategy

            self._strategy = (
                Strategy.objects.filter(municipality=self.municipality)
                .order_by("-updated_at", "-pk")
                .values_list("pk", flat=True)
                .first()
            )
        return self._strategy

    def url(self, tool: str) -> str | None:
        if self.municipality is None or tool not in TOOL_PAGES:
            return None
        name, of_strategy = TOOL_PAGES[tool]
        kwargs: dict[str, Any] = {"slug": self.municipality.slug}
        if of_strategy:
            if self.strategy_pk is None:
                name = "strategies:list"
            else:
                kwargs["strategy"] = self.strategy_pk
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # a tool page renamed elsewhere: no link rather than a 500
            return None


# Writes ---------------------------------------------------------------------------------


@transaction.atomic
def add_guide(guide: Guide) -> Guide:
    """Save a new guide (validated by the form) at the end of the handbook."""
    guide.position = next_position(Guide.objects.all())
    guide.save()
    return guide


def change_guide(guide: Guide, *, expected_version: int, changes: dict[str, Any]) -> Guide:
    """Save an operator's edit unless somebody saved since (core.locking.StaleEditError)."""
    return save_versioned(guide, expected_version=expected_version, changes=changes)


@transaction.atomic
def delete_guide(guide: Guide) -> None:
    """Delete a guide with its attachments; its entry questions stay, without a guide."""
    guide.delete()


@transaction.atomic
def add_attachment(
    guide: Guide, *, title: str, kind: str, filename: str, content_type: str, content: bytes
) -> GuideAttachment:
    attachment = GuideAttachment.objects.create(
        guide=guide,
        title=title,
        kind=kind,
        filename=filename,
        content_type=content_type,
        content=content,
        size=len(content),
    )
    return attachment


def delete_attachment(attachment: GuideAttachment) -> None:
    attachment.delete()


GUIDE_HISTORY = HistoryKind(
    key="guide",
    slug="leitfaden",
    model=Guide,
    prefix="",
    load=lambda **kwargs: None,  # the guides' own pages load the guide (views.py)
    may_restore=lambda user, target: True,  # operators only, checked by the views
    back=lambda target: (target.obj.get_absolute_url(), str(target.obj)),
    url_kwargs=lambda obj: {"slug": obj.slug},
)
QUESTION_HISTORY = HistoryKind(
    key="entry_question",
    slug="einstiegsfrage",
    model=Question,
    prefix="",
    load=lambda **kwargs: None,
    may_restore=lambda user, target: True,
    back=lambda target: ("", str(target.obj)),
    url_kwargs=lambda obj: {"pk": obj.pk},
)


def restore_version(kind: HistoryKind, obj: Any, record: Any, *, expected_version: int) -> Restored:
    """Make an older version of a guide or question current again, as a new version
    (history.services.restore; raises its RestoreError, or StaleEditError)."""
    return restore(kind, Target(obj, None), record, expected_version=expected_version)


@transaction.atomic
def add_question(question: Question) -> Question:
    question.position = next_position(Question.objects.all())
    question.save()
    return question


def change_question(
    question: Question, *, expected_version: int, changes: dict[str, Any]
) -> Question:
    return save_versioned(question, expected_version=expected_version, changes=changes)


def move_question(question: Question, *, up: bool) -> None:
    move(question, Question.objects.all(), up=up, save_fields=("updated_at",))


@transaction.atomic
def delete_question(question: Question) -> None:
    question.delete()
