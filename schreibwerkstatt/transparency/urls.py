from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("transparenz/", views.index, name="index"),
    path("transparenz/<slug:slug>/<int:strategy>/", views.page, name="page"),
    path("transparenz/<slug:slug>/<int:strategy>/einbetten/", views.embed, name="embed"),
    path(
        "kommunen/<slug:slug>/strategien/<int:strategy>/transparenz/",
        views.toggle,
        name="toggle",
    ),
]
