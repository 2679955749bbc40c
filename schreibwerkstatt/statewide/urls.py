from django.urls import path

from . import views

app_name = "statewide"

urlpatterns = [
    path("landesweit/", views.overview, name="overview"),
    path("plattform/landesweit/oeffentlich/", views.publish, name="publish"),
    path("plattform/gemeindeverzeichnis/", views.directory, name="directory"),
    path("plattform/gemeindeverzeichnis/<int:pk>/", views.preview, name="preview"),
    path("strategien-im-land/", views.public, name="public"),
]
