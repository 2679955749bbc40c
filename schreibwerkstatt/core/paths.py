"""The URL of each row of a long list from one reverse() (docs/decisions.md, "Long lists: one
render per kind of row"). reverse() walks the resolver each time (about 45 µs here); a list
of 300 rows with two or three links each spent 30 ms in it."""

from collections.abc import Callable

from django.urls import reverse

# Stands for the row's key while reversing once; an int, so <int:...> converters accept it.
_SENTINEL = 987654321987


def path_for_each(view_name: str, key: str = "pk", **kwargs: object) -> Callable[[int], str]:
    """A function giving reverse(view_name, kwargs={**kwargs, key: value}) for any int value,
    after reversing once: the path with the value put where the sentinel stood."""
    path = reverse(view_name, kwargs={**kwargs, key: _SENTINEL})
    head, found, tail = path.partition(str(_SENTINEL))
    if not found or str(_SENTINEL) in tail:  # not where it can be told apart: ask each time
        return lambda value: reverse(view_name, kwargs={**kwargs, key: value})
    return lambda value: f"{head}{int(value)}{tail}"
