"""`{% url %}` remembers its answers (core/templatetags/memo_url.py) but must answer exactly as
Django's own tag would, whatever changed in between."""

import gc
import types
import weakref

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, get_resolver, path, reverse, set_script_prefix


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def urlconf(prefix: str) -> types.ModuleType:
    module = types.ModuleType(f"urls_{prefix}")
    module.urlpatterns = [
        path(f"{prefix}/<int:pk>/", lambda request, pk: HttpResponse(), name="thing")
    ]
    return module


def test_the_tag_answers_as_reverse_does_with_args_kwargs_and_namespaces() -> None:
    for _ in range(2):  # the second time from memory
        assert render("{% url 'core:imprint' %}") == reverse("core:imprint")
        assert (
            render("{% url 'strategies:overview' 'amtsberg' 7 %}")
            == "/kommunen/amtsberg/strategien/7/"
        )
        assert render("{% url 'strategies:overview' slug=s strategy=n %}", s="b", n=3) == (
            reverse("strategies:overview", kwargs={"slug": "b", "strategy": 3})
        )


def test_the_arguments_are_part_of_the_answer() -> None:
    source = "{% url 'strategies:overview' 'amtsberg' n %}"
    assert render(source, n=1) == "/kommunen/amtsberg/strategien/1/"
    assert render(source, n=2) == "/kommunen/amtsberg/strategien/2/"


def test_an_unknown_name_raises_unless_stored_in_a_variable() -> None:
    with pytest.raises(NoReverseMatch):
        render("{% url 'core:nowhere' %}")
    assert render("{% url 'core:nowhere' as link %}[{{ link }}]") == "[]"
    assert render("{% url 'core:imprint' as link %}[{{ link }}]") == f"[{reverse('core:imprint')}]"


def test_the_answer_is_escaped_like_any_url() -> None:
    module = types.ModuleType("urls_free")
    module.urlpatterns = [
        path("frei/<str:name>/", lambda request, name: HttpResponse(), name="free")
    ]
    with override_settings(ROOT_URLCONF=module):
        for _ in range(2):
            assert render("{% url 'free' s %}", s="a&b") == "/frei/a&amp;b/"
            assert (
                render("{% autoescape off %}{% url 'free' s %}{% endautoescape %}", s="a&b")
                == "/frei/a&b/"
            )


def test_a_changed_script_prefix_is_not_answered_from_memory() -> None:
    before = render("{% url 'core:imprint' %}")
    set_script_prefix("/unter/")
    try:
        assert render("{% url 'core:imprint' %}") == "/unter" + before
    finally:
        set_script_prefix("/")
    assert render("{% url 'core:imprint' %}") == before


def test_another_urlconf_is_not_answered_from_memory() -> None:
    with override_settings(ROOT_URLCONF=urlconf("eins")):
        assert render("{% url 'thing' 5 %}") == "/eins/5/"
    with override_settings(ROOT_URLCONF=urlconf("zwei")):
        assert render("{% url 'thing' 5 %}") == "/zwei/5/"


class Changing:
    def __init__(self, value: str) -> None:
        self.value = value

    def __str__(self) -> str:
        return self.value


def test_arguments_that_are_not_plain_values_are_not_answered_from_memory() -> None:
    """An object's str() may change, and True equals 1 as a key: both go Django's way."""
    module = types.ModuleType("urls_objects")
    module.urlpatterns = [
        path("frei/<str:name>/", lambda request, name: HttpResponse(), name="free"),
        path("zahl/<int:pk>/", lambda request, pk: HttpResponse(), name="number"),
    ]
    with override_settings(ROOT_URLCONF=module):
        name = Changing("alt")
        assert render("{% url 'free' name %}", name=name) == "/frei/alt/"
        name.value = "neu"
        assert render("{% url 'free' name %}", name=name) == "/frei/neu/"
        assert render("{% url 'number' pk %}", pk=1) == "/zahl/1/"
        with pytest.raises(NoReverseMatch):
            render("{% url 'number' pk %}", pk=True)


def test_a_replaced_urlconf_is_not_kept_alive_by_the_answers() -> None:
    with override_settings(ROOT_URLCONF=urlconf("drei")):
        assert render("{% url 'thing' 5 %}") == "/drei/5/"
        resolver = weakref.ref(get_resolver())
    gc.collect()
    assert resolver() is None
