from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("offene-daten/schema.json", views.open_data_schema, name="open_data_schema"),
    path("erwaehnen/vorschlaege/", views.mention_suggestions, name="mention_suggestions"),
]
