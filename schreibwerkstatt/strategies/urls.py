from django.urls import path

from .views import fields, goals, measures, partners, priorities, steps, strategy, tags, vision

app_name = "strategies"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/"

urlpatterns = [
    path("kommunen/<slug:slug>/strategien/", strategy.strategy_list, name="list"),
    path("kommunen/<slug:slug>/strategien/neu/", strategy.strategy_create, name="create"),
    # Invitations of other municipalities to their joint strategies, answered by the
    # coordination of the invited municipality (the slug).
    path(
        "kommunen/<slug:slug>/strategien/einladungen/",
        partners.partner_invitations,
        name="partner_invitations",
    ),
    path(
        "kommunen/<slug:slug>/strategien/einladungen/<int:pk>/annehmen/",
        partners.partnership_accept,
        name="partnership_accept",
    ),
    path(
        "kommunen/<slug:slug>/strategien/einladungen/<int:pk>/ablehnen/",
        partners.partnership_decline,
        name="partnership_decline",
    ),
    path(S, strategy.overview, name="overview"),
    path(S + "bearbeiten/", strategy.strategy_edit, name="edit"),
    path(S + "programmphasen/", strategy.phase_add, name="phase_add"),
    path(S + "programmphasen/<int:pk>/loeschen/", strategy.phase_delete, name="phase_delete"),
    path(S + "programmphasen/<int:pk>/bearbeiten/", strategy.phase_edit, name="phase_edit"),
    path(S + "partner/", partners.partner_add, name="partner_add"),
    path(S + "partner/<int:pk>/entfernen/", partners.partner_remove, name="partner_remove"),
    path(S + "vision/", vision.vision, name="vision"),
    path(S + "leitlinien/", vision.principle_add, name="principle_add"),
    path(S + "plaene/", vision.plan_link_add, name="plan_link_add"),
    path(S + "plaene/<int:pk>/loeschen/", vision.plan_link_delete, name="plan_link_delete"),
    path(S + "plaene/<int:pk>/bearbeiten/", vision.plan_link_edit, name="plan_link_edit"),
    path(S + "leitlinien/<int:pk>/bearbeiten/", vision.principle_edit, name="principle_edit"),
    path(S + "leitlinien/<int:pk>/verschieben/", vision.principle_move, name="principle_move"),
    path(S + "leitlinien/<int:pk>/loeschen/", vision.principle_delete, name="principle_delete"),
    path(S + "handlungsfelder/", fields.fields, name="fields"),
    path(
        S + "handlungsfelder/katalog/", fields.fields_from_catalogue, name="fields_from_catalogue"
    ),
    path(S + "handlungsfelder/neu/", fields.field_add, name="field_add"),
    path(S + "handlungsfelder/<int:pk>/", fields.field, name="field"),
    path(S + "handlungsfelder/<int:pk>/bearbeiten/", fields.field_edit, name="field_edit"),
    path(S + "handlungsfelder/<int:pk>/verschieben/", fields.field_move, name="field_move"),
    path(S + "handlungsfelder/<int:pk>/loeschen/", fields.field_delete, name="field_delete"),
    path(S + "ziele/", goals.goals, name="goals"),
    path(S + "ziele/neu/", goals.goal_add, name="goal_add"),
    path(S + "ziele/<int:pk>/", goals.goal_edit, name="goal_edit"),
    path(S + "ziele/<int:pk>/loeschen/", goals.goal_delete, name="goal_delete"),
    path(S + "ziele/<int:pk>/indikatoren/", goals.indicator_add, name="indicator_add"),
    path(S + "indikatoren/<int:pk>/", goals.indicator_edit, name="indicator_edit"),
    path(S + "indikatoren/<int:pk>/loeschen/", goals.indicator_delete, name="indicator_delete"),
    path(S + "massnahmen/", measures.measures, name="measures"),
    path(S + "massnahmen/neu/", measures.measure_add, name="measure_add"),
    path(S + "massnahmen/<int:pk>/", measures.measure, name="measure"),
    path(S + "massnahmen/<int:pk>/bearbeiten/", measures.measure_edit, name="measure_edit"),
    path(S + "massnahmen/<int:pk>/loeschen/", measures.measure_delete, name="measure_delete"),
    path(
        S + "massnahmen/<int:pk>/abschnitte/<slug:section>/",
        measures.measure_section_edit,
        name="measure_section",
    ),
    path(S + "massnahmen/<int:pk>/schritte/", steps.step_add, name="step_add"),
    path(S + "massnahmen/<int:pk>/vorlage/", steps.step_template, name="step_template"),
    path(S + "schritte/<int:pk>/", steps.step_edit, name="step_edit"),
    path(S + "schritte/<int:pk>/erledigt/", steps.step_toggle, name="step_toggle"),
    path(S + "schritte/<int:pk>/verschieben/", steps.step_move, name="step_move"),
    path(S + "schritte/<int:pk>/loeschen/", steps.step_delete, name="step_delete"),
    path(S + "checklisten-vorlagen/", steps.checklist_templates, name="checklist_templates"),
    path(
        S + "checklisten-vorlagen/neu/", steps.checklist_template_add, name="checklist_template_add"
    ),
    path(
        S + "checklisten-vorlagen/<int:pk>/bearbeiten/",
        steps.checklist_template_edit,
        name="checklist_template_edit",
    ),
    path(
        S + "checklisten-vorlagen/<int:pk>/loeschen/",
        steps.checklist_template_delete,
        name="checklist_template_delete",
    ),
    path(S + "kategorien/", tags.tags, name="tags"),
    path(S + "kategorien/achsen/<int:pk>/bearbeiten/", tags.tag_axis_edit, name="tag_axis_edit"),
    path(S + "kategorien/achsen/<int:pk>/loeschen/", tags.tag_axis_delete, name="tag_axis_delete"),
    path(S + "kategorien/<int:pk>/bearbeiten/", tags.tag_edit, name="tag_edit"),
    path(S + "kategorien/<int:pk>/loeschen/", tags.tag_delete, name="tag_delete"),
    path(S + "prioritaeten/", priorities.priorities, name="priorities"),
    path(S + "prioritaeten/speichern/", priorities.priorities_save, name="priorities_save"),
    path(S + "prioritaeten/kriterien/", priorities.criterion_add, name="criterion_add"),
    path(
        S + "prioritaeten/kriterien/<int:pk>/loeschen/",
        priorities.criterion_delete,
        name="criterion_delete",
    ),
]
