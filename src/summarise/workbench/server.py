"""`summarise review OUT --serve`: the review page as a small local web app that records decisions.

It listens on 127.0.0.1 only, and every request must carry the run's token: in the address the page is
opened at (`/?token=…`), then in a header of every write. It serves the page and takes decisions, nothing
else: no path maps to a file, so nothing outside OUT (or inside it) can be fetched. Writes are POSTs of
JSON with the token header, which a page of another origin cannot send without the browser asking first;
a request naming another host (DNS rebinding) is refused. Each decision is on disk before the answer
(decisions.py). The page keeps its Content-Security-Policy, allowing requests to this server alone.
"""

from __future__ import annotations

import getpass
import hmac
import json
import secrets
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..outputs.decisions import (NotADecision, append_decision, checked_decision, item_states,
                                 read_decisions)
from ..outputs.found import NotAnOutput, output_named, read_outputs
from .review import review_page
from ..outputs.store import record_decision

HOST = "127.0.0.1"
MAX_BODY_BYTES = 64 * 1024
TOKEN_HEADER = "X-Summarise-Token"
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store", "X-Frame-Options": "DENY"}


@dataclass
class Workbench:
    out: Path
    db_path: Path
    who: str = field(default_factory=getpass.getuser)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self) -> str:
        outputs, _ = read_outputs(self.out)
        decisions, _ = read_decisions(self.out)
        return review_page(outputs, decisions, self.token)

    def decide(self, raw: object) -> dict:
        """A decision from the page, checked, written to OUT/decisions.jsonl and the store; the item's state."""
        if not isinstance(raw, dict):
            raise NotADecision("not an object")
        decision = checked_decision({**raw, "who": self.who})
        try:
            output = output_named(self.out, decision.article_id)  # that article's files only, never all of OUT
        except NotAnOutput as e:
            raise NotADecision(f"no summary of that article in OUT ({e})") from e
        with self.lock:
            append_decision(self.out, decision)
            decisions, _ = read_decisions(self.out)
            record_decision(self.db_path, decision, len(decisions))
        state = item_states(decision.article_id, output.record, decisions).get(decision.item)
        return {"verdict": state.verdict if state else None, "corrected": bool(state and state.corrections),
                "stale": bool(state and state.stale)}

    def allows(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.token.encode())


def serve(workbench: Workbench, port: int = 0) -> ThreadingHTTPServer:
    """The server, bound and ready; `serve_forever()` runs it. Port 0 picks a free one."""
    server = ThreadingHTTPServer((HOST, port), handler_for(workbench))
    server.daemon_threads = True
    return server


def address(server: ThreadingHTTPServer, workbench: Workbench) -> str:
    return f"http://{HOST}:{server.server_address[1]}/?token={workbench.token}"


def handler_for(workbench: Workbench) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "summarise-review"
        sys_version = ""

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if not self.from_this_host() or url.path != "/":
                return self.answer(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
            if not workbench.allows(parse_qs(url.query).get("token", [None])[0]):
                return self.answer(HTTPStatus.FORBIDDEN, "text/plain", b"open the address the command printed")
            self.answer(HTTPStatus.OK, "text/html; charset=utf-8", workbench.page().encode("utf-8"))

        def do_POST(self) -> None:
            if not self.from_this_host() or urlsplit(self.path).path != "/decide":
                return self.answer(HTTPStatus.NOT_FOUND, "text/plain", b"not found")
            if not workbench.allows(self.headers.get(TOKEN_HEADER)):
                return self.answer(HTTPStatus.FORBIDDEN, "text/plain", b"no token")
            if self.headers.get_content_type() != "application/json":
                return self.answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "text/plain", b"send JSON")
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY_BYTES:
                return self.answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "text/plain", b"too large")
            try:
                state = workbench.decide(json.loads(self.rfile.read(length)))
            except (NotADecision, ValueError, RecursionError) as e:
                return self.answer(HTTPStatus.BAD_REQUEST, "text/plain", str(e).encode("utf-8"))
            self.answer(HTTPStatus.OK, "application/json", json.dumps(state).encode("utf-8"))

        def from_this_host(self) -> bool:
            return self.headers.get("Host", "") in (f"{HOST}:{self.server.server_address[1]}",
                                                    f"localhost:{self.server.server_address[1]}")

        def answer(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # the token is in the address: never logged
            pass

    return Handler


