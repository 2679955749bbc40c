from django.urls import path

from . import views

app_name = "exports"

D = "kommunen/<slug:slug>/strategien/<int:strategy>/dokument/"

urlpatterns = [
    path(D + "export/", views.document_export, name="document_export"),
]
