from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "schreibwerkstatt.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from schreibwerkstatt.core.mentions import register_audience, register_mentioning
        from schreibwerkstatt.workshops.models import Series

        from . import rules
        from .models import Post
        from .signals import make_space_of_new_series

        # @mentions (core/mentions.py): a space's audience for the autocomplete, and the
        # posts whose mentions privacy's erasure goes through.
        register_audience("discussion", rules.mention_audience)
        register_mentioning(Post, "text", "mentions")

        # Every new series gets its space (workshops, a lower layer, knows nothing of it).
        post_save.connect(make_space_of_new_series, sender=Series, dispatch_uid="discussions")
