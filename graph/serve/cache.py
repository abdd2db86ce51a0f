"""Answers kept for repeats: the store is read-only while the server runs, so the same query asked
with the same Accept header always has the same answer. Least recently used answers go first once the
byte budget is spent; identical queries asked at the same time run once (the others wait for it)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from graph.serve.answer import Answer

Key = tuple[str, str, str]


class AnswerCache:
    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_entry: int = 4 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.size = 0
        self.hits = 0
        self._items: OrderedDict[Key, Answer] = OrderedDict()
        self._running: dict[Key, asyncio.Future[Answer]] = {}

    def get(self, key: Key) -> Answer | None:
        a = self._items.get(key)
        if a is not None:
            self._items.move_to_end(key)
            self.hits += 1
        return a

    def put(self, key: Key, a: Answer) -> None:
        n = len(a[2]) + len(key[1])
        if a[0] != 200 or n > self.max_entry or n > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= len(old[2]) + len(key[1])
        self._items[key] = a
        self.size += n
        while self.size > self.max_bytes:
            k, v = self._items.popitem(last=False)
            self.size -= len(v[2]) + len(k[1])

    async def answer(self, key: Key, compute: Callable[[], Awaitable[Answer]]) -> Answer:
        """The cached answer, the answer of the same query already running, or a new one."""
        if self.max_bytes <= 0:
            return await compute()
        hit = self.get(key)
        if hit is not None:
            return hit
        fut = self._running.get(key)
        if fut is None:
            fut = asyncio.ensure_future(compute())
            self._running[key] = fut

            def done(f: asyncio.Future[Answer]) -> None:
                self._running.pop(key, None)
                if not f.cancelled() and f.exception() is None:
                    self.put(key, f.result())

            fut.add_done_callback(done)
        return await asyncio.shield(fut)
