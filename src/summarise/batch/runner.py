"""A folder of articles: concurrent, resumable, failures isolated."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

from ..errors import BusyError, ConfigError, InputError, StoreError, SummariseError, UnreachableError
from ..extraction.prompts import PromptSet
from ..extraction.rules import ALL_ON, RuleSet
from ..llm.stop import stopping
from ..llm.batch_api import Exchange
from ..llm.client import LLM
from ..llm.deferred import AnswerNeeded, Deferral, Needed
from ..llm.response_cache import ResponseCache
from ..pipeline import summarise_article
from ..reading.article import DEFAULT_MAX_ARTICLE_BYTES, Article, load_article
from ..redaction import redact
from ..schema import SCHEMA_VERSION, ArticleSummary
from ..files import atomic_write
from ..outputs.output import append_jsonl
from ..outputs.found import TEXT_SUFFIX, NotAnOutput, Output, ReadOutput, find_outputs, read_output
from ..outputs.store import sync_store
from ..outputs.store_health import checked_store

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}
SUMMARIES = "summaries.jsonl"
ERRORS = "errors.jsonl"
REPORT = "run-report.json"
LOCK = ".summarise-batch.lock"
ANSWERS = "batch-answers"  # answers of batch files, by request
MAX_NAME_BYTES = 255  # NAME_MAX of common file systems
DATABASE = "summaries.db"
# atomic_write's temp files: ".<target>.<8 random characters>.tmp", for the files a batch writes.
OWN_TEMP_FILE = re.compile(r"^\..+\.(?:json|jsonl|txt)\.[a-z0-9_]{8}\.tmp$")


@dataclass(frozen=True)
class RunKey:
    """What an output must match to be reused instead of re-summarised."""

    prompt_version: str
    model: str
    schema_version: str = SCHEMA_VERSION
    rules: RuleSet = ALL_ON  # the families a run applies: outputs made with others are redone

    def matches(self, summary: dict, article_sha256: str) -> bool:
        p = summary.get("provenance", {})
        found = (p.get("article_sha256"), p.get("prompt_version"), p.get("schema_version"), p.get("model"),
                 tuple(p.get("rules_off", ())))
        return found == (article_sha256, self.prompt_version, self.schema_version, self.model,
                         tuple(self.rules.names_off))


@dataclass
class RunReport:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    stopped: str | None = None  # why the run ended before every article was tried
    waiting: int = 0  # articles whose requests went to a batch file, to be finished with --read-results
    nothing_kept: list[str] = field(default_factory=list)  # done, but every item the model gave was dropped
    left_out: list[str] = field(default_factory=list)  # files in OUT that are not this tool's outputs (found.py)
    store: str | None = None  # what happened to the SQLite store, when not all went well
    cached_answers: int = 0  # answers from the response cache: their tokens are not in the figures above

    @property
    def per_minute(self) -> float:
        return self.done * 60 / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**self.__dict__, "articles_per_minute": round(self.per_minute, 2)}

    def line(self) -> str:
        stopped = f"stopped ({self.stopped}): " if self.stopped else ""
        waiting = f"{self.waiting} waiting for answers in a batch file; " if self.waiting else ""
        empty = f" ({len(self.nothing_kept)} with every item dropped)" if self.nothing_kept else ""
        return (f"{stopped}{waiting}{self.done} done{empty}, {self.skipped} skipped, {self.failed} failed of "
                f"{self.total}; "
                f"tokens {self.prompt_tokens} in / {self.completion_tokens} out"
                f"{f' ({self.cached_answers} answers from the cache, not paid)' if self.cached_answers else ''}; "
                f"{self.seconds:.1f} s, {self.per_minute:.1f} articles/min"
                + (f"; {len(self.left_out)} files in OUT left out of the store (run-report.json says why)"
                   if self.left_out else ""))


@dataclass
class Batch:
    source: Path
    out: Path
    key: RunKey
    force: bool = False
    jobs: int = 1
    db_path: Path | None = None  # the SQLite store; OUT/summaries.db when None
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
    on_progress: Callable[[str, str], None] = field(default=lambda article_id, outcome: None)
    needed: list[Needed] = field(default_factory=list)  # this round's requests, in a run in rounds
    store_warning: str | None = None  # a corrupt store moved aside at the start of the run
    checked: dict[str, ReadOutput] = field(default_factory=dict)  # outputs read while planning, by article

    def discover(self) -> list[Path]:
        """The articles under DIR: never the batch's own outputs when OUT lies inside DIR, and never a file a
        symlink leads to outside DIR (its content would go to the endpoint and into OUT)."""
        out, source = self.out.resolve(), self.source.resolve()
        return sorted(p for p in self.source.rglob("*")
                      if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
                      and not p.resolve().is_relative_to(out) and p.resolve().is_relative_to(source))

    def article_id(self, path: Path) -> str:
        """The path under DIR; a file name too long for OUT's file system once suffixed is shortened with a
        hash of it (its full path stays in the summary's provenance)."""
        article_id = path.relative_to(self.source).as_posix()
        folder, _, name = article_id.rpartition("/")
        if len((name + TEXT_SUFFIX).encode()) <= MAX_NAME_BYTES:
            return article_id
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        short = name.encode()[: MAX_NAME_BYTES - len(TEXT_SUFFIX) - 40].decode(errors="ignore")
        return f"{folder}/{short}~{digest}{path.suffix}".lstrip("/")

    def output_path(self, article_id: str) -> Path:
        return self.out / f"{article_id}.json"

    def text_path(self, article_id: str) -> Path:
        """The text the evidence offsets point into: decoded, and for HTML the extracted article."""
        return self.out / f"{article_id}{TEXT_SUFFIX}"


    def plan(self, report: RunReport, record: bool = True) -> Iterator[tuple[str, Article]]:
        """Articles still to do; unreadable ones are reported as failures on the way (recorded in
        errors.jsonl unless `record` is off, as for an estimate)."""
        self.checked.clear()
        for path in self.discover():
            report.total += 1
            try:
                article_id = self.article_id(path)
            except UnicodeEncodeError:
                self.record_unnamable(path, report, record)
                continue
            try:
                self.check_output_path(article_id)
                article = load_article(path, self.max_article_bytes)
            except SummariseError as e:
                if record:
                    self.record_failure(article_id, e, report)
                else:
                    report.failed += 1
                continue
            if not self.force and self.is_current(article_id, article):
                report.skipped += 1
                self.on_progress(article_id, "skipped")
                continue
            yield article_id, article

    def check_output_path(self, article_id: str) -> None:
        """Before the call is paid: an output path past the file system's limit could never be written."""
        longest = self.text_path(article_id).absolute()
        limit = path_max(self.out)
        if len(os.fsencode(longest)) >= limit:
            raise InputError(article_id, f"its output path would be {len(os.fsencode(longest))} bytes, past the "
                                         f"file system's limit of {limit}; give a shorter -o or a shallower folder")

    def record_unnamable(self, path: Path, report: RunReport, record: bool) -> None:
        """A file name that is not UTF-8 can name no output; it is reported by a printable form of its name."""
        shown = printable(path.relative_to(self.source).as_posix())
        if record:
            self.record_failure(shown, InputError(shown, "the file name is not UTF-8; rename the file to "
                                                         "summarise it"), report)
        else:
            report.failed += 1

    def is_current(self, article_id: str, article: Article) -> bool:
        """A valid output of this article under the same key: a malformed or foreign one is redone."""
        output = Output(article_id, self.output_path(article_id), self.text_path(article_id))
        try:
            found = read_output(output, self.out)
        except NotAnOutput:
            return False
        self.checked[article_id] = found  # read and validated once a run: the index is rebuilt from it
        return self.key.matches(found.record, article.sha256)

    def prepare(self) -> None:
        if self.out.resolve() == self.source.resolve():
            raise ConfigError(f"{self.out}: the output folder is the input folder; give another with -o")
        self.out.mkdir(parents=True, exist_ok=True)
        for leftover in self.out.rglob(".*.tmp"):  # temp files of this tool's writes a kill -9 cut short
            if OWN_TEMP_FILE.match(leftover.name):
                leftover.unlink(missing_ok=True)
        atomic_write(self.out / ERRORS, "")
        self.store_warning = checked_store(self.db_path or self.out / DATABASE)

    def rebuild_index(self, redo: set[str]) -> None:
        """summaries.jsonl: one line per valid output, whatever a crash left; redone ones follow."""
        found = (self.checked.get(o.article_id) or read_valid(o, self.out) for o in find_outputs(self.out)
                 if o.article_id not in redo)
        lines = [json.dumps({"id": f.article_id, **f.record}, ensure_ascii=False, separators=(",", ":"))
                 for f in found if f is not None]
        atomic_write(self.out / SUMMARIES, "".join(line + "\n" for line in lines))

    def run(self, llm_factory: Callable[[], AbstractContextManager[LLM]], prompts: PromptSet) -> RunReport:
        """Every article still to do, each request sent as it comes."""
        return self._run(llm_factory, lambda todo, llm, report: self._run_all(
            todo, lambda article: summarise_article(article, llm, prompts, self.key.rules), report))

    def run_in_rounds(self, llm_factory: Callable[[], AbstractContextManager[LLM]], prompts: PromptSet,
                      exchange: Exchange) -> RunReport:
        """Every article still to do, its requests sent in rounds through a batch file (batch_api.py): each
        round, every unfinished article names its next request; the exchange gets them answered, and the
        articles go on from the answers. Focused passes take a round each; one pass, one round."""
        return self._run(llm_factory, lambda todo, llm, report: self._rounds(todo, llm, prompts, exchange, report))

    def _run(self, llm_factory: Callable[[], AbstractContextManager[LLM]],
             work: Callable[[list, LLM, RunReport], None]) -> RunReport:
        """Whatever ends the run (all done, an endpoint no article can reach, or a stop), OUT/run-report.json
        says how far it got and the store is in step with the outputs."""
        report = RunReport()
        started = time.perf_counter()
        with self.lock():
            try:
                self.prepare()
                todo = list(self.plan(report))
                self.rebuild_index(redo={article_id for article_id, _ in todo})
                if todo:
                    with llm_factory() as llm:
                        work(todo, llm, report)
            except BaseException as e:
                report.stopped = stop_reason(e)
                raise
            finally:
                report.seconds = round(time.perf_counter() - started, 3)
                self.finish(report)
        return report

    def _rounds(self, todo, llm: LLM, prompts: PromptSet, exchange: Exchange, report: RunReport) -> None:
        llm.response_cache = llm.response_cache or ResponseCache(self.out / ANSWERS, llm.model_label)
        llm.deferral = Deferral()
        exchange.collect_pending(llm)
        while todo:
            self.needed = []
            self._run_all(todo, lambda article: summarise_article(article, llm, prompts, self.key.rules), report)
            if not self.needed:
                return
            waiting = {n.article_id for n in self.needed}
            if not exchange.exchange(self.needed, llm):
                report.waiting = len(waiting)
                return
            todo = [(article_id, article) for article_id, article in todo if article_id in waiting]

    def lock(self) -> AbstractContextManager:
        """One batch at a time on OUT: a second run would redo the same articles and index them twice.
        The lock is the kernel's (flock), so a run killed with -9 leaves none behind."""
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            return FileLock(self.out / LOCK, timeout=0).acquire()
        except Timeout as e:
            raise BusyError(f"{self.out}: another summarise batch is writing here; wait for it to end or stop "
                            "it, then run this again") from e

    def finish(self, report: RunReport) -> None:
        if not self.out.is_dir():
            return
        report.store = self.store_warning
        try:
            synced = sync_store(self.db_path or self.out / DATABASE, self.out)
            report.left_out = [left.line() for left in synced.left_out]
        except StoreError as e:
            report.store = str(e)
            raise
        finally:
            atomic_write(self.out / REPORT, json.dumps(report.as_dict(), indent=2) + "\n")

    def _run_all(self, todo, summarise: Callable[[Article], ArticleSummary], report: RunReport) -> None:
        """Up to `jobs` articles in flight. On any exit the pool is left without waiting for requests in
        flight: a stop must not wait for a server that may never answer."""
        stopping.clear()
        pool = ThreadPoolExecutor(max_workers=self.jobs)
        pending: dict[Future, str] = {}
        queue = iter(todo)

        def submit(article_id: str, article: Article) -> None:
            pending[pool.submit(self._summarise_and_write, article_id, article, summarise)] = article_id

        try:
            for article_id, article in queue:
                submit(article_id, article)
                if len(pending) >= self.jobs * 2:
                    break
            while pending:
                finished, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._collect(pending.pop(future), future, report)
                    next_item = next(queue, None)
                    if next_item is not None:
                        submit(*next_item)
        finally:
            if pending:
                stopping.set()  # answers in flight end at their next chunk
            pool.shutdown(wait=not pending, cancel_futures=True)

    def _summarise_and_write(self, article_id: str, article: Article,
                             summarise: Callable[[Article], ArticleSummary]) -> dict:
        """In a worker thread, so the fsyncs of many outputs overlap."""
        self.on_progress(article_id, "started")
        record = summarise(article).model_dump(mode="json")
        atomic_write(self.text_path(article_id), article.text)
        atomic_write(self.output_path(article_id), json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return record

    def _collect(self, article_id: str, future: Future, report: RunReport) -> None:
        try:
            record = future.result()
        except AnswerNeeded as e:
            self.needed.append(Needed(article_id, e.key, e.body, e.task))
            return
        except (ConfigError, UnreachableError) as e:  # not the article: every other article would fail too
            self.record_failure(article_id, e, report)
            raise
        except SummariseError as e:
            self.record_failure(article_id, e, report)
            return
        except Exception as e:  # a bug must not cost the rest of the batch
            self.record_failure(article_id, e, report, kind="internal")
            return
        self.record_success(article_id, record, report)

    def record_success(self, article_id: str, record: dict, report: RunReport) -> None:
        append_jsonl(self.out / SUMMARIES, {"id": article_id, **record})
        usage = record["provenance"]["usage"]
        report.cached_answers += sum(call.get("cached", 0) for call in record["provenance"].get("calls", []))
        report.done += 1
        if record.get("warnings"):
            report.nothing_kept.append(article_id)
        report.prompt_tokens += usage["prompt_tokens"]
        report.completion_tokens += usage["completion_tokens"]
        self.on_progress(article_id, "done")

    def record_failure(self, article_id: str, error: Exception, report: RunReport, kind: str | None = None) -> None:
        append_jsonl(self.out / ERRORS, {
            "id": article_id,
            "kind": kind or getattr(error, "kind", type(error).__name__),
            "message": redact(str(error)),
        })
        report.failed += 1
        self.on_progress(article_id, "failed")


def read_valid(output: Output, out: Path) -> ReadOutput | None:
    try:
        return read_output(output, out)
    except NotAnOutput:
        return None


def path_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_PATH_MAX")
    except (OSError, ValueError):
        return 4096


def printable(name: str) -> str:
    """A name read from the file system with its undecodable bytes shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def stop_reason(error: BaseException) -> str:
    if isinstance(error, KeyboardInterrupt):
        return "interrupted"
    if isinstance(error, SystemExit):
        return "terminated"
    return f"{getattr(error, 'kind', type(error).__name__)}: {redact(str(error))}"
