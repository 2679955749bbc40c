from django.urls import path

from . import views

app_name = "revisions"

S = "kommunen/<slug:slug>/strategien/<int:strategy>/"
F = S + "fassungen/"

urlpatterns = [
    path(F, views.revision_list, name="list"),
    path(F + "beschliessen/", views.adopt, name="adopt"),
    path(F + "fortschreibung/", views.begin, name="begin"),
    path(F + "vergleich/", views.compare, name="compare"),
    path(F + "<int:pk>/", views.detail, name="detail"),
    path(F + "<int:pk>/vergleich/entwurf/", views.diff_draft, name="diff_draft"),
    path(F + "<int:pk>/vergleich/<int:other>/", views.diff_revisions, name="diff"),
    path(S + "pruefen/", views.review, name="review"),
    path(S + "pruefen/absatz/<slug:anchor>/", views.comment, name="comment"),
    path(S + "pruefen/kommentare/<int:pk>/erledigt/", views.resolve, name="resolve"),
]
