from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "schreibwerkstatt.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from .services import send_unlock_mail

        def on_locked_out(sender, request, username, ip_address, **kwargs):
            send_unlock_mail(request=request, username=username, ip_address=ip_address)

        user_locked_out.connect(on_locked_out, dispatch_uid="accounts.unlock_mail", weak=False)
