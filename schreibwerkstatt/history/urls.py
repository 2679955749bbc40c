"""The history and restore URLs of every registered kind (kinds.py), below each kind's
prefix: <prefix>verlauf/<kind slug>/<pk>/ and <prefix>verlauf/<kind slug>/<pk>/<history_id>/wiederherstellen/.
The kinds are registered when the apps are ready, before the URLs are first loaded."""

from django.urls import path

from . import views
from .kinds import REGISTRY

app_name = "history"

urlpatterns = []
for kind in REGISTRY.values():
    own = kind.prefix + f"verlauf/{kind.slug}/" + ("<int:pk>/" if kind.pk_in_url else "")
    urlpatterns += [
        path(own, views.history_page, {"kind": kind}, name=f"history_{kind.key}"),
        path(
            own + "<int:history_id>/wiederherstellen/",
            views.restore,
            {"kind": kind},
            name=f"restore_{kind.key}",
        ),
    ]
