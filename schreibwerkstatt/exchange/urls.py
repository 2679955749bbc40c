from django.urls import path

from . import views

app_name = "exchange"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/"

urlpatterns = [
    path(
        "kommunen/<slug:slug>/strategien/import/",
        views.import_strategy_view,
        name="import_strategy",
    ),
    path(S + "austausch/", views.exchange, name="exchange"),
    path(S + "export/<str:fmt>/", views.export, name="export"),
    path(
        S + "export/vorlage/massnahmen.xlsx",
        views.measures_template,
        name="measures_template",
    ),
    path(S + "import/massnahmen/", views.import_measures_view, name="import_measures"),
]
