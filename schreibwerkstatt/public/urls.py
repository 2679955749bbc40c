from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("plattform/seiten/", views.pages, name="pages"),
    path("plattform/seiten/<slug:key>/", views.edit_page, name="edit_page"),
]
