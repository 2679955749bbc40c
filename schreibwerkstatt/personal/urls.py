from django.urls import path

from . import views

app_name = "personal"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/"

urlpatterns = [
    path("meine-aufgaben/", views.my_tasks, name="my_tasks"),
    path("profil/benachrichtigungen/", views.notifications, name="notifications"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(S + "meine-aufgaben/schritte/<int:pk>/erledigt/", views.step_toggle, name="step_toggle"),
    path(S + "meilensteine.ics", views.roadmap_ics, name="roadmap_ics"),
]
