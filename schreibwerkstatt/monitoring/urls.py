from django.urls import path

from . import views

app_name = "monitoring"

BASE = "kommunen/<slug:slug>/strategien/<int:strategy>/umsetzung/"

urlpatterns = [
    path(BASE, views.dashboard, name="dashboard"),
    path(f"{BASE}einstellungen/", views.stale_settings, name="stale_settings"),
    path(f"{BASE}massnahmen/", views.measures, name="measures"),
    path(f"{BASE}schritte/", views.steps, name="steps"),
    path(f"{BASE}indikatoren/", views.indicators, name="indicators"),
    path(f"{BASE}indikatoren/<int:pk>/", views.indicator, name="indicator"),
    path(
        f"{BASE}indikatoren/<int:pk>/werte/", views.indicator_value_add, name="indicator_value_add"
    ),
    path(
        f"{BASE}werte/<int:pk>/loeschen/",
        views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path(f"{BASE}massnahmen/<int:pk>/stand/", views.status_update_add, name="status_update_add"),
    path(
        f"{BASE}stand/<int:pk>/loeschen/", views.status_update_delete, name="status_update_delete"
    ),
]
