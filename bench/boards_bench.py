"""A workshop board session of 200 participants over WebSockets (called by bench/run.py; also
runs alone: `PYTHONPATH=. .venv/bin/python bench/boards_bench.py`).

Two setups, each with real granian ASGI servers as `make run` starts them (tests/app_server.py:
their own SQLite file, static root and VAR_DIR):

- `board_*`: two application processes (one granian worker each, on two ports) with a
  redis-server of the bench's own between them (channels-redis' pub/sub layer);
  participant i connects to process i % 2 and posts through it, as a browser does;
- `board_embedded_*`: the embedded default, one process with the in-memory channel layer.

The session: BOARD_BENCH_CLIENTS participants (200) of one municipality open an anonymous
SWOT board (participant 0 is its facilitator, the Koordination; the others are
contributors), each connected by one WebSocket (the client is a few lines of asyncio, RFC 6455
as tests/ws_client.py, so all of them run in this one process). Each participant then adds
BOARD_BENCH_CARDS cards (2) with the POST that board.js sends (`X-Board-Live: 1`, answered 204
with the board's new revision in `X-Board-Revision`), in a shuffled order, BOARD_BENCH_RATE
posts per second (10) over all participants: 200 people writing a card every 20 seconds, a
busy brainstorm. Then the facilitator switches to the vote and every participant gives
BOARD_BENCH_DOTS dots (3, the board's default) to cards of the board, with the POST of the
card's "Punkt geben" button, at the same rate; the dots are hidden until revealed, so the
others' boards change little, but every dot is a change every connection hears of. The
accounts are made in the database directly and logged in with session cookies made server-side
(SessionStore), not 200 password hashes.

Figures (`name: value`):
- clients: participants whose socket connected and answered the first sync;
- messages: WebSocket messages the participants received in total (boards, announcements);
- lost_messages: pairs (participant, change: card added, phase switched, dot given) where
  the board the participant shows at the end (all posts answered, then up to SETTLE
  seconds for the sockets to catch up) is at a lower revision than the one the POST
  answered, or (a card) does not contain its text (the board put together as board.js
  does: a whole board, then the cards changed since, the others named only). A participant
  that falls behind may get only the newest board instead of every intermediate one (that
  is not a loss: the newest board contains every change before it); a participant whose
  socket closed loses every change after it closed;
- broadcast_p50_ms / broadcast_p95_ms: over all pairs (participant, change), the time from
  the POST's response arriving here to the participant's socket delivering a board at that
  revision or later (0 when the board arrived before the response); measured with this
  process' clock, so it includes the time the clients here take to read;
- rss_mb_per_100_clients: resident memory of the server processes (granian and its worker,
  all processes together) with the participants connected after the session, minus before
  they connected (after one warm-up page), per 100 participants.
"""

import asyncio
import base64
import json
import os
import random
import re
import secrets
import shutil
import statistics
import string
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.app_server import AppServers, free_port  # noqa: E402

CLIENTS = int(os.environ.get("BOARD_BENCH_CLIENTS", "200"))
CARDS = int(os.environ.get("BOARD_BENCH_CARDS", "2"))
RATE = float(os.environ.get("BOARD_BENCH_RATE", "10"))
DOTS = int(os.environ.get("BOARD_BENCH_DOTS", "3"))
SETTLE = 20.0  # seconds the sockets get after the last POST's response
SLUG = "zweistadt"  # the municipality of tests/app_server.py
BOARD_HEAD = re.compile(rb'\{"type": "board", "revision": (\d+), (?:"base": (\d+), )?')
CARD_TEXT = re.compile(rb"Idee \d+ von Person \d+")

# Run inside the servers' database (manage.py shell) once: the participants and their
# sessions (the database session engine; the Redis setup's cached_db reads them from there).
PEOPLE = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.municipalities.models import Membership, Municipality, Role

municipality = Municipality.objects.get(slug="%(slug)s")
new = User.objects.bulk_create(
    User(email=f"p{i}@bench.example", name=f"Person {i}", password="!")
    for i in range(1, %(clients)d)
)
Membership.objects.bulk_create(
    Membership(user=user, municipality=municipality, role=Role.CONTRIBUTOR) for user in new
)
# participant 0 is a Koordination of the municipality (tests/app_server.py), the board's facilitator
people = [User.objects.get(email="a@zweistadt.example")]
people += User.objects.filter(email__endswith="@bench.example").order_by("pk")
sessions = []
for user in people:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print("SETUP", json.dumps(sessions))
"""
# For each setup: a fresh anonymous SWOT board of the facilitator.
BOARD = """
import json
from schreibwerkstatt.accounts.models import User
from schreibwerkstatt.boards import services
from schreibwerkstatt.municipalities.models import Municipality

board = services.create_board(
    Municipality.objects.get(slug="%(slug)s"), user=User.objects.get(email="a@zweistadt.example"),
    title="Bench", template="swot", anonymous=True,
)
print("SETUP", json.dumps({"board": board.pk, "revision": board.revision,
    "version": board.version, "columns": list(board.columns.values_list("pk", flat=True))}))
"""

# The cards of the board after the brainstorm, for the vote.
CARD_IDS = """
import json
from schreibwerkstatt.boards.models import Card
print("SETUP", json.dumps(list(Card.objects.filter(board_id=%(board)d).values_list("pk", flat=True))))
"""


def _shell(servers: AppServers, script: str, **values):
    """Runs a script in the servers' database; what it printed after SETUP, as JSON."""
    command = [sys.executable, "-m", "schreibwerkstatt", "shell", "-c"]
    command.append(script % {"clients": CLIENTS, "slug": SLUG, **values})
    out = subprocess.run(  # noqa: S603 (the bench's own script)
        command, env=servers.env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=300
    ).stdout
    return json.loads(out.split("SETUP ", 1)[1])


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a process and all its descendants, in seconds."""
    total = 0.0
    for process in _family(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _family(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    family, todo = [], [pid]
    while todo:
        current = todo.pop()
        family.append(current)
        todo += children.get(current, [])
    return family


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total = 0
    for process in _family(pid):
        try:
            status = (Path("/proc") / str(process) / "status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total


class Participant:
    """One browser: a session cookie, a CSRF cookie, one WebSocket to one process."""

    def __init__(self, index: int, port: int, session: str) -> None:
        self.index, self.port = index, port
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}"
        self.messages = 0
        self.bytes = 0
        self.revision = -1
        self.cards: set[bytes] = set()  # the texts of the cards on the board shown
        self.arrivals: list[tuple[float, int]] = []  # (time, revision) of each board received
        self.closed = ""

    async def connect(self, path: str, revision: int) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: http://127.0.0.1:{self.port}\r\nCookie: {self.cookie}\r\n\r\n"
            ).encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"participant {self.index}: {head[:80]!r}")
        self.send_json({"type": "sync", "revision": revision})
        self.listening = asyncio.create_task(self.listen())

    def send_json(self, data: dict) -> None:
        payload = json.dumps(data).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(header + mask + masked)

    async def frame(self) -> tuple[int, bool, bytes]:
        first, second = await self.reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return first & 0x0F, bool(first & 0x80), await self.reader.readexactly(length)

    async def listen(self) -> None:
        parts: list[bytes] = []
        try:
            while True:
                opcode, final, payload = await self.frame()
                if opcode == 0x9:  # ping
                    mask = os.urandom(4)
                    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                    self.writer.write(bytes([0x8A, 0x80 | len(payload)]) + mask + body)
                    continue
                if opcode == 0x8:
                    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                    self.closed = f"closed by the server ({code})"
                    return
                parts.append(payload)
                if not final:
                    continue
                payload = b"".join(parts)
                parts = []
                arrived = time.monotonic()
                self.messages += 1
                self.bytes += len(payload)
                # A board is not parsed as JSON (its revision leads the message, the card
                # texts are plain): the participants here cost little of the shared machine.
                board = BOARD_HEAD.match(payload)
                if board:
                    self.board(arrived, payload, int(board[1]), board[2] and int(board[2]))
                    continue
                message = json.loads(payload)
                if message.get("type") == "board":
                    self.board(arrived, payload, message["revision"], message.get("base"))
                elif message.get("type") == "current":
                    self.revision = message["revision"]
                    self.arrivals.append((arrived, self.revision))
        except (asyncio.IncompleteReadError, ConnectionError) as error:
            self.closed = f"connection lost ({error.__class__.__name__})"

    def board(self, arrived: float, payload: bytes, revision: int, base: int | None) -> None:
        """A board as board.js takes it: whole, or the cards changed since the board of
        revision `base` (the others named only); one on another base asks for the whole."""
        if base is not None and base != self.revision:
            self.send_json({"type": "sync", "revision": -1})
            return
        texts = set(CARD_TEXT.findall(payload))
        self.cards = texts if base is None else self.cards | texts
        self.revision = revision
        self.arrivals.append((arrived, revision))

    async def close(self) -> None:
        self.listening.cancel()
        self.writer.close()

    async def post(self, path: str, fields: dict) -> tuple[int, dict[str, str], float]:
        """A POST as board.js sends it: (status, headers, time the response arrived)."""
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **fields}).encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Origin: http://127.0.0.1:{self.port}\r\nCookie: {self.cookie}\r\n"
                "X-Board-Live: 1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            ).encode()
            + body
        )
        head = await reader.readuntil(b"\r\n\r\n")
        arrived = time.monotonic()
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        writer.close()
        return int(lines[0].split()[1]), headers, arrived


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def _session(ports: list[int], setup: dict, pids: list[int], card_ids) -> dict[str, float]:
    board = setup["board"]
    socket_path = f"/ws/boards/{board}/"
    page = f"/kommunen/{SLUG}/werkstatt/{board}/"
    people = [
        Participant(i, ports[i % len(ports)], session)
        for i, session in enumerate(setup["sessions"])
    ]
    # One page per process first, so templates and URLs are loaded before the "before" RSS.
    for port in ports:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{page}", headers={"Cookie": people[0].cookie}
        )
        assert urllib.request.urlopen(request, timeout=30).status == 200  # noqa: S310
    rss_before = sum(_rss_kb(pid) for pid in pids)
    cpu_before = [_cpu_seconds(pid) for pid in pids], time.process_time(), time.monotonic()

    gate = asyncio.Semaphore(20)  # as a room joining: not all handshakes in one instant

    async def join(person: Participant) -> None:
        async with gate:
            await person.connect(socket_path, setup["revision"])

    await asyncio.gather(*(join(person) for person in people))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(p.revision < 0 for p in people):
        await asyncio.sleep(0.05)
    connected = [p for p in people if p.revision >= 0]

    # (response time, revision, the card's text or "" for a dot or the phase switch, kind)
    posted: list[tuple[float, int, str, str]] = []
    failures: list[str] = []

    async def send(person: Participant, path: str, fields: dict, text: str, kind: str) -> None:
        status, headers, arrived = await person.post(path, fields)
        if status != 204 or "x-board-revision" not in headers:
            failures.append(f"{kind} {status} {headers.get('x-board-revision')}")
            return
        posted.append((arrived, int(headers["x-board-revision"]), text, kind))

    async def settle() -> None:
        final = max((revision for _, revision, _, _ in posted), default=setup["revision"])
        deadline = time.monotonic() + SETTLE
        while time.monotonic() < deadline and any(
            p.revision < final and not p.closed for p in people
        ):
            await asyncio.sleep(0.05)

    # The brainstorm: CARDS cards per participant, RATE posts a second over all of them.
    order = [person for person in connected for _ in range(CARDS)]
    random.Random(15).shuffle(order)
    start = time.monotonic()

    async def add(number: int, person: Participant) -> None:
        await asyncio.sleep(max(0.0, start + number / RATE - time.monotonic()))
        text = f"Idee {number} von Person {person.index}"
        fields = {"column": random.choice(setup["columns"]), "text": text, "category": "idea"}
        await send(person, page + "karten/", fields, text, "card")

    await asyncio.gather(*(add(n, person) for n, person in enumerate(order)))
    brainstorm = time.monotonic() - start
    await settle()

    # The vote: the facilitator switches the phase, then every participant gives DOTS dots
    # (the board's default of three, several on one card allowed) to cards of the board,
    # RATE posts a second; hidden until revealed, so the others' boards change little.
    cards = card_ids()
    await send(people[0], page + "phase/", {"phase": "vote", "version": setup["version"]},
               "", "phase")  # fmt: skip
    await settle()
    chooser = random.Random(16)
    ballots = [(person, chooser.choice(cards)) for person in connected for _ in range(DOTS)]
    chooser.shuffle(ballots)
    start = time.monotonic()

    async def dot(number: int, person: Participant, card: int) -> None:
        await asyncio.sleep(max(0.0, start + number / RATE - time.monotonic()))
        path = f"/kommunen/{SLUG}/werkstatt/karten/{card}/punkt/"
        await send(person, path, {}, "", "dot")

    await asyncio.gather(*(dot(n, person, card) for n, (person, card) in enumerate(ballots)))
    vote = time.monotonic() - start
    await settle()
    rss_after = sum(_rss_kb(pid) for pid in pids)
    took = time.monotonic() - cpu_before[2]
    servers = [_cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before[0], strict=True)]
    print(
        f"# CPU over the session's {took:.0f} s: servers "
        + ", ".join(f"{seconds / took:.0%}" for seconds in servers)
        + f" of a core each, these {len(people)} participants {(time.process_time() - cpu_before[1]) / took:.0%}"
    )

    latencies: dict[str, list[float]] = {"card": [], "dot": [], "phase": []}
    lost = 0
    for person in people:
        for answered, revision, text, kind in posted:
            if person.revision < revision or (text and text.encode() not in person.cards):
                lost += 1
                continue
            arrival = next(t for t, r in person.arrivals if r >= revision)
            latencies[kind].append(max(0.0, arrival - answered) * 1000)
    every = [value for values in latencies.values() for value in values]
    for person in people:
        if person.closed:
            print(f"# participant {person.index}: {person.closed}")
        await person.close()
    if failures:
        print(f"# {len(failures)} posts failed: {sorted(set(failures))[:5]}")
    counted = {kind: sum(1 for *_, k in posted if k == kind) for kind in latencies}
    print(
        f"# {len(connected)} participants, {counted['card']} cards in {brainstorm:.1f} s and "
        f"{counted['dot']} dots in {vote:.1f} s ({RATE:g}/s), final revision "
        f"{max((r for _, r, _, _ in posted), default=0)}, "
        f"{sum(p.bytes for p in people) / max(1, sum(p.messages for p in people)) / 1024:.1f} kB a message"
    )
    for kind in ("card", "dot"):
        if latencies[kind]:
            print(
                f"# {kind}s alone: p50 {statistics.median(latencies[kind]):.1f} ms, "
                f"p95 {_percentile(latencies[kind], 0.95):.1f} ms"
            )
    return {
        "clients": len(connected),
        "messages": sum(p.messages for p in people),
        "lost_messages": lost + len(failures) * len(people),
        "broadcast_p50_ms": statistics.median(every) if every else float("nan"),
        "broadcast_p95_ms": _percentile(every, 0.95) if every else float("nan"),
        "rss_mb_per_100_clients": (rss_after - rss_before) / 1024 / max(1, len(connected)) * 100,
    }


def _run(directory: Path, prefix: str, processes: int, redis_url: str, sessions: list) -> None:
    servers = AppServers(directory, redis_url=redis_url)
    try:
        setup = {**_shell(servers, BOARD), "sessions": sessions}
        ports = [free_port() for _ in range(processes)]
        for port in ports:
            servers.start(port)
        pids = [servers.processes[port].pid for port in ports]
        figures = asyncio.run(
            _session(ports, setup, pids, lambda: _shell(servers, CARD_IDS, board=setup["board"]))
        )
    finally:
        servers.stop_all()
    for name, value in figures.items():
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        print(f"{prefix}_{name}: {shown}")


def board_figures() -> None:
    from schreibwerkstatt.core.tests.test_fault_redis import OwnRedis  # needs Django set up

    directory = Path(tempfile.mkdtemp(prefix="sw-board-bench-"))
    try:
        servers = AppServers(directory)
        servers.set_up()  # migrated, static files collected, the municipality and facilitator
        sessions = _shell(servers, PEOPLE)
        print(f"# load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if shutil.which("redis-server") is None:
            print("# board: redis-server is missing, the two-process session is not measured")
        else:
            redis = OwnRedis()
            redis.start()
            try:
                _run(directory, "board", 2, redis.url, sessions)
            finally:
                redis.stop()
        _run(directory, "board_embedded", 1, "", sessions)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="sw-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schreibwerkstatt.settings")
    import django

    django.setup()
    board_figures()
