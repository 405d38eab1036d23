"""Requests answered elsewhere, later: a provider's Batch API, or `vllm run-batch` on a cluster.

A run in rounds asks each article for its next request without sending it: the first attempt of a
call whose answer is not in hand raises AnswerNeeded with the request. Once the answers are back
they are kept by request (response_cache.py), and the next round finds them there, so every answer
goes through the same grounding, validation and normalisation as an ordinary one. Re-asks (an
answer that failed validation) and requests whose batch line failed are sent as ordinary requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHAT_COMPLETIONS = "/v1/chat/completions"


@dataclass(frozen=True)
class CallContext:
    """Which call a request is: what it asks for ("actors", all categories, "question") and its attempt (1,
    then re-asks). Passed down with the request; only a first attempt may be deferred."""

    task: str = ""
    attempt: int = 1


class AnswerNeeded(Exception):
    """Control flow, not a failure: this request must be answered before the article can go on."""

    def __init__(self, key: str, body: dict[str, Any], task: str):
        super().__init__(f"an answer is needed for the {task or 'extraction'} request {key[:12]}")
        self.key, self.body, self.task = key, body, task


@dataclass
class Deferral:
    """First attempts wait for a batch; these keys (their batch line failed) are sent at once instead."""

    send_now: set[str] = field(default_factory=set)


def wire_body(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The JSON body the request would carry, as a line of a batch file holds it."""
    body = {k: v for k, v in kwargs.items() if k not in ("extra_body", "stream", "timeout")}
    return {**body, **(kwargs.get("extra_body") or {})}


@dataclass(frozen=True)
class Needed:
    """One request an article waits for."""

    article_id: str
    key: str
    body: dict[str, Any]
    task: str

    @property
    def custom_id(self) -> str:
        return f"{self.article_id}#{self.task.replace(' ', '+') or 'all'}#{self.key[:12]}"

    def line(self) -> dict[str, Any]:
        return {"custom_id": self.custom_id, "method": "POST", "url": CHAT_COMPLETIONS, "body": self.body}
