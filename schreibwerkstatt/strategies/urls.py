from django.urls import path

from . import partner_views, views

app_name = "strategies"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/"

urlpatterns = [
    path("kommunen/<slug:slug>/strategien/", views.strategy_list, name="list"),
    path("kommunen/<slug:slug>/strategien/neu/", views.strategy_create, name="create"),
    # Invitations of other municipalities to their joint strategies, answered by the
    # coordination of the invited municipality (the slug).
    path(
        "kommunen/<slug:slug>/strategien/einladungen/",
        partner_views.partner_invitations,
        name="partner_invitations",
    ),
    path(
        "kommunen/<slug:slug>/strategien/einladungen/<int:pk>/annehmen/",
        partner_views.partnership_accept,
        name="partnership_accept",
    ),
    path(
        "kommunen/<slug:slug>/strategien/einladungen/<int:pk>/ablehnen/",
        partner_views.partnership_decline,
        name="partnership_decline",
    ),
    path(S, views.overview, name="overview"),
    path(S + "bearbeiten/", views.strategy_edit, name="edit"),
    path(S + "programmphasen/", views.phase_add, name="phase_add"),
    path(S + "programmphasen/<int:pk>/loeschen/", views.phase_delete, name="phase_delete"),
    path(S + "programmphasen/<int:pk>/bearbeiten/", views.phase_edit, name="phase_edit"),
    path(S + "partner/", partner_views.partner_add, name="partner_add"),
    path(S + "partner/<int:pk>/entfernen/", partner_views.partner_remove, name="partner_remove"),
    path(S + "vision/", views.vision, name="vision"),
    path(S + "leitlinien/", views.principle_add, name="principle_add"),
    path(S + "plaene/", views.plan_link_add, name="plan_link_add"),
    path(S + "plaene/<int:pk>/loeschen/", views.plan_link_delete, name="plan_link_delete"),
    path(S + "plaene/<int:pk>/bearbeiten/", views.plan_link_edit, name="plan_link_edit"),
    path(S + "leitlinien/<int:pk>/bearbeiten/", views.principle_edit, name="principle_edit"),
    path(S + "leitlinien/<int:pk>/verschieben/", views.principle_move, name="principle_move"),
    path(S + "leitlinien/<int:pk>/loeschen/", views.principle_delete, name="principle_delete"),
    path(S + "handlungsfelder/", views.fields, name="fields"),
    path(S + "handlungsfelder/katalog/", views.fields_from_catalogue, name="fields_from_catalogue"),
    path(S + "handlungsfelder/neu/", views.field_add, name="field_add"),
    path(S + "handlungsfelder/<int:pk>/", views.field, name="field"),
    path(S + "handlungsfelder/<int:pk>/bearbeiten/", views.field_edit, name="field_edit"),
    path(S + "handlungsfelder/<int:pk>/verschieben/", views.field_move, name="field_move"),
    path(S + "handlungsfelder/<int:pk>/loeschen/", views.field_delete, name="field_delete"),
    path(S + "ziele/", views.goals, name="goals"),
    path(S + "ziele/neu/", views.goal_add, name="goal_add"),
    path(S + "ziele/<int:pk>/", views.goal_edit, name="goal_edit"),
    path(S + "ziele/<int:pk>/loeschen/", views.goal_delete, name="goal_delete"),
    path(S + "ziele/<int:pk>/indikatoren/", views.indicator_add, name="indicator_add"),
    path(S + "indikatoren/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path(S + "indikatoren/<int:pk>/loeschen/", views.indicator_delete, name="indicator_delete"),
    path(S + "massnahmen/", views.measures, name="measures"),
    path(S + "massnahmen/neu/", views.measure_add, name="measure_add"),
    path(S + "massnahmen/<int:pk>/", views.measure, name="measure"),
    path(S + "massnahmen/<int:pk>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path(S + "massnahmen/<int:pk>/loeschen/", views.measure_delete, name="measure_delete"),
    path(
        S + "massnahmen/<int:pk>/abschnitte/<slug:section>/",
        views.measure_section_edit,
        name="measure_section",
    ),
    path(S + "massnahmen/<int:pk>/schritte/", views.step_add, name="step_add"),
    path(S + "massnahmen/<int:pk>/vorlage/", views.step_template, name="step_template"),
    path(S + "schritte/<int:pk>/", views.step_edit, name="step_edit"),
    path(S + "schritte/<int:pk>/erledigt/", views.step_toggle, name="step_toggle"),
    path(S + "schritte/<int:pk>/verschieben/", views.step_move, name="step_move"),
    path(S + "schritte/<int:pk>/loeschen/", views.step_delete, name="step_delete"),
    path(S + "checklisten-vorlagen/", views.checklist_templates, name="checklist_templates"),
    path(
        S + "checklisten-vorlagen/neu/", views.checklist_template_add, name="checklist_template_add"
    ),
    path(
        S + "checklisten-vorlagen/<int:pk>/bearbeiten/",
        views.checklist_template_edit,
        name="checklist_template_edit",
    ),
    path(
        S + "checklisten-vorlagen/<int:pk>/loeschen/",
        views.checklist_template_delete,
        name="checklist_template_delete",
    ),
    path(S + "kategorien/", views.tags, name="tags"),
    path(S + "kategorien/achsen/<int:pk>/bearbeiten/", views.tag_axis_edit, name="tag_axis_edit"),
    path(S + "kategorien/achsen/<int:pk>/loeschen/", views.tag_axis_delete, name="tag_axis_delete"),
    path(S + "kategorien/<int:pk>/bearbeiten/", views.tag_edit, name="tag_edit"),
    path(S + "kategorien/<int:pk>/loeschen/", views.tag_delete, name="tag_delete"),
    path(S + "prioritaeten/", views.priorities, name="priorities"),
    path(S + "prioritaeten/speichern/", views.priorities_save, name="priorities_save"),
    path(S + "prioritaeten/kriterien/", views.criterion_add, name="criterion_add"),
    path(
        S + "prioritaeten/kriterien/<int:pk>/loeschen/",
        views.criterion_delete,
        name="criterion_delete",
    ),
]
