from django.urls import include, path

from . import views

app_name = "municipalities"

# The pages of one municipality, below kommunen/<slug>/.
municipality_patterns = [
    path("mitglieder/", views.members, name="members"),
    path("mitglieder/einladen/", views.invite, name="invite"),
    path("mitglieder/<int:pk>/rolle/", views.change_role, name="change_role"),
    path("mitglieder/<int:pk>/entfernen/", views.remove_member, name="remove_member"),
    path("einladungen/<int:pk>/zurueckziehen/", views.revoke_invitation, name="revoke_invitation"),
    path("support-zugang/", views.support_access, name="support_access"),
    path("protokoll/", views.audit_log, name="audit_log"),
    path(
        "support-zugang/<int:pk>/widerrufen/",
        views.revoke_support_access,
        name="revoke_support_access",
    ),
]

urlpatterns = [
    path("kommunen/", views.choose, name="choose"),
    path("einladung/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("kommunen/<slug:slug>/", include(municipality_patterns)),
]
