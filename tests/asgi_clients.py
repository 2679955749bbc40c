"""ASGI test clients for WebSockets and plain HTTP, on asgiref's ApplicationCommunicator.

Channels' own `channels.testing` package imports daphne (Twisted, autobahn and a dozen more
packages) on import, for its live-server test case we do not use; these are the same few
methods as its WebsocketCommunicator and HttpCommunicator (docs/decisions.md).
"""

import json
from typing import Any
from urllib.parse import unquote, urlparse

from asgiref.testing import ApplicationCommunicator


class WebsocketClient(ApplicationCommunicator):
    def __init__(self, application: Any, path: str, headers: list | None = None) -> None:
        parsed = urlparse(path)
        scope = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode(),
            "headers": headers or [(b"host", b"localhost"), (b"origin", b"http://localhost")],
            "subprotocols": [],
        }
        super().__init__(application, scope)

    async def connect(self, timeout: float = 5) -> tuple[bool, Any]:
        """(True, subprotocol) when accepted, (False, close code) when refused."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept"
        return True, response.get("subprotocol")

    async def send_text(self, text: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text})

    async def send_json(self, data: Any) -> None:
        await self.send_text(json.dumps(data))

    async def receive_event(self, timeout: float = 5) -> dict:
        """The next thing the application did: a `websocket.send` or a `websocket.close`."""
        return await self.receive_output(timeout)

    async def receive_json(self, timeout: float = 5) -> Any:
        event = await self.receive_output(timeout)
        assert event["type"] == "websocket.send", event
        return json.loads(event["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 5) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)


class HttpClient(ApplicationCommunicator):
    def __init__(self, application: Any, method: str, path: str, headers: list) -> None:
        parsed = urlparse(path)
        scope = {
            "type": "http",
            "http_version": "1.1",
            "method": method,
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode(),
            "headers": headers,
        }
        super().__init__(application, scope)

    async def get_response(self, timeout: float = 10) -> dict:
        await self.send_input({"type": "http.request", "body": b""})
        start = await self.receive_output(timeout)
        assert start["type"] == "http.response.start"
        body = b""
        while True:
            chunk = await self.receive_output(timeout)
            body += chunk.get("body", b"")
            if not chunk.get("more_body"):
                break
        return {"status": start["status"], "headers": start.get("headers", []), "body": body}
