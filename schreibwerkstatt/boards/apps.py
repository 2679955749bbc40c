from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "schreibwerkstatt.boards"
    label = "boards"
    verbose_name = _("Workshop boards")

    def ready(self) -> None:
        from schreibwerkstatt.strategies.origins import add_origin_source

        from .transfer import board_origins

        # The pages of a field of action, goal or measure (strategies, a lower layer) tell
        # which workshop board it was taken over from.
        add_origin_source(board_origins)
