"""`{% url %}` with remembered answers: a deliberate exception to "no clever tricks", kept
because the benchmark says it pays (docs/decisions.md, "Speed of the strategy overview").

Installed as a template builtin (settings.TEMPLATES "builtins"), so every template's
`{% url %}` is this tag, without a `{% load %}`. It answers exactly as Django's tag does
(core/tests/test_memo_url.py holds it to that): it wraps Django's own node and lets it
answer whenever it does not remember.

A page of the strategy builder reverses 50 to 60 URLs (layout, strategy navigation, one
link per row), the measures list of a large strategy 500 and more, and each reverse() walks
the resolver's namespaces (about 45 µs here). The answer depends only on the resolver, the
script prefix, the active language, the current app and the arguments, so it is remembered
under exactly that key. The answers are kept per resolver object, held weakly: a cleared or
overridden URLconf brings a new resolver that starts with no answers, and the old resolver
goes with its answers once nothing else holds it. Arguments other than plain ints and
strings are not remembered (their str() may change, True equals 1), and neither is a failed
lookup.
"""

from weakref import WeakKeyDictionary

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import (
    NoReverseMatch,
    URLResolver,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    reverse,
)
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

MEMO_SIZE = 4096  # answers per resolver; when full, it starts afresh
_answers: "WeakKeyDictionary[URLResolver, dict[tuple, str]]" = WeakKeyDictionary()


def _plain(value: object) -> bool:
    return type(value) is int or isinstance(value, str)


class MemoURLNode(template.Node):
    """Django's `{% url %}` node with a memory in front of it."""

    child_nodelists = ()

    def __init__(self, django_node: URLNode) -> None:
        self.django_node = django_node

    def render(self, context: template.Context) -> str:
        node = self.django_node
        args = tuple(arg.resolve(context) for arg in node.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in node.kwargs.items())
        view_name = node.view_name.resolve(context)
        if not (_plain(view_name) and all(map(_plain, args)) and all(_plain(v) for _, v in kwargs)):
            return node.render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        # The resolver, prefix and language active now are the ones reverse() reads.
        answers = _answers.get(get_resolver(get_urlconf()))
        if answers is None:
            answers = _answers.setdefault(get_resolver(get_urlconf()), {})
        key = (get_script_prefix(), get_language(), view_name, args, kwargs, current_app)
        url = answers.get(key)
        if url is None:
            try:
                url = reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
            except NoReverseMatch:  # Django's node raises it, or sets "" for `as var`
                return node.render(context)
            if len(answers) >= MEMO_SIZE:
                answers.clear()
            answers[key] = url
        if node.asvar:
            context[node.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> MemoURLNode:
    return MemoURLNode(django_url(parser, token))
