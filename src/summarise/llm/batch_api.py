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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import openai
from openai.types.chat import ChatCompletion

from ..errors import EndpointError, InputError
from ..files import atomic_write
from tenacity import Retrying, retry_if_exception, stop_after_attempt

from .client import LLM, is_transient, wait_retry_after_or_backoff
from .deferred import CHAT_COMPLETIONS, Deferral, Needed
from .response_cache import ResponseCache
from ..settings import MAX_BYTES_PER_FILE, MAX_REQUESTS_PER_FILE

log = logging.getLogger(__name__)

STATE = "batch-requests.json"
# The OpenAI Batch API's limits on one input file.
DONE = {"completed", "failed", "expired", "cancelled"}
STATUSES = DONE | {"validating", "in_progress", "finalizing", "cancelling"}


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


@dataclass
class Tally:
    """What a results file held, line by line, so that nothing in it goes uncounted."""

    stored: int = 0
    failed: int = 0  # answered with an error: asked again as ordinary requests
    duplicates: int = 0  # a custom_id seen before in the file: the first answer is kept
    unknown: int = 0  # a custom_id this run never sent (another run, another prompt version)
    not_objects: int = 0  # a line that is JSON but not an object
    other_models: Counter = field(default_factory=Counter)  # answers that say another model wrote them

    def lines(self, source: str, expected_model: str) -> list[str]:
        said = [f"{source}: {self.stored} answers read, {self.failed} failed lines to ask again"]
        said += [f"{source}: {count} {what}" for count, what in (
            (self.duplicates, "lines repeat a custom_id already answered; the first answer is kept"),
            (self.unknown, "lines answer requests this run did not send (another run or prompt version); "
                           "ignored"),
            (self.not_objects, "lines are not JSON objects; ignored")) if count]
        said += [f"{source}: {count} answers say they came from {model!r}, not {expected_model!r}; kept, and "
                 "recorded as answered by it" for model, count in self.other_models.items()]
        return said


def store_results(lines: list, sent: SentRequests, answers: ResponseCache, deferral: Deferral,
                  expected_model: str = "") -> Tally:
    """Answers of a results file into the store; the keys of failed lines are sent as ordinary requests."""
    tally, seen = Tally(), set()
    for line in lines:
        if not isinstance(line, dict):
            tally.not_objects += 1
            continue
        custom_id = line.get("custom_id")
        key = sent.keys.get(custom_id) if isinstance(custom_id, str) else None
        if key is None:
            tally.unknown += 1
            continue
        if custom_id in seen:
            tally.duplicates += 1
            continue
        seen.add(custom_id)
        if store_answer(line, key, answers, tally, expected_model):
            continue
        deferral.send_now.add(key)
        tally.failed += 1
    return tally


def store_answer(line: dict, key: str, answers: ResponseCache, tally: Tally, expected_model: str) -> bool:
    response = line.get("response") if isinstance(line.get("response"), dict) else {}
    if response.get("status_code") != 200 or line.get("error"):
        return False
    try:
        completion = ChatCompletion.model_validate(response["body"])
    except (KeyError, ValueError) as e:
        log.warning("%s: answer is not a chat completion (%s)", line.get("custom_id"), e)
        return False
    if expected_model and completion.model != expected_model:
        tally.other_models[completion.model] += 1
    answers.put(key, completion)
    tally.stored += 1
    return True


def result_lines(text: str, source: str) -> list:
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
        tally = store_results(result_lines(text, str(self.path)), sent, llm.response_cache, llm.deferral, llm.model)
        for line in tally.lines(str(self.path), llm.model):
            log.warning("%s", line)

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
    poll_attempts: int = 6  # a poll that fails this many times in a row (transient faults) ends the wait
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
                    tally = store_results(result_lines(text, file_id), sent, answers, deferral, llm.model)
                    for line in tally.lines(f"batch {batch.id}", llm.model):
                        self.on_progress(line)
            unanswered = [sent.keys[c] for c in record.get("custom_ids", []) if not answers.has(sent.keys[c])]
            deferral.send_now.update(unanswered)  # lines a failed or expired batch never answered
            record["collected"] = True
            sent.save()

    def _poll(self, client: openai.OpenAI, batch_id: str) -> Any:
        """The batch, asked again on a transient fault (tenacity, as for any request); an answer that is not
        a batch ends the wait with a message, as a poll that keeps failing does."""
        retrying = Retrying(retry=retry_if_exception(is_transient), wait=wait_retry_after_or_backoff,
                            stop=stop_after_attempt(self.poll_attempts), reraise=True)
        try:
            batch = retrying(client.batches.retrieve, batch_id)
        except openai.APIError as e:
            raise EndpointError(f"batch {batch_id}: cannot be polled ({e}); run again to resume") from e
        if getattr(batch, "status", None) not in STATUSES:
            raise EndpointError(f"batch {batch_id}: the endpoint's answer to a poll is not a batch (status "
                                f"{str(getattr(batch, 'status', None))[:40]!r}); run again to resume")
        return batch

    @staticmethod
    def _download(client: openai.OpenAI, file_id: str) -> str:
        try:
            return client.files.content(file_id).text
        except openai.APIError as e:
            raise EndpointError(f"file {file_id}: cannot be downloaded ({e}); run again to resume") from e

    def _wait(self, client: openai.OpenAI, batch_id: str) -> Any:
        delay = self.first_poll_s
        while True:
            batch = self._poll(client, batch_id)
            counts = batch.request_counts
            done = f"{counts.completed + counts.failed}/{counts.total}" if counts else "?"
            self.on_progress(f"batch {batch_id}: {batch.status}, {done} requests done")
            if batch.status in DONE:
                return batch
            time.sleep(delay)
            delay = min(delay * 2, self.max_poll_s)
