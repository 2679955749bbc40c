"""A Redis cache that degrades instead of failing (settings.CACHES when REDIS_URL is set).

Redis holds nothing here that the database does not also hold: sessions are `cached_db`
(the database is the record, Redis the fast copy), and the other users (roadmap charts)
only remember what they can compute again. So when Redis cannot be reached, every read is
a miss and every write is dropped, with one warning in the log, instead of a 500. See
docs/operations.md, "Redis outage".

- Short socket timeouts (settings) keep a dead or unreachable Redis from stalling requests.
- After a failure the cache is skipped for `RETRY_AFTER` seconds (a small circuit breaker),
  so a request with many cache calls waits for at most one timeout.
- A write or delete lost during an outage could leave an outdated copy in Redis (a session
  that was logged out meanwhile, say). So when Redis answers again after lost writes, this
  process removes every key under the cache's KEY_PREFIX before it uses the cache again.
- `ping()` asks Redis directly, for the health check (jobs/health.py).
"""

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Connection refused, reset, unreachable and timeouts; a wrong command still raises.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds without trying after a failure (OPTIONS "retry_after")


class _Outage:
    """State shared by all threads of a process for one Redis location."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0  # time.monotonic() before which Redis is not tried
        self.lost_writes = False  # a write or delete was dropped since the last clean-up


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage())


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(
        self,
        servers: list[str],
        *,
        key_prefix: str = "",
        retry_after: float = RETRY_AFTER,
        **options: Any,
    ) -> None:
        super().__init__(servers, **options)
        self._outage = _outage_for(",".join(servers))
        self._key_prefix = key_prefix
        self._retry_after = retry_after

    def _guard(self, name: str, default: T, call: Callable[[], T], *, write: bool = False) -> T:
        outage = self._outage
        if time.monotonic() < outage.down_until:
            outage.lost_writes = outage.lost_writes or write
            return default
        try:
            if outage.lost_writes:
                self._forget_possibly_outdated_keys()
            return call()
        except UNAVAILABLE as error:
            with outage.lock:
                first = time.monotonic() >= outage.down_until
                outage.down_until = time.monotonic() + self._retry_after
                outage.lost_writes = outage.lost_writes or write
            if first:
                logger.warning(
                    "Redis cache unreachable (%s: %s); working without it for now.",
                    name,
                    type(error).__name__,
                )
            return default

    def _forget_possibly_outdated_keys(self) -> None:
        """Delete the keys this cache owns, once Redis is back after lost writes."""
        client = self.get_client(write=True)
        pattern = f"{self._key_prefix}:*" if self._key_prefix else "*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
        self._outage.lost_writes = False
        logger.warning("Redis cache reachable again; removed keys that may be outdated.")

    def ping(self) -> bool:
        """True when Redis answers now (not guarded: the health check wants to know)."""
        try:
            return bool(self.get_client(write=True).ping())
        except UNAVAILABLE:
            return False

    # Each operation as Django's client does it, with what a miss or a dropped write returns.
    def add(self, key, value, timeout):
        call = partial(RedisCacheClient.add, self, key, value, timeout)
        return self._guard("add", False, call, write=True)

    def get(self, key, default):
        return self._guard("get", default, partial(RedisCacheClient.get, self, key, default))

    def set(self, key, value, timeout):
        call = partial(RedisCacheClient.set, self, key, value, timeout)
        self._guard("set", None, call, write=True)

    def touch(self, key, timeout):
        call = partial(RedisCacheClient.touch, self, key, timeout)
        return self._guard("touch", False, call, write=True)

    def delete(self, key):
        call = partial(RedisCacheClient.delete, self, key)
        return self._guard("delete", False, call, write=True)

    def get_many(self, keys):
        return self._guard("get_many", {}, partial(RedisCacheClient.get_many, self, keys))

    def has_key(self, key):
        return self._guard("has_key", False, partial(RedisCacheClient.has_key, self, key))

    def incr(self, key, delta):
        missing = object()
        call = partial(RedisCacheClient.incr, self, key, delta)
        value = self._guard("incr", missing, call, write=True)
        if value is missing:  # as if the key were not there, which Django reports so
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout):
        call = partial(RedisCacheClient.set_many, self, data, timeout)
        self._guard("set_many", None, call, write=True)

    def delete_many(self, keys):
        call = partial(RedisCacheClient.delete_many, self, keys)
        self._guard("delete_many", None, call, write=True)

    def clear(self):
        return self._guard("clear", False, partial(RedisCacheClient.clear, self), write=True)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose reads miss and writes are dropped while Redis is away."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
        self._options = {**self._options, "key_prefix": self.key_prefix}

    def ping(self) -> bool:
        return self._cache.ping()
