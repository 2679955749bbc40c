from django.urls import path

from . import health, views

app_name = "jobs"

J = "kommunen/<slug:slug>/auftraege/<uuid:pk>/"

urlpatterns = [
    path("gesundheit/", health.health, name="health"),
    path(J, views.detail, name="detail"),
    path(J + "herunterladen/", views.download, name="download"),
]
