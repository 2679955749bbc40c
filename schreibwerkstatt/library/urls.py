from django.urls import path

from . import views

app_name = "library"

M = "kommunen/<slug:slug>/strategien/<int:strategy>/massnahmen/<int:pk>/bibliothek/"

urlpatterns = [
    path("bibliothek/", views.library, name="index"),
    path("bibliothek/aehnliche/", views.suggestions, name="suggestions"),
    path("bibliothek/massnahmen/<int:pk>/", views.measure, name="measure"),
    path("bibliothek/massnahmen/<int:pk>/uebernehmen/", views.adopt, name="adopt"),
    # Sharing a measure of one's own strategy (the municipality of the URL).
    path(M + "teilen/", views.share, name="share"),
    path(M + "nicht-mehr-teilen/", views.unshare, name="unshare"),
]
