"""The discussion pages: my spaces, a space with its topics, a topic with its posts, writing,
editing and deleting one's own posts, following, moderation, and the participant directory
of a series (rules.py says who)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from schreibwerkstatt.core.locking import StaleEditError
from schreibwerkstatt.municipalities.models import Municipality
from schreibwerkstatt.municipalities.rules import roles_for

from . import services
from .forms import (
    DirectoryEntryForm,
    FollowForm,
    HideForm,
    LockForm,
    MoveForm,
    PageForm,
    PostEditForm,
    ReplyForm,
    TopicForm,
)
from .models import DirectoryEntry, Post, Space, Subscription, Topic
from .rules import (
    get_directory_space_for_user,
    get_own_post_for_user,
    get_post_for_user,
    get_post_to_moderate,
    get_space_for_user,
    get_topic_for_user,
    get_topic_to_moderate,
    in_statewide_audience,
    is_moderator,
    listed_entries,
    moderated_spaces,
    spaces_of,
)

TOPICS_PER_PAGE = 20
POSTS_PER_PAGE = 20


def _page_number(request: HttpRequest) -> int | None:
    form = PageForm(request.GET)
    return (form.cleaned_data["seite"] or 1) if form.is_valid() else None


def _bad_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "discussions/bad_request.html",
        {"message": _("Invalid page number."), "back": reverse("discussions:index")},
        status=400,
    )


def _follows(user, **target) -> bool:
    return Subscription.objects.filter(user=user, **target).exists()


# My spaces ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    if in_statewide_audience(request.user):
        services.statewide_space()  # made on first use
    context = {"spaces": spaces_of(request.user), "nav_active": "discussions"}
    return render(request, "discussions/index.html", context)


# A space and its topics -------------------------------------------------------------------------


def visible_topics(user, space: Space, *, moderator: bool):
    topics = Topic.objects.filter(space=space)
    if not moderator:
        topics = topics.filter(Q(hidden_at__isnull=True) | Q(author=user))
    return topics.for_list()


@login_required
@require_http_methods(["GET"])
def space(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_space_for_user(request, pk)
    number = _page_number(request)
    if number is None:
        return _bad_page(request)
    moderator = is_moderator(request.user, found)
    page = Paginator(
        visible_topics(request.user, found, moderator=moderator), TOPICS_PER_PAGE
    ).get_page(number)
    context = {
        "space": found,
        "page": page,
        "moderator": moderator,
        "follows": _follows(request.user, space=found),
        "has_directory": not found.is_statewide,
        "nav_active": "discussions",
    }
    return render(request, "discussions/space.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def topic_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_space_for_user(request, pk)
    form = TopicForm(request.POST or None, space=found)
    if request.method == "POST" and form.is_valid():
        topic = services.open_topic(
            found,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            by=request.user,
            mentioned=form.mentioned,
        )
        messages.success(request, _("Your topic has been published."))
        return redirect("discussions:topic", pk=topic.pk)
    context = {"space": found, "form": form, "nav_active": "discussions"}
    return render(
        request, "discussions/topic_form.html", context, status=400 if form.errors else 200
    )


def _follow(request: HttpRequest, found: Space, told: tuple[str, str], **target) -> bool | None:
    """Follow or stop following `target` (a space or a topic) as the form says; None for a
    bad form. `told`: the messages for following and for stopping."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        return None
    follow = form.cleaned_data["follow"]
    (services.follow if follow else services.unfollow)(request.user, **target)
    messages.success(request, told[0] if follow else told[1])
    return follow


@login_required
@require_POST
def space_follow(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_space_for_user(request, pk)
    told = (
        _("You will be told of new topics in this space."),
        _("You will no longer be told of new topics in this space."),
    )
    if _follow(request, found, told, space=found) is None:
        return _bad_request(request, found)
    return redirect("discussions:space", pk=found.pk)


def _bad_request(request: HttpRequest, found: Space, message: str = "") -> HttpResponse:
    context = {
        "message": message or _("The request was incomplete. Please reload the page."),
        "back": reverse("discussions:space", args=[found.pk]),
    }
    return render(request, "discussions/bad_request.html", context, status=400)


# A topic and its posts ----------------------------------------------------------------------------


def visible_posts(user, topic: Topic, *, moderator: bool):
    posts = topic.posts.all()
    if not moderator:
        posts = posts.filter(Q(hidden_at__isnull=True) | Q(author=user))
    return posts.select_related("author").prefetch_related("mentions").order_by("created_at", "pk")


def _topic_page(
    request: HttpRequest, topic: Topic, number: int, form=None, status: int = 200
) -> HttpResponse:
    moderator = is_moderator(request.user, topic.space)
    page = Paginator(
        visible_posts(request.user, topic, moderator=moderator), POSTS_PER_PAGE
    ).get_page(number)
    if form is None and not topic.is_locked:
        form = ReplyForm(space=topic.space)
    context = {
        "space": topic.space,
        "topic": topic,
        "page": page,
        "form": form,
        "moderator": moderator,
        "follows": _follows(request.user, topic=topic),
        "nav_active": "discussions",
    }
    return render(request, "discussions/topic.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def topic(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_topic_for_user(request, pk)
    number = _page_number(request)
    if number is None:
        return _bad_page(request)
    return _topic_page(request, found, number)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_topic_for_user(request, pk)
    last = 10**9  # the last page: where the reply would be
    form = ReplyForm(request.POST, space=found.space)
    if found.is_locked:
        form.is_valid()
        form.add_error(None, _("This topic is locked: no replies can be added."))
        return _topic_page(request, found, last, form, status=400)
    if not form.is_valid():
        return _topic_page(request, found, last, form, status=400)
    try:
        post = services.reply(
            found, text=form.cleaned_data["text"], by=request.user, mentioned=form.mentioned
        )
    except ValidationError as error:
        form.add_error(None, error)
        found.locked_at = found.locked_at or timezone.now()  # locked meanwhile
        return _topic_page(request, found, last, form, status=400)
    messages.success(request, _("Your reply has been published."))
    return redirect("discussions:post", pk=post.pk)


@login_required
@require_POST
def topic_follow(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_topic_for_user(request, pk)
    told = (
        _("You will be told of replies to this topic."),
        _("You will no longer be told of replies to this topic."),
    )
    if _follow(request, found.space, told, topic=found) is None:
        return _bad_request(request, found.space)
    return redirect("discussions:topic", pk=found.pk)


def _post_url(request: HttpRequest, post: Post) -> str:
    """The topic's page that shows the post, at the post."""
    moderator = is_moderator(request.user, post.topic.space)
    before = (
        visible_posts(request.user, post.topic, moderator=moderator)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    number = before // POSTS_PER_PAGE + 1
    url = reverse("discussions:topic", args=[post.topic_id])
    return f"{url}?seite={number}#beitrag-{post.pk}" if number > 1 else f"{url}#beitrag-{post.pk}"


@login_required
@require_http_methods(["GET"])
def post(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's address (in notifications): its topic's page that shows it."""
    return redirect(_post_url(request, get_post_for_user(request, pk)))


# One's own post -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_own_post_for_user(request, pk)
    initial = {"text": found.text, "version": found.version, "title": found.topic.title}
    space = found.topic.space
    form = PostEditForm(
        request.POST or None, initial=initial, opens_topic=found.opens_topic, space=space
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(
                found,
                text=form.cleaned_data["text"],
                title=form.cleaned_data.get("title"),
                expected_version=form.cleaned_data["version"],
                mentioned=form.mentioned,
            )
        except StaleEditError as error:
            current = error.current
            conflict = [(_("Text"), current.text)]
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = PostEditForm(data, opens_topic=found.opens_topic, space=space)
            form.is_valid()
        else:
            messages.success(request, _("Your post has been saved."))
            return redirect("discussions:post", pk=found.pk)
    status = 409 if conflict else 400 if form.errors else 200
    context = {
        "space": found.topic.space,
        "topic": found.topic,
        "post": found,
        "form": form,
        "conflict": conflict,
        "nav_active": "discussions",
    }
    return render(request, "discussions/post_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_own_post_for_user(request, pk)
    if request.method == "POST":
        space_pk = found.topic.space_id
        if services.delete_post(found):
            messages.success(request, _("Your topic has been deleted."))
            return redirect("discussions:space", pk=space_pk)
        messages.success(request, _("Your post has been deleted."))
        return redirect("discussions:topic", pk=found.topic_id)
    context = {
        "space": found.topic.space,
        "topic": found.topic,
        "post": found,
        "nav_active": "discussions",
    }
    return render(request, "discussions/post_delete.html", context)


# Moderation ------------------------------------------------------------------------------------------


@login_required
@require_POST
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_post_to_moderate(request, pk)
    form = HideForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, found.topic.space)
    if form.cleaned_data["hidden"]:
        messages.success(request, _("The post is hidden. Its author sees that it was hidden."))
    else:
        messages.success(request, _("The post is shown again."))
    services.set_hidden(found, hidden=form.cleaned_data["hidden"], by=request.user, request=request)
    return redirect(_post_url(request, found))


@login_required
@require_POST
def topic_lock(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_topic_to_moderate(request, pk)
    form = LockForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, found.space)
    services.set_locked(found, locked=form.cleaned_data["locked"], by=request.user, request=request)
    if found.is_locked:
        messages.success(request, _("The topic is locked: nobody can reply any more."))
    else:
        messages.success(request, _("The topic is open for replies again."))
    return redirect("discussions:topic", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def topic_move(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_topic_to_moderate(request, pk)
    form = MoveForm(
        request.POST or None, spaces=moderated_spaces(request.user), current=found.space
    )
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["space"]
        services.move_topic(found, to=target, by=request.user, request=request)
        messages.success(
            request, _("The topic has been moved to “%(space)s”.") % {"space": target.title}
        )
        return redirect("discussions:topic", pk=found.pk)
    context = {
        "space": found.space,
        "topic": found,
        "form": form,
        "nav_active": "discussions",
    }
    return render(
        request, "discussions/topic_move.html", context, status=400 if form.errors else 200
    )


# The participant directory of a series ------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def directory(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_directory_space_for_user(request, pk)
    context = {
        "space": found,
        "entries": list(listed_entries(found)),
        "own": DirectoryEntry.objects.filter(space=found, user=request.user).first(),
        "nav_active": "discussions",
    }
    return render(request, "discussions/directory.html", context)


def _own_municipalities(user):
    return Municipality.objects.filter(pk__in=list(roles_for(user))).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def directory_entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_directory_space_for_user(request, pk)
    entry = DirectoryEntry.objects.filter(space=found, user=request.user).first()
    municipalities = _own_municipalities(request.user)
    form = DirectoryEntryForm(
        request.POST or None,
        instance=entry or DirectoryEntry(space=found, user=request.user),
        municipalities=municipalities,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in DirectoryEntryForm.Meta.fields}
        try:
            saved = services.save_directory_entry(
                found, request.user, expected_version=form.cleaned_data["version"], **values
            )
        except StaleEditError as error:
            current = error.current
            conflict = [
                (
                    _("Show me in the participant directory"),
                    _("yes") if current.listed else _("no"),
                ),
                (_("Function"), current.function),
                (_("Topics of interest"), current.topics),
            ]
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = DirectoryEntryForm(data, instance=current, municipalities=municipalities)
            form.is_valid()
        else:
            if saved.listed:
                messages.success(request, _("Your entry is saved and shown in the directory."))
            else:
                messages.success(
                    request, _("Your entry is saved. You are not shown in the directory.")
                )
            return redirect("discussions:directory", pk=found.pk)
    status = 409 if conflict else 400 if form.errors else 200
    context = {
        "space": found,
        "form": form,
        "conflict": conflict,
        "nav_active": "discussions",
    }
    return render(request, "discussions/directory_entry.html", context, status=status)
