"""The endpoint's answer cache: repeats answered from memory, failures never kept, the byte budget
holds (least recently used first out), identical queries asked together run once."""

from __future__ import annotations

import asyncio

from graph.serve.cache import AnswerCache


def ok(body: bytes) -> tuple[int, str, bytes]:
    return 200, "text/csv", body


def test_budget_and_failures() -> None:
    c = AnswerCache(max_bytes=100, max_entry=60)
    c.put(("query", "a", ""), ok(b"x" * 40))
    c.put(("query", "b", ""), ok(b"y" * 40))
    assert c.get(("query", "a", "")) is not None  # a is now the most recently used
    c.put(("query", "c", ""), ok(b"z" * 40))  # over 100 bytes: b goes first
    assert c.get(("query", "b", "")) is None
    assert c.get(("query", "a", "")) == ok(b"x" * 40) and c.get(("query", "c", "")) == ok(b"z" * 40)
    assert c.size <= 100
    c.put(("query", "d", ""), ok(b"w" * 70))  # larger than one entry may be
    c.put(("query", "e", ""), (503, "text/plain", b"timed out"))
    assert c.get(("query", "d", "")) is None and c.get(("query", "e", "")) is None


def test_identical_queries_asked_together_run_once_and_accept_is_part_of_the_key() -> None:
    runs: list[str] = []

    async def main() -> list[tuple[int, str, bytes]]:
        c = AnswerCache()

        def compute(accept: str):
            async def run() -> tuple[int, str, bytes]:
                runs.append(accept)
                await asyncio.sleep(0.05)
                return ok(accept.encode())

            return run

        same = [c.answer(("query", "q", "text/csv"), compute("text/csv")) for _ in range(20)]
        other = c.answer(("query", "q", "text/tab-separated-values"), compute("text/tab-separated-values"))
        out = await asyncio.gather(*same, other)
        again = await c.answer(("query", "q", "text/csv"), compute("text/csv"))
        return [*out, again]

    out = asyncio.run(main())
    assert runs == ["text/csv", "text/tab-separated-values"]
    assert {a[2] for a in out[:20]} == {b"text/csv"} and out[20][2] == b"text/tab-separated-values"
    assert out[21] == ok(b"text/csv")


def test_no_cache_when_the_budget_is_zero() -> None:
    runs = []

    async def main() -> None:
        c = AnswerCache(max_bytes=0)

        async def run() -> tuple[int, str, bytes]:
            runs.append(1)
            return ok(b"a")

        for _ in range(3):
            await c.answer(("query", "q", ""), run)

    asyncio.run(main())
    assert len(runs) == 3
