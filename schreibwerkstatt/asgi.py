"""The ASGI application `make run` serves (granian --interface asgi).

HTTP goes to Django as before; WebSockets go through Channels: the session user
(AuthMiddlewareStack), only from the site's own hosts (AllowedHostsOriginValidator),
to the consumers named in `schreibwerkstatt.routing`. Each consumer checks permissions
itself, on connect and for every message.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schreibwerkstatt.settings")
# Django first: the routing imports consumers, which import models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from schreibwerkstatt.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
