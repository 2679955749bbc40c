from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of every app and the `demo` command; last in INSTALLED_APPS, since it
    may use every other app and none uses it."""

    name = "schreibwerkstatt.demo"
    label = "demo"
