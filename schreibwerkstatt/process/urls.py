from django.urls import path

from . import views

app_name = "process"

urlpatterns = [
    path("kommunen/<slug:slug>/", views.dashboard, name="dashboard"),
    path("kommunen/<slug:slug>/start/", views.start, name="start"),
    path("kommunen/<slug:slug>/phasen/<int:number>/", views.phase, name="phase"),
    path("kommunen/<slug:slug>/phasen/<int:number>/aufgaben/", views.add_item, name="add_item"),
    path("kommunen/<slug:slug>/aufgaben/<int:pk>/", views.edit_item, name="edit_item"),
    path("kommunen/<slug:slug>/aufgaben/<int:pk>/erledigt/", views.toggle_item, name="toggle_item"),
    path("kommunen/<slug:slug>/aufgaben/<int:pk>/verschieben/", views.move_item, name="move_item"),
    path("kommunen/<slug:slug>/aufgaben/<int:pk>/loeschen/", views.delete_item, name="delete_item"),
    path("kommunen/<slug:slug>/strategien/<int:strategy>/check/", views.check, name="check"),
]
