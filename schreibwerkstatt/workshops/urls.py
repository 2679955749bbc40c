from django.urls import path

from .views import feeds, public, registration

app_name = "workshops"

urlpatterns = [
    # The calendar and the series pages (views/public.py) -----------------------------------
    path("termine/", public.calendar, name="calendar"),
    # A municipality's registration and its participants (views/registration.py) ------------
    path("termine/<slug:slug>/anmelden/", registration.register, name="register"),
    path("termine/<slug:slug>/anmeldung/", registration.registration, name="registration"),
    path(
        "termine/<slug:slug>/anmeldung/<int:pk>/teilnehmende/",
        registration.add_participants,
        name="add_participants",
    ),
    path(
        "termine/<slug:slug>/anmeldung/<int:pk>/teilnehmende/<int:participant>/entfernen/",
        registration.remove_participant,
        name="remove_participant",
    ),
    path(
        "termine/<slug:slug>/anmeldung/<int:pk>/absagen/",
        registration.cancel_registration,
        name="cancel_registration",
    ),
    path("termine/<slug:slug>/material/<int:pk>/", registration.material, name="material"),
    # The organisers' pages (views/organiser.py) ---------------------------------------------
    # Calendar feeds and the news about new dates (views/feeds.py) ----------------------------
    path("termine/kalender.ics", feeds.feed, name="feed"),
    path("termine/benachrichtigen/", feeds.subscribe, name="subscribe"),
    path("termine/benachrichtigen/gesendet/", feeds.subscribe_sent, name="subscribe_sent"),
    path(
        "termine/benachrichtigen/bestaetigen/<str:token>/",
        feeds.subscribe_confirm,
        name="subscribe_confirm",
    ),
    path("termine/benachrichtigen/abmelden/<str:token>/", feeds.unsubscribe, name="unsubscribe"),
    # Last: the page of one series, whose <slug> would otherwise catch the fixed addresses
    # under termine/ of the sections above (views/public.py) ---------------------------------
    path("termine/<slug:slug>/", public.series, name="series"),
]
