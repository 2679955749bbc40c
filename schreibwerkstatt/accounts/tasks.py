"""Background work of the accounts app, run by `schreibwerkstatt worker`."""

from django_tasks import task

from . import services


@task()
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Looked up and sent here, not in the request, so the request takes equally long
    for an address with an account and one without."""
    services.send_password_reset(email, domain=domain, use_https=use_https)
