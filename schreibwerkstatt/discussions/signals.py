from .services import space_of_series


def make_space_of_new_series(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        space_of_series(instance)
