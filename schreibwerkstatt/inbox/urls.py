from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("benachrichtigungen/", views.inbox, name="list"),
    path("benachrichtigungen/einstellungen/", views.preferences, name="settings"),
    path("benachrichtigungen/alle-gelesen/", views.mark_all_read, name="mark_all_read"),
    path("benachrichtigungen/<int:pk>/oeffnen/", views.open_notification, name="open"),
    path("benachrichtigungen/<int:pk>/gelesen/", views.mark_read, name="mark_read"),
]
