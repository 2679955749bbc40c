from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's own data (GDPR): the download of everything stored about them and the
    erasure of their account. Both reach into every app, so this app sits above them all
    (it has no models, so the operator area never shows its name)."""

    name = "schreibwerkstatt.privacy"
    label = "privacy"
