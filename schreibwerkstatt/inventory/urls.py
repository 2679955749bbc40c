from django.urls import URLPattern, path

from . import views

app_name = "inventory"

BASE = "kommunen/<slug:slug>/strategien/<int:strategy>/bestandsaufnahme/"


def _entry_paths(segment: str, kind: str, list_name: str) -> list[URLPattern]:
    """The list, add, edit and delete pages of one kind of entry (views named after it)."""
    return [
        path(f"{BASE}{segment}/", getattr(views, list_name), name=list_name),
        path(f"{BASE}{segment}/neu/", getattr(views, f"add_{kind}"), name=f"add_{kind}"),
        path(f"{BASE}{segment}/<int:pk>/", getattr(views, f"edit_{kind}"), name=f"edit_{kind}"),
        path(
            f"{BASE}{segment}/<int:pk>/loeschen/",
            getattr(views, f"delete_{kind}"),
            name=f"delete_{kind}",
        ),
    ]


urlpatterns = [
    path(BASE, views.overview, name="overview"),
    *_entry_paths("projekte", "project", "projects"),
    *_entry_paths("stakeholder", "stakeholder", "stakeholders"),
    path(f"{BASE}reifegrad/", views.maturity, name="maturity"),
    # pk: the catalogue field of action; 0 for the general questions
    path(f"{BASE}reifegrad/<int:pk>/", views.maturity_field, name="maturity_field"),
    path(f"{BASE}swot/", views.swot, name="swot"),
    path(f"{BASE}swot/neu/", views.add_swot_entry, name="add_swot_entry"),
    path(f"{BASE}swot/<int:pk>/", views.edit_swot_entry, name="edit_swot_entry"),
    path(f"{BASE}swot/<int:pk>/verschieben/", views.move_swot_entry, name="move_swot_entry"),
    path(f"{BASE}swot/<int:pk>/loeschen/", views.delete_swot_entry, name="delete_swot_entry"),
]
