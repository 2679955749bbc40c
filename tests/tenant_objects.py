"""One object of each kind in municipality A, for the routes of tests/routes.py.

A route whose `pk` names a kind gets that object's pk; routes with a `strategy` kwarg get
the strategy of A; `number` is phase 0. Add a kind here when a new route needs one.
"""

from django.urls import reverse

from schreibwerkstatt.municipalities.models import Membership
from tests.factories import ChecklistItemFactory, InvitationFactory
from tests.routes import TenantRoute


def build_objects(municipality, people, *, secret_title: str) -> dict:  # type: ignore[no-untyped-def]
    objects = {
        "item": ChecklistItemFactory(municipality=municipality, phase=0, title=secret_title),
        "membership": Membership.objects.get(user=people["reader"], municipality=municipality),
        "invitation": InvitationFactory(municipality=municipality, email="neu@amtsberg.example"),
    }
    return objects


def tenant_url(name: str, route: TenantRoute, municipality, objects: dict) -> str:  # type: ignore[no-untyped-def]
    from tests.routes import iter_route_names

    pattern = dict(iter_route_names())[name]
    kwargs: dict = {"slug": municipality.slug}
    if "<int:number>" in pattern:
        kwargs["number"] = 0
    if "<int:strategy>" in pattern:
        kwargs["strategy"] = objects["strategy"].pk
    if route.pk is not None:
        kwargs["pk"] = objects[route.pk].pk
    return reverse(name, kwargs=kwargs)
