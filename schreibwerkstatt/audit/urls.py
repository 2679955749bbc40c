from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("kommunen/<slug:slug>/protokoll/", views.events, name="events"),
]
