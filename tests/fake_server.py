"""A fake OpenAI-compatible server on 127.0.0.1 for the batch benchmark and fault tests.

Answers every chat completion with a valid, empty draft after a fixed delay.
With faults, the first request for each article fails in turn with a 429
(Retry-After), a 500, a timeout or malformed JSON; the next one succeeds.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VALID = json.dumps({"summary": "Nothing to report.", "actors": [], "acquisitions": [], "stances": []})
FAULTS = ("429", "500", "timeout", "malformed")


class FakeOpenAI(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, delay: float = 0.0, faults: bool = False, hang: float = 5.0, answers: list[str] = ()):
        super().__init__(("127.0.0.1", 0), Handler)
        self.delay, self.faults, self.hang = delay, faults, hang
        # the n-th request for an article's pass gets the n-th answer (the last repeats)
        self.answers = list(answers) or [VALID]
        self.requests = Counter()  # article and pass -> requests seen
        self.completed = Counter()  # article and pass -> valid answers sent
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def plan(self, body: dict) -> tuple[str, str]:
        key = article_key(body)
        with self.lock:
            self.requests[key] += 1
            seen = self.requests[key]
        if self.faults and seen == 1:
            return key, FAULTS[int(key[:8], 16) % len(FAULTS)]
        return key, "ok"


    def answer(self, key: str) -> str:
        with self.lock:
            return self.answers[min(self.requests[key], len(self.answers)) - 1]


def article_key(body: dict) -> str:
    articles = [m["content"] for m in body["messages"] if m["role"] == "user" and m["content"].startswith("Article")]
    return hashlib.sha256(articles[-1].encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.reply(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        key, outcome = self.server.plan(body)
        time.sleep(self.server.delay)
        if outcome == "429":
            return self.reply(429, {"error": {"message": "slow down"}}, {"Retry-After": "0.1"})
        if outcome == "500":
            return self.reply(500, {"error": {"message": "boom"}})
        if outcome == "timeout":
            time.sleep(self.server.hang)
            return self.reply(200, completion(VALID))
        content = "{ this is not json" if outcome == "malformed" else self.server.answer(key)
        if outcome == "ok":
            with self.server.lock:
                self.server.completed[key] += 1
        self.reply(200, completion(content))

    def reply(self, status: int, payload: dict, headers: dict | None = None):
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def completion(content: str) -> dict:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


if __name__ == "__main__":
    server = FakeOpenAI(delay=float(sys.argv[1]) if len(sys.argv) > 1 else 0.5)
    print(server.base_url, flush=True)
    server.serve_forever()
