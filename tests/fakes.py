"""A scripted OpenAI-compatible endpoint, in process: the real openai + instructor path, no network."""

from __future__ import annotations

import json
import threading
from typing import Callable, Iterable

import httpx2
import openai

from summarise.llm.client import LLM, CallSettings

from fake_server import completion


class ScriptedEndpoint:
    """Answers each chat request with the next scripted answer (the last one repeats)."""

    def __init__(self, answers: Iterable[str | dict | Callable[[dict], httpx2.Response]]):
        self.answers = list(answers)
        self.requests: list[dict] = []
        self._lock = threading.Lock()

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        with self._lock:
            self.requests.append(body)
            answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if callable(answer):
            return answer(body)
        content = answer if isinstance(answer, str) else json.dumps(answer)
        return httpx2.Response(200, json=completion(content))

    def llm(self, settings: CallSettings | None = None, model: str = "fake-model", streams: bool = False) -> LLM:
        client = openai.OpenAI(
            base_url="http://127.0.0.1:9/v1", api_key="test-key", max_retries=0,
            http_client=httpx2.Client(transport=httpx2.MockTransport(self)),
        )
        return LLM(client=client, model=model, endpoint="http://127.0.0.1:9/v1", model_label=model,
                   settings=settings or CallSettings(transient_attempts=3), streams=streams)


class TokenStream:
    """A streamed chat answer, one small piece per event, counting the pieces the client pulled."""

    def __init__(self, content: str, piece: int = 4, finish_reason: str = "stop"):
        self.pieces = [content[i:i + piece] for i in range(0, len(content), piece)]
        self.finish_reason = finish_reason
        self.pulled = 0

    def __call__(self, body: dict) -> httpx2.Response:
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=self._events())

    def _events(self):
        for piece in self.pieces:
            self.pulled += 1
            yield sse({"content": piece}, None)
        yield sse({}, self.finish_reason)
        yield b"data: [DONE]\n\n"


def sse(delta: dict, finish_reason: str | None) -> bytes:
    chunk = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": "fake",
             "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
    return f"data: {json.dumps(chunk)}\n\n".encode()
