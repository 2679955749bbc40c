from django.urls import path

from . import views

app_name = "glossary"

urlpatterns = [
    path("glossar/", views.index, name="index"),
    path("plattform/glossar/", views.manage, name="manage"),
    path("plattform/glossar/neu/", views.add, name="add"),
    path("plattform/glossar/<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("plattform/glossar/<int:pk>/loeschen/", views.delete, name="delete"),
]
