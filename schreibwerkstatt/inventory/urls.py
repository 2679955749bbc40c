from django.urls import path

from . import views

app_name = "inventory"

BASE = "kommunen/<slug:slug>/strategien/<int:strategy>/bestandsaufnahme/"

urlpatterns = [
    path(BASE, views.overview, name="overview"),
    path(f"{BASE}projekte/", views.projects, name="projects"),
    path(f"{BASE}projekte/neu/", views.add_project, name="add_project"),
    path(f"{BASE}projekte/<int:pk>/", views.edit_project, name="edit_project"),
    path(f"{BASE}projekte/<int:pk>/loeschen/", views.delete_project, name="delete_project"),
    path(f"{BASE}stakeholder/", views.stakeholders, name="stakeholders"),
    path(f"{BASE}stakeholder/neu/", views.add_stakeholder, name="add_stakeholder"),
    path(f"{BASE}stakeholder/<int:pk>/", views.edit_stakeholder, name="edit_stakeholder"),
    path(
        f"{BASE}stakeholder/<int:pk>/loeschen/",
        views.delete_stakeholder,
        name="delete_stakeholder",
    ),
    path(f"{BASE}reifegrad/", views.maturity, name="maturity"),
    # pk: the catalogue field of action; 0 for the general questions
    path(f"{BASE}reifegrad/<int:pk>/", views.maturity_field, name="maturity_field"),
    path(f"{BASE}swot/", views.swot, name="swot"),
    path(f"{BASE}swot/neu/", views.add_swot_entry, name="add_swot_entry"),
    path(f"{BASE}swot/<int:pk>/", views.edit_swot_entry, name="edit_swot_entry"),
    path(f"{BASE}swot/<int:pk>/verschieben/", views.move_swot_entry, name="move_swot_entry"),
    path(f"{BASE}swot/<int:pk>/loeschen/", views.delete_swot_entry, name="delete_swot_entry"),
]
