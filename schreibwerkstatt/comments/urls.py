from django.urls import path

from . import views
from .targets import KINDS

app_name = "comments"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/kommentare/"

urlpatterns = [
    path(S, views.add, name="add"),
    path(S + "<int:pk>/erledigt/", views.resolve, name="resolve"),
    # A comment page for each kind of element that is shown only in lists.
    *[
        path(
            f"{S}{kind.segment}/<int:pk>/",
            views.thread,
            {"kind": kind.key},
            name=f"thread_{kind.key}",
        )
        for kind in KINDS.values()
        if kind.segment
    ],
]
