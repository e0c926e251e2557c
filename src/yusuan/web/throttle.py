"""Who the client is (its address, through trusted reverse proxies) and a token bucket per
client address for the costly anonymous reads: exports, downloads and statistics (a CSV of
everything took 6.9 s, an uncached PDF ≈ 3 s of CPU), kept in the database so that every
server process counts a client's requests together."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from fastapi import Request

from yusuan.web.counters import Count, Counters
from yusuan.web.db import User
from yusuan.web.errors import TooManyRequests
from yusuan.web.settings import Settings

#: what an anonymous request costs of its client's bucket
COST_EXPORT = 10.0
COST_PDF = 5.0
COST_DOWNLOAD = 1.0
COST_STATS = 1.0
#: full buckets are deleted every this many requests
_PRUNE_EVERY = 100


def client_address(request: Request) -> str:
    """The client's address: the peer's, or — when the peer is a trusted reverse proxy — the
    nearest address in ``X-Forwarded-For`` that is not itself a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    settings: Settings = request.app.state.settings
    trusted = settings.trusted_proxies
    if peer not in trusted:
        return peer
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            return address[:64]
    return peer


class TokenBucket:
    """``capacity`` units per key, refilled at ``rate`` units a second; a request takes its
    cost or is told how long to wait. ``capacity`` 0 turns the limit off. Kept in the
    database (:mod:`yusuan.web.counters`): every server process takes from the same bucket."""

    def __init__(
        self,
        counters: Counters,
        capacity: float,
        rate: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.counters = counters
        self.capacity = capacity
        self.rate = rate
        self.clock = clock
        self._taken = itertools.count()

    def take(self, key: str, cost: float) -> int:
        """0 when taken; otherwise the seconds until the bucket holds ``cost`` again."""
        if self.capacity <= 0:
            return 0
        now = self.clock()
        cost = min(cost, self.capacity)

        def step(found: Count) -> tuple[Count, int]:
            units = min(self.capacity, found.value + max(0.0, now - found.last) * self.rate)
            if units >= cost:
                return Count(units - cost, now), 0
            wait = 3600 if self.rate <= 0 else int((cost - units) / self.rate) + 1
            return Count(units, now), wait

        wait: int = self.counters.change(key, Count(self.capacity, now), step)
        if self.rate > 0 and next(self._taken) % _PRUNE_EVERY == 0:
            self.counters.prune(now - self.capacity / self.rate)  # full again: no row needed
        return wait


def spend(request: Request, user: User | None, cost: float) -> None:
    """An anonymous request's cost taken from its client's bucket; :class:`TooManyRequests`
    (429, ``Retry-After``) when it is empty. Signed-in users and API tokens are not limited."""
    if user is not None:
        return
    bucket: TokenBucket = request.app.state.throttle
    wait = bucket.take(client_address(request), cost)
    if wait:
        raise TooManyRequests(
            f"请求过于频繁：匿名的导出、下载和统计按访问地址限制频率，请 {wait} 秒后再试"
            "（登录后不受此限）。",
            wait,
        )
