from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("anmelden/code/", views.login_code, name="login_code"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", views.password_reset, name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("entsperren/<str:token>/", views.unlock, name="unlock"),
    path("profil/", views.profile, name="profile"),
    path("profil/passwort/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/zwei-faktor/", views.two_factor_settings, name="two_factor"),
    path("profil/zwei-faktor/ausschalten/", views.two_factor_disable, name="two_factor_disable"),
]
