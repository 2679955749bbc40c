from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("kommunen/", views.choose, name="choose"),
    path("einladung/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("kommunen/<slug:slug>/mitglieder/", views.members, name="members"),
    path("kommunen/<slug:slug>/mitglieder/einladen/", views.invite, name="invite"),
    path("kommunen/<slug:slug>/mitglieder/<int:pk>/rolle/", views.change_role, name="change_role"),
    path(
        "kommunen/<slug:slug>/mitglieder/<int:pk>/entfernen/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "kommunen/<slug:slug>/einladungen/<int:pk>/zurueckziehen/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("kommunen/<slug:slug>/support-zugang/", views.support_access, name="support_access"),
    path("kommunen/<slug:slug>/protokoll/", views.audit_log, name="audit_log"),
    path(
        "kommunen/<slug:slug>/support-zugang/<int:pk>/widerrufen/",
        views.revoke_support_access,
        name="revoke_support_access",
    ),
]
