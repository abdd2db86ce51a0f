"""Reading one HTTP request within its limits: the request line, at most MAX_HEADERS headers of at most
MAX_HEADER_BYTES in all, a body of at most MAX_BODY bytes given by Content-Length; one Host header."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from graph.serve.answer import MAX_BODY

MAX_LINE = 16 * 1024  # request line (a GET query longer than this must be POSTed)
MAX_HEADERS = 64
MAX_HEADER_BYTES = 32 * 1024
MAX_CONNECTIONS = 1024
REQUEST_DEADLINE = 10.0  # seconds to send the whole request


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""
    hosts: list[str] = field(default_factory=list)

    @property
    def accept(self) -> str | None:
        return self.headers.get("accept")


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """The request, within the size limits; None when the client closed before sending anything."""
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise Refused(400, "the request ended early") from None
    except asyncio.LimitOverrunError:
        raise Refused(414, f"request line over {MAX_LINE} bytes; POST long queries to /sparql") from None
    parts = line.decode("latin-1").strip().split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise Refused(400, "malformed request line")
    headers: dict[str, str] = {}
    hosts: list[str] = []
    total = 0
    while True:
        try:
            h = await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError:
            raise Refused(431, "a header line is too long") from None
        total += len(h)
        if total > MAX_HEADER_BYTES or len(headers) > MAX_HEADERS:
            raise Refused(431, f"over {MAX_HEADERS} headers or {MAX_HEADER_BYTES} bytes of headers")
        text = h.decode("latin-1").strip()
        if not text:
            break
        name, sep, value = text.partition(":")
        if not sep or not name.strip() or name != name.strip():
            raise Refused(400, "malformed header line")
        key = name.lower()
        if key == "host":
            hosts.append(value.strip())
        headers[key] = value.strip()
    req = Request(parts[0].upper(), parts[1], headers, hosts=hosts)
    if len(hosts) > 1:
        raise Refused(400, "more than one Host header")
    if "transfer-encoding" in headers:
        raise Refused(411, "send a Content-Length; chunked requests are not accepted")
    if "content-length" in headers:
        try:
            length = int(headers["content-length"])
        except ValueError:
            raise Refused(400, "bad Content-Length") from None
        if length < 0 or length > MAX_BODY:
            raise Refused(413, f"request body over {MAX_BODY} bytes; send a shorter query")
        req.body = await reader.readexactly(length)
    return req
