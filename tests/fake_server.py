"""A fake OpenAI-compatible server on 127.0.0.1 for the batch benchmark and fault tests.

Answers every chat completion with a valid, empty draft after a fixed delay.
With faults, the first request for each article fails in turn with a 429
(Retry-After), a 500, a timeout or malformed JSON; the next one succeeds.
With a mode, every request misbehaves the same way (see MODES).
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from collections import Counter
from email.parser import BytesParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VALID = json.dumps({"summary": "Nothing to report.", "actors": [], "acquisitions": [], "stances": []})
FAULTS = ("429", "500", "timeout", "malformed")
MODES = {
    "ok": "answers",
    "stall": "sends nothing for an hour",
    "trickle": "sends a valid answer a byte every 0.2 s",
    "500": "answers 500 to every request",
    "garbage": "answers 200 with an HTML page",
    "huge": "answers 200 with a 40 MB answer",
    "echo-key": "answers 400 with the request's Authorization header in its body",
}


class BatchApi:
    """The files and batches endpoints of the OpenAI Batch API, answering each line like a chat request."""

    def add_file(self, data: bytes) -> dict:
        with self.lock:
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = data
        return {"id": file_id, "object": "file", "bytes": len(data), "created_at": 0, "filename": "requests.jsonl",
                "purpose": "batch", "status": "processed"}

    def create_batch(self, request: dict) -> dict:
        with self.lock:
            batch_id = f"batch-{len(self.batches) + 1}"
            lines = [json.loads(line) for line in self.files[request["input_file_id"]].splitlines() if line.strip()]
            self.batches[batch_id] = {"id": batch_id, "input_file_id": request["input_file_id"], "lines": lines,
                                      "polls": 0, "status": "validating"}
        return self.batch_object(batch_id)

    def poll_batch(self, batch_id: str) -> dict:
        with self.lock:
            batch = self.batches[batch_id]
            batch["polls"] += 1
            if batch["status"] != "completed" and not self.hold_batches:
                batch["status"] = "in_progress"
                if batch["polls"] >= self.polls_to_complete:
                    self.finish_batch(batch)
        return self.batch_object(batch_id)

    def finish_batch(self, batch: dict) -> None:
        output, errors = [], []
        for number, line in enumerate(batch["lines"]):
            if number < self.failing_lines:
                errors.append({"id": f"r{number}", "custom_id": line["custom_id"], "response": {
                    "status_code": 500, "body": {"error": {"message": "server error"}}}, "error": None})
                continue
            key = article_key(line["body"])
            self.requests[key] += 1
            self.completed[key] += 1
            self.answered_in_batches += 1
            content = self.answers[min(self.requests[key], len(self.answers)) - 1]
            output.append({"id": f"r{number}", "custom_id": line["custom_id"],
                           "response": {"status_code": 200, "body": completion(content)}, "error": None})
        batch["output_file_id"] = self.add_jsonl(output)
        batch["error_file_id"] = self.add_jsonl(errors) if errors else None
        batch["status"] = "completed"
        self.failing_lines = 0  # only the first batch has failing lines

    def add_jsonl(self, lines: list[dict]) -> str:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = "".join(json.dumps(line) + "\n" for line in lines).encode()
        return file_id

    def batch_object(self, batch_id: str) -> dict:
        batch = self.batches[batch_id]
        total = len(batch["lines"])
        done = total if batch["status"] == "completed" else 0
        return {"id": batch_id, "object": "batch", "endpoint": "/v1/chat/completions", "completion_window": "24h",
                "created_at": 0, "input_file_id": batch["input_file_id"], "status": batch["status"],
                "output_file_id": batch.get("output_file_id"), "error_file_id": batch.get("error_file_id"),
                "request_counts": {"total": total, "completed": done, "failed": 0}}


def uploaded_file(content_type: str, data: bytes) -> bytes:
    """The file part of a multipart/form-data upload."""
    message = BytesParser(policy=default).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + data)
    for part in message.iter_parts():
        if part.get_filename():
            return part.get_payload(decode=True)
    raise ValueError("no file in the upload")


class FakeOpenAI(ThreadingHTTPServer, BatchApi):
    daemon_threads = True

    def __init__(self, delay: float = 0.0, faults: bool = False, hang: float = 5.0, answers: list[str] = (),
                 mode: str = "ok"):
        super().__init__(("127.0.0.1", 0), Handler)
        self.delay, self.faults, self.hang, self.mode = delay, faults, hang, mode
        # the n-th request for an article's pass gets the n-th answer (the last repeats)
        self.answers = list(answers) or [VALID]
        self.requests = Counter()  # article and pass -> requests seen
        self.completed = Counter()  # article and pass -> valid answers sent
        self.lock = threading.Lock()
        # The Batch API: files by id, batches by id; a batch completes on its `polls_to_complete`-th poll
        # unless held, and its first `failing_lines` lines fail.
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.polls_to_complete, self.hold_batches, self.failing_lines = 2, False, 0
        self.answered_in_batches = 0
        self.poll_faults, self.polls_not_a_batch = 0, False  # polls answered 503; polls answered with a non-batch
        self.seen: list[tuple[str, str | None]] = []  # each chat request's path and Authorization header
        self.in_flight = self.most_in_flight = 0  # chat requests being answered at once, and the most there were

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
    return hashlib.sha256((articles[-1] if articles else json.dumps(body["messages"])).encode()).hexdigest()


class Handler(BaseHTTPRequestHandler):
    server: FakeOpenAI

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/v1/batches/"):
            if self.server.poll_faults > 0:
                self.server.poll_faults -= 1
                return self.reply(503, {"error": {"message": "busy"}}, {"Retry-After": "0.01"})
            if self.server.polls_not_a_batch:
                return self.reply(200, {"object": "list", "data": []})
            return self.reply(200, self.server.poll_batch(self.path.rsplit("/", 1)[1]))
        if self.path.startswith("/v1/files/") and self.path.endswith("/content"):
            file_id = self.path.split("/")[3]
            return self.reply(200, self.server.files[file_id], content_type="application/octet-stream")
        self.reply(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})

    def do_POST(self):
        data = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/v1/files":
            return self.reply(200, self.server.add_file(uploaded_file(self.headers["Content-Type"], data)))
        if self.path == "/v1/batches":
            return self.reply(200, self.server.create_batch(json.loads(data)))
        body = json.loads(data)
        self.server.seen.append((self.path, self.headers.get("Authorization")))
        with self.server.lock:
            self.server.in_flight += 1
            self.server.most_in_flight = max(self.server.most_in_flight, self.server.in_flight)
        try:
            self.answer_chat(body)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def answer_chat(self, body: dict):
        key, outcome = self.server.plan(body)
        time.sleep(self.server.delay)
        if self.server.mode != "ok":
            return self.misbehave(self.server.mode)
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

    def misbehave(self, mode: str):
        if mode == "stall":
            return time.sleep(3600)
        if mode == "500":
            return self.reply(500, {"error": {"message": "boom"}})
        if mode == "echo-key":
            return self.reply(400, {"error": {"message": f"bad request from {self.headers['Authorization']}"}})
        if mode == "garbage":
            return self.reply(200, b"<html><body>Service temporarily unavailable</body></html>",
                              content_type="text/html")
        data = json.dumps(completion(VALID)).encode()
        if mode == "huge":
            data = json.dumps(completion(" " * 40_000_000 + VALID)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            if mode == "trickle":
                for i in range(len(data)):
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def reply(self, status: int, payload: dict | bytes, headers: dict | None = None,
              content_type: str = "application/json"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
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
