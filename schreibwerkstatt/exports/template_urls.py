"""Routes of a municipality's Word templates (exports/template_views.py)."""

from django.urls import path

from . import template_views as views

app_name = "word_templates"

W = "kommunen/<slug:slug>/word-vorlagen/"

urlpatterns = [
    path(W, views.template_list, name="list"),
    path(W + "hochladen/", views.upload, name="upload"),
    path(W + "standardvorlage/", views.default_template, name="default"),
    path(W + "<int:pk>/verwenden/", views.set_active, name="set_active"),
    path(W + "<int:pk>/loeschen/", views.delete, name="delete"),
    path(W + "<int:pk>/datei/", views.download, name="download"),
]
