from django.urls import path

from .views import feeds, organiser, public, registration

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
    path("beratung/termine/", organiser.manage, name="manage"),
    path("beratung/termine/neu/", organiser.series_add, name="series_add"),
    path("beratung/termine/<slug:slug>/", organiser.manage_series, name="manage_series"),
    path("beratung/termine/<slug:slug>/bearbeiten/", organiser.series_edit, name="series_edit"),
    path(
        "beratung/termine/<slug:slug>/veroeffentlichen/",
        organiser.series_publish,
        name="series_publish",
    ),
    path("beratung/termine/<slug:slug>/absagen/", organiser.series_cancel, name="series_cancel"),
    path(
        "beratung/termine/<slug:slug>/anmeldungen/<int:pk>/absagen/",
        organiser.registration_withdraw,
        name="registration_withdraw",
    ),
    path("beratung/termine/<slug:slug>/neuer-termin/", organiser.session_add, name="session_add"),
    path("beratung/termine/<slug:slug>/<int:pk>/", organiser.manage_session, name="manage_session"),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/bearbeiten/",
        organiser.session_edit,
        name="session_edit",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/absagen/",
        organiser.session_cancel,
        name="session_cancel",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/anwesenheit/",
        organiser.session_attendance,
        name="session_attendance",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/material/",
        organiser.material_add,
        name="material_add",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/material/<int:material>/loeschen/",
        organiser.material_delete,
        name="material_delete",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/notizen/",
        organiser.session_notes,
        name="session_notes",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/aufgaben/",
        organiser.session_task_add,
        name="session_task_add",
    ),
    path(
        "beratung/termine/<slug:slug>/<int:pk>/nachbereitung/",
        organiser.session_follow_up,
        name="session_follow_up",
    ),
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
