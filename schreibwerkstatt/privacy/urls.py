from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("profil/meine-daten.json", views.download_personal_data, name="personal_data"),
    path("profil/konto-loeschen/", views.delete_account, name="delete_account"),
]
