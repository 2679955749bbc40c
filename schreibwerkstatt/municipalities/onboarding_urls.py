"""The operator's onboarding pages (municipalities/onboarding.py), outside the admin."""

from django.urls import path

from . import onboarding

app_name = "onboarding"

urlpatterns = [
    path("plattform/kommunen/neu/", onboarding.create, name="create"),
    path(
        "plattform/kommunen/<slug:slug>/koordination-einladen/",
        onboarding.invite_coordinator,
        name="invite_coordinator",
    ),
]
