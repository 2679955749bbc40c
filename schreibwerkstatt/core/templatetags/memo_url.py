"""`{% url %}` with remembered answers: loaded as a template builtin (settings.TEMPLATES), so
every template's `{% url %}` uses it without a `{% load %}`.

A page of the strategy builder reverses 50 to 60 URLs (layout, strategy navigation, one
link per row), and each reverse() walks the resolver's namespaces: about a sixth of the
strategy overview's time went there. The answer depends only on the resolver, the script
prefix, the active language, the current app and the arguments, so it is remembered under
exactly that key. A cleared or overridden URLconf brings a new resolver object, which
starts with no remembered answers. Arguments other than plain ints and strings are not
remembered (their str() may change), and neither is a failed lookup.
"""

import functools

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

MEMO_SIZE = 4096  # entries; a page's links repeat across requests, a rare one falls out


@functools.lru_cache(maxsize=MEMO_SIZE)
def _reverse(resolver, prefix, language, view_name, args, kwargs, current_app) -> str:
    # The key's resolver, prefix and language are the ones active now: reverse() reads them.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def _plain(value: object) -> bool:
    return type(value) is int or isinstance(value, str)


class MemoURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((k, v.resolve(context)) for k, v in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        if not (_plain(view_name) and all(map(_plain, args)) and all(_plain(v) for _, v in kwargs)):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        try:
            url = _reverse(
                get_resolver(get_urlconf()), get_script_prefix(), get_language(),
                view_name, args, kwargs, current_app,
            )  # fmt: skip
        except NoReverseMatch:  # Django's node raises it, or sets "" for `as var`
            return super().render(context)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)
