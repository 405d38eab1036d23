"""Requests sent as batch files: a provider's Batch API, or files for `vllm run-batch`.

Each way is an Exchange: it takes the requests a round of articles needs, and puts their answers
in the answer store, where the articles find them next round. What was sent is recorded in
OUT/batch-requests.json (custom id -> request key, and every batch id) before any wait, so a
process killed while waiting resumes by polling the same batches, never by sending them again.
"""

from __future__ import annotations

import io
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import openai
from openai.types.chat import ChatCompletion

from ..errors import EndpointError, InputError
from ..outputs.output import atomic_write
from .client import LLM
from .deferred import CHAT_COMPLETIONS, Deferral, Needed
from .response_cache import ResponseCache

log = logging.getLogger(__name__)

STATE = "batch-requests.json"
# The OpenAI Batch API's limits on one input file.
MAX_REQUESTS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 200 * 1024 * 1024
DONE = {"completed", "failed", "expired", "cancelled"}


class Exchange(Protocol):
    """The LLM's answer store (response_cache) and deferral receive the answers."""

    def collect_pending(self, llm: LLM) -> None:
        """Answers of requests sent by an earlier run, before anything is sent again."""

    def exchange(self, needed: list[Needed], llm: LLM) -> bool:
        """Get these requests answered; False when the run must stop here (the requests went to a file)."""


@dataclass
class SentRequests:
    """OUT/batch-requests.json: what has been sent, so nothing is sent twice."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)  # custom id -> request key
    batches: list[dict] = field(default_factory=list)  # {"id", "custom_ids", "collected"}

    @classmethod
    def load(cls, out: Path) -> SentRequests:
        path = out / STATE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as e:
            raise InputError(str(path), f"cannot be read ({e}); move it away to start the batch over") from e
        return cls(path, raw.get("keys", {}), raw.get("batches", []))

    def save(self) -> None:
        atomic_write(self.path, json.dumps({"keys": self.keys, "batches": self.batches}, indent=1) + "\n")

    def pending(self) -> list[dict]:
        return [b for b in self.batches if not b.get("collected")]


def store_results(lines: list[dict], sent: SentRequests, answers: ResponseCache, deferral: Deferral) -> tuple[int, int]:
    """Answers of a results file into the store; the keys of failed lines are sent as ordinary requests."""
    stored = failed = 0
    for line in lines:
        key = sent.keys.get(line.get("custom_id", ""))
        if key is None:
            continue  # not a request of this run
        response = line.get("response") or {}
        if response.get("status_code") == 200 and not line.get("error"):
            try:
                answers.put(key, ChatCompletion.model_validate(response["body"]))
                stored += 1
                continue
            except (KeyError, ValueError) as e:
                log.warning("%s: answer is not a chat completion (%s)", line.get("custom_id"), e)
        deferral.send_now.add(key)
        failed += 1
    return stored, failed


def result_lines(text: str, source: str) -> list[dict]:
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            lines.append(json.loads(line))
        except ValueError as e:
            raise InputError(source, f"line {number} is not JSON ({e})") from e
    return lines


def split_files(needed: list[Needed], max_requests: int, max_bytes: int) -> list[tuple[list[Needed], bytes]]:
    """Batch files within the provider's limits on requests and bytes per file."""
    files: list[tuple[list[Needed], bytes]] = []
    current: list[Needed] = []
    data = io.BytesIO()
    for request in needed:
        line = (json.dumps(request.line(), ensure_ascii=False) + "\n").encode("utf-8")
        if len(line) > max_bytes:
            raise EndpointError(f"one request of {request.article_id} is {len(line):,} bytes, over the batch file "
                                f"limit of {max_bytes:,}")
        if current and (len(current) >= max_requests or data.tell() + len(line) > max_bytes):
            files.append((current, data.getvalue()))
            current, data = [], io.BytesIO()
        current.append(request)
        data.write(line)
    if current:
        files.append((current, data.getvalue()))
    return files


@dataclass
class RequestsFile:
    """--write-requests FILE: the round's requests as a batch file for `vllm run-batch`; the run stops."""

    path: Path
    out: Path

    def collect_pending(self, llm: LLM) -> None:
        pass

    def exchange(self, needed: list[Needed], llm: LLM) -> bool:
        sent = SentRequests.load(self.out)
        sent.keys.update({n.custom_id: n.key for n in needed})
        sent.save()
        atomic_write(self.path, "".join(json.dumps(n.line(), ensure_ascii=False) + "\n" for n in needed))
        return False


@dataclass
class ResultsFile:
    """--read-results FILE: answers from `vllm run-batch` (or a batch downloaded by hand), then on to `then`."""

    path: Path
    out: Path
    then: Exchange | None = None

    def collect_pending(self, llm: LLM) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(str(self.path), f"cannot be read ({e.strerror})") from e
        sent = SentRequests.load(self.out)
        stored, failed = store_results(result_lines(text, str(self.path)), sent, llm.response_cache, llm.deferral)
        log.warning("%s: %d answers read, %d failed lines to ask again", self.path, stored, failed)

    def exchange(self, needed: list[Needed], llm: LLM) -> bool:
        return self.then.exchange(needed, llm) if self.then else False


@dataclass
class BatchApi:
    """--batch-api: upload, create, poll with backoff, download, at the endpoint's Batch API."""

    out: Path
    max_requests: int = MAX_REQUESTS_PER_FILE
    max_bytes: int = MAX_BYTES_PER_FILE
    first_poll_s: float = 5.0
    max_poll_s: float = 60.0
    on_progress: Callable[[str], None] = lambda line: log.warning("%s", line)

    def collect_pending(self, llm: LLM) -> None:
        sent = SentRequests.load(self.out)
        if sent.pending():
            self.on_progress(f"resuming {len(sent.pending())} batch(es) sent by an earlier run")
            self._wait_and_collect(sent, llm)

    def exchange(self, needed: list[Needed], llm: LLM) -> bool:
        sent = SentRequests.load(self.out)
        for requests, data in split_files(needed, self.max_requests, self.max_bytes):
            sent.keys.update({n.custom_id: n.key for n in requests})
            batch_id = self._submit(llm.client, data, len(requests))
            sent.batches.append({"id": batch_id, "custom_ids": [n.custom_id for n in requests], "collected": False})
            sent.save()  # before any wait: a killed run polls this batch, never sends it again
        self._wait_and_collect(sent, llm)
        return True

    def _submit(self, client: openai.OpenAI, data: bytes, count: int) -> str:
        try:
            uploaded = client.files.create(file=("requests.jsonl", data), purpose="batch")
            batch = client.batches.create(input_file_id=uploaded.id, endpoint=CHAT_COMPLETIONS,
                                          completion_window="24h")
        except openai.APIError as e:
            raise EndpointError(f"the Batch API refused the requests: {e}") from e
        self.on_progress(f"batch {batch.id}: {count} requests sent")
        return batch.id

    def _wait_and_collect(self, sent: SentRequests, llm: LLM) -> None:
        answers, deferral = llm.response_cache, llm.deferral
        for record in sent.pending():
            batch = self._wait(llm.client, record["id"])
            for file_id in (batch.output_file_id, batch.error_file_id):
                if file_id:
                    text = self._download(llm.client, file_id)
                    stored, failed = store_results(result_lines(text, file_id), sent, answers, deferral)
                    self.on_progress(f"batch {batch.id}: {stored} answers, {failed} failed lines to ask again")
            unanswered = [sent.keys[c] for c in record.get("custom_ids", []) if not answers.has(sent.keys[c])]
            deferral.send_now.update(unanswered)  # lines a failed or expired batch never answered
            record["collected"] = True
            sent.save()

    @staticmethod
    def _download(client: openai.OpenAI, file_id: str) -> str:
        try:
            return client.files.content(file_id).text
        except openai.APIError as e:
            raise EndpointError(f"file {file_id}: cannot be downloaded ({e}); run again to resume") from e

    def _wait(self, client: openai.OpenAI, batch_id: str) -> Any:
        delay = self.first_poll_s
        while True:
            try:
                batch = client.batches.retrieve(batch_id)
            except openai.APIError as e:
                raise EndpointError(f"batch {batch_id}: cannot be polled ({e}); run again to resume") from e
            counts = batch.request_counts
            done = f"{counts.completed + counts.failed}/{counts.total}" if counts else "?"
            self.on_progress(f"batch {batch_id}: {batch.status}, {done} requests done")
            if batch.status in DONE:
                return batch
            time.sleep(delay)
            delay = min(delay * 2, self.max_poll_s)
