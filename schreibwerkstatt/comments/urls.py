from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("kommunen/<slug:slug>/strategien/<int:strategy>/kommentare/", views.add, name="add"),
    path(
        "kommunen/<slug:slug>/strategien/<int:strategy>/kommentare/<int:pk>/erledigt/",
        views.resolve,
        name="resolve",
    ),
]
