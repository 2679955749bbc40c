from django.urls import path

from . import views

app_name = "advising"
BASE = "kommunen/<slug:slug>/beratung/"

urlpatterns = [
    # the adviser's own pages over their assigned municipalities
    path("beratung/", views.cockpit, name="cockpit"),
    path("beratung/vergleich/", views.compare, name="compare"),
    path("beratung/anfragen/", views.adviser_requests, name="adviser_requests"),
    # one municipality: its requests for advice, and the advisers' notes on it
    path(BASE, views.requests, name="requests"),
    path(f"{BASE}anfragen/neu/", views.request_add, name="request_add"),
    path(f"{BASE}anfragen/<int:pk>/", views.request_detail, name="request"),
    path(f"{BASE}anfragen/<int:pk>/status/", views.request_answer, name="request_answer"),
    path(f"{BASE}notizen/", views.note, name="note"),
]
