from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("austausch/", views.index, name="index"),
    # a space: its topics, a new topic, following it, the participant directory of a series
    path("austausch/raeume/<int:pk>/", views.space, name="space"),
    path("austausch/raeume/<int:pk>/neu/", views.topic_add, name="topic_add"),
    path("austausch/raeume/<int:pk>/folgen/", views.space_follow, name="space_follow"),
    path("austausch/raeume/<int:pk>/teilnehmende/", views.directory, name="directory"),
    path(
        "austausch/raeume/<int:pk>/teilnehmende/mein-eintrag/",
        views.directory_entry,
        name="directory_entry",
    ),
    # a topic: its posts, a reply, following it; moderation
    path("austausch/themen/<int:pk>/", views.topic, name="topic"),
    path("austausch/themen/<int:pk>/antworten/", views.reply, name="reply"),
    path("austausch/themen/<int:pk>/folgen/", views.topic_follow, name="topic_follow"),
    path("austausch/themen/<int:pk>/sperren/", views.topic_lock, name="topic_lock"),
    path("austausch/themen/<int:pk>/verschieben/", views.topic_move, name="topic_move"),
    # a post: its place in the topic, the author's edit and deletion; moderation
    path("austausch/beitraege/<int:pk>/", views.post, name="post"),
    path("austausch/beitraege/<int:pk>/bearbeiten/", views.post_edit, name="post_edit"),
    path("austausch/beitraege/<int:pk>/loeschen/", views.post_delete, name="post_delete"),
    path("austausch/beitraege/<int:pk>/ausblenden/", views.post_hide, name="post_hide"),
]
