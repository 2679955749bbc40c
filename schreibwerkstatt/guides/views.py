"""The handbook for readers: the guides by phase, one guide, its attachments, and the entry
questions (FAQ). Public guides and the questions need no login; members-only guides answer
404 to visitors (rules.py)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schreibwerkstatt.core.text import render_markdown
from schreibwerkstatt.municipalities.rules import is_operator
from schreibwerkstatt.process.phases import Phase

from .models import GuideAttachment
from .rules import get_attachment_for_user, get_guide_for_user, guides_for, may_read
from .services import TOOL_PAGES, ToolPlaces, entry_questions, render_guide


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """Every guide the person may read, grouped by the phase it belongs to (one query)."""
    groups: dict[int | None, list] = {}
    for guide in guides_for(request.user).in_order().defer("body"):
        groups.setdefault(guide.phase, []).append(guide)
    phases = [
        (Phase(number).label if number is not None else _("Further guides"), number, guides)
        for number, guides in groups.items()
    ]
    context = {"phases": phases, "can_manage": is_operator(request.user)}
    return render(request, "guides/index.html", context)


@require_http_methods(["GET"])
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_guide_for_user(request, slug)
    rendered = render_guide(obj)
    attachments = list(obj.attachments.defer("content"))
    context = {
        "guide": obj,
        "body": rendered.html,
        "sections": [s for s in rendered.sections if s.level == 2],
        "downloads": [a for a in attachments if a.kind == GuideAttachment.Kind.DOWNLOAD],
        "questions": list(obj.questions.order_by("position", "pk").only("question", "guide")),
        "phase_label": Phase(obj.phase).label if obj.phase is not None else "",
        "can_manage": is_operator(request.user),
    }
    return render(request, "guides/guide.html", context)


@require_http_methods(["GET"])
def attachment(request: HttpRequest, slug: str, pk: int, filename: str) -> HttpResponse:
    """The file of an attachment, with the type checked at upload: pictures inline,
    downloads as a download; nothing the browser would sniff or run."""
    obj = get_attachment_for_user(request, slug, pk)
    if filename != obj.filename:
        raise Http404
    response = HttpResponse(bytes(obj.content), content_type=obj.content_type)
    response["Content-Disposition"] = content_disposition_header(
        obj.kind != GuideAttachment.Kind.IMAGE, obj.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = (
        "public, max-age=300" if obj.guide.public else "private, max-age=300"
    )
    return response


@require_http_methods(["GET"])
def questions(request: HttpRequest) -> HttpResponse:
    """The entry questions, each with its answer, its guide (if the person may read it)
    and its tool: in the person's municipality, or through the login for visitors."""
    places = ToolPlaces(request.user)
    login = reverse("accounts:login")
    entries = []
    for question in entry_questions():
        tool_url = ""
        if question.tool in TOOL_PAGES:
            if request.user.is_authenticated:
                tool_url = places.url(question.tool) or ""
            else:
                after = reverse("guides:tool", kwargs={"tool": question.tool})
                tool_url = f"{login}?{urlencode({'next': after})}"
        guide = question.guide
        entries.append(
            {
                "question": question,
                "answer": render_markdown(question.answer),
                "guide": guide
                if guide is not None and may_read(request.user, guide.public)
                else None,
                "tool_url": tool_url,
                "tool_label": question.get_tool_display() if question.tool else "",
            }
        )
    context = {"entries": entries, "can_manage": is_operator(request.user)}
    return render(request, "guides/questions.html", context)


@login_required
@require_http_methods(["GET"])
def tool(request: HttpRequest, tool: str) -> HttpResponse:
    """A tool of the entry questions in the person's municipality (where the login of a
    visitor who followed a tool link leads)."""
    if tool not in TOOL_PAGES:
        raise Http404
    url = ToolPlaces(request.user).url(tool)
    if url is None:
        messages.info(
            request,
            _("This tool belongs to a municipality. You are not a member of one yet; the "
              "coordination of your municipality can invite you."),
        )  # fmt: skip
        return redirect("core:home")
    return redirect(url)
