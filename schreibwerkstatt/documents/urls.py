from django.urls import path

from . import views

app_name = "documents"

D = "kommunen/<slug:slug>/strategien/<int:strategy>/dokument/"
C = D + "kapitel/<int:pk>/"

urlpatterns = [
    path(D, views.chapters, name="chapters"),
    path(D + "vorschau/", views.preview, name="preview"),
    path(D + "markdown/", views.markdown, name="markdown"),
    path(C, views.chapter, name="chapter"),
    path(C + "automatisch-speichern/", views.autosave, name="autosave"),
    path(C + "live-vorschau/", views.chapter_preview, name="chapter_preview"),
    path(C + "textbaustein/", views.insert_block, name="insert_block"),
    path(C + "titel/", views.chapter_title, name="chapter_title"),
    path(C + "schalten/", views.chapter_toggle, name="chapter_toggle"),
    path(C + "verschieben/", views.chapter_move, name="chapter_move"),
]
