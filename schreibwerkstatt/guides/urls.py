from django.urls import path

from . import operator_views as manage
from . import views

app_name = "guides"

G = "plattform/leitfaeden/"
Q = "plattform/einstiegsfragen/"

urlpatterns = [
    path("leitfaeden/", views.index, name="index"),
    path("leitfaeden/<slug:slug>/", views.guide, name="guide"),
    path(
        "leitfaeden/<slug:slug>/anhaenge/<int:pk>/<str:filename>",
        views.attachment,
        name="attachment",
    ),
    path("einstiegsfragen/", views.questions, name="questions"),
    path("einstiegsfragen/werkzeug/<slug:tool>/", views.tool, name="tool"),
    # the operator's pages
    path(G, manage.manage, name="manage"),
    path(G + "neu/", manage.add, name="add"),
    path(G + "<slug:slug>/", manage.edit, name="edit"),
    path(G + "<slug:slug>/loeschen/", manage.delete, name="delete"),
    path(G + "<slug:slug>/anhaenge/", manage.attachment_add, name="attachment_add"),
    path(
        G + "<slug:slug>/anhaenge/<int:pk>/loeschen/",
        manage.attachment_delete,
        name="attachment_delete",
    ),
    path(G + "<slug:slug>/verlauf/", manage.guide_history, name="history"),
    path(
        G + "<slug:slug>/verlauf/<int:history_id>/wiederherstellen/",
        manage.guide_restore,
        name="restore",
    ),
    path(Q, manage.manage_questions, name="manage_questions"),
    path(Q + "neu/", manage.question_add, name="question_add"),
    path(Q + "<int:pk>/", manage.question_edit, name="question_edit"),
    path(Q + "<int:pk>/verschieben/", manage.question_move, name="question_move"),
    path(Q + "<int:pk>/loeschen/", manage.question_delete, name="question_delete"),
    path(Q + "<int:pk>/verlauf/", manage.question_history, name="question_history"),
    path(
        Q + "<int:pk>/verlauf/<int:history_id>/wiederherstellen/",
        manage.question_restore,
        name="question_restore",
    ),
]
