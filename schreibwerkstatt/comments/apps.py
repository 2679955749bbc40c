from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "schreibwerkstatt.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        # The @mentions of comments (core/mentions.py): the audience of a strategy's comments
        # for the autocomplete, and the comment texts that privacy's erasure goes through.
        from schreibwerkstatt.core.mentions import register_audience, register_mentioning

        from .models import Comment
        from .services import strategy_audience

        register_audience("strategy", strategy_audience)
        register_mentioning(Comment, "text", "mentions")
