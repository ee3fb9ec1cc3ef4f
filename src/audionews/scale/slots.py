"""At most N batches calling an online voice at once across every worker (Celery's rate limits
count per worker): a Redis sorted set of leases."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from typing import Any

SLOTS_KEY = "audionews:online-slots:"


class SharedSlots:
    """At most `limit` holders at once: token -> when taken, by the Redis clock. A lease older
    than `lease_s` belongs to a worker that died holding it and is dropped."""

    def __init__(self, client: Any, name: str, limit: int, lease_s: float) -> None:
        self.client, self.key, self.limit, self.lease_s = client, SLOTS_KEY + name, limit, lease_s

    @contextlib.contextmanager
    def held(self, poll_s: float = 0.1) -> Iterator[None]:
        token = uuid.uuid4().hex
        take = self.client.register_script(_TAKE_SLOT)
        while not take(keys=[self.key], args=[token, self.limit, self.lease_s]):
            time.sleep(poll_s * (1 + uuid.uuid4().int % 100 / 100))  # jitter: waiters do not move in step
        try:
            yield
        finally:
            self.client.zrem(self.key, token)


# One atomic step on the Redis server (a script runs alone): drop dead leases, then take a slot
# if one is free. Reading the count and adding in two steps would let two waiters both take it.
_TAKE_SLOT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  return 1
end
return 0
"""
