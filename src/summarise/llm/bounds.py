"""Bounds on every answer, whatever the server does: a total time, a size, and a stop.

httpx's timeout applies to each read, so an answer that trickles in a byte a second never times
out, and nothing bounds its size. Event hooks on the HTTP client wrap every response body (plain
or streamed, direct or through a proxy) in a reader that ends it at the request's total time
limit, past the size limit, or at once when the run is stopped.
"""

from __future__ import annotations

import time
from typing import Iterator

import httpx2
import openai

STARTED = "summarise.started"
from .stop import stopping


class AnswerBoundExceeded(openai.OpenAIError):
    """An answer ran past a bound. An OpenAIError, so the SDK passes it on as it is, never retried."""


class AnswerTooSlow(AnswerBoundExceeded):
    pass


class AnswerTooLarge(AnswerBoundExceeded):
    pass


class RunStopped(AnswerBoundExceeded):
    pass


def bound_hooks(total_seconds: float, max_bytes: int) -> dict[str, list]:
    """httpx event hooks that bound every response of a client."""

    def on_request(request: httpx2.Request) -> None:
        if stopping.is_set():
            raise RunStopped("the run was stopped")
        request.extensions = {**request.extensions, STARTED: time.monotonic()}

    def on_response(response: httpx2.Response) -> None:
        started = response.request.extensions.get(STARTED, time.monotonic())
        response.stream = BoundedStream(response.stream, started + total_seconds, total_seconds, max_bytes)

    return {"request": [on_request], "response": [on_response]}


class BoundedStream(httpx2.SyncByteStream):
    def __init__(self, inner: httpx2.SyncByteStream, deadline: float, total_seconds: float, max_bytes: int):
        self.inner, self.deadline, self.total_seconds, self.max_bytes = inner, deadline, total_seconds, max_bytes

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self.inner:
            received += len(chunk)
            if stopping.is_set():
                raise RunStopped("the run was stopped")
            if received > self.max_bytes:
                raise AnswerTooLarge(f"the answer passed the size limit of {self.max_bytes:,} bytes")
            if time.monotonic() > self.deadline:
                raise AnswerTooSlow(f"the answer took longer than the time limit of {self.total_seconds:g} s")
            yield chunk

    def close(self) -> None:
        self.inner.close()
