from django.urls import path

from . import views

app_name = "roadmap"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/roadmap/"

urlpatterns = [
    path(S, views.chart, name="chart"),
    path(S + "tabelle/", views.table, name="table"),
    path(S + "diagramm/", views.chart_figure, name="chart_figure"),
    path(S + "roadmap.svg", views.chart_svg, name="svg"),
    path(S + "roadmap.png", views.chart_png, name="png"),
    path(S + "massnahmen/<int:pk>/termine/", views.reschedule, name="reschedule"),
    path(S + "meilensteine/", views.milestones, name="milestones"),
    path(S + "meilensteine/neu/", views.milestone_add, name="milestone_add"),
    path(
        S + "massnahmen/<int:pk>/meilensteine/neu/",
        views.measure_milestone_add,
        name="measure_milestone_add",
    ),
    path(S + "meilensteine/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path(S + "meilensteine/<int:pk>/loeschen/", views.milestone_delete, name="milestone_delete"),
    path(S + "vorschlag/", views.proposal, name="proposal"),
    path(S + "vorschlag/uebernehmen/", views.apply_proposal, name="apply_proposal"),
]
