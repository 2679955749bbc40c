"""The ASGI application `make run` serves (granian --interface asgi).

HTTP goes to Django as before; WebSockets go through Channels: the session user
(AuthMiddlewareStack), only from the site's own hosts (AllowedHostsOriginValidator),
to the consumers named in `schreibwerkstatt.routing`. Each consumer checks permissions
itself, on connect and for every message.
"""

import gc
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

# The live boards build a snapshot at every change (boards/snapshots.py), thousands of short-lived
# objects each. Python's cyclic collector then ran its full collection often, walking every
# object of the process, Django's own included: a build for 200 people of a board with 400
# cards took 37 ms, and 106 ms in one case of ten (measured in one process, 30 builds). What
# exists now lives as long as the process, so the collector leaves it alone (gc.freeze), and it
# looks at the youngest objects every 5,000 allocations instead of every 700. The board bench
# (200 people, two processes, bench/boards_bench.py), one run each on a quiet machine: p95
# 163 ms without either, 95 ms with the freeze alone, 79 ms with both (73 ms with 20,000, for
# 8 MB more memory per 100 people); resident memory +98, +95, +113 MB per 100 people.
gc.freeze()
gc.set_threshold(5_000, 10, 10)
