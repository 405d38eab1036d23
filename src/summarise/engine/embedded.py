"""The embedded default: llama-cpp-python's OpenAI-compatible server on 127.0.0.1.

Started on a free port, awaited until it answers, stopped on exit (also on
Ctrl-C, errors and, through PR_SET_PDEATHSIG, when this process is killed).
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import EmbeddedError
from ..files import atomic_write
from .model_files import INSTALL_HINT, cache_dir, progress, resolve_model_path

HOST = "127.0.0.1"
MODEL_ALIAS = "embedded"
STARTUP_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class ServerSettings:
    """How the engine runs. Reasons for each default are in docs/performance.md."""

    model_path: Path | None = None
    threads: int = os.cpu_count() or 2  # llama.cpp defaults to half the cores
    context_size: int = 8192  # instructions and example (~1.5k tokens), ~4k of article, the answer
    batch_size: int = 512
    logits_all: bool = False  # the server's default (True) computes and copies logits for every prompt token
    prompt_lookup: int = 0  # draft tokens for prompt-lookup decoding; 0 turns it off
    extra_args: tuple[str, ...] = ()  # further llama_cpp.server flags, for benchmarks
    # The start of every prompt (the instructions, framed as the chat template frames them): evaluated once
    # and kept on disk, so a new process starts at the article (engine/server.py). None: a plain server.
    prefix: str | None = None


class RunningServer:
    """The server on its port; started at once, or lazily on the first request that needs it (`ensure_started`)."""

    def __init__(self, settings: ServerSettings, model_path: Path, port: int):
        self.settings, self.model_path, self.port = settings, model_path, port
        self.base_url = f"http://{HOST}:{port}/v1"
        self.process: subprocess.Popen | None = None
        self.log_path = cache_dir() / "embedded-server.log"
        self._lock = threading.Lock()

    def ensure_started(self) -> None:
        with self._lock:
            if self.process is not None:
                return
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            started = time.monotonic()
            progress.info("starting the embedded engine (%s)", self.model_path.name)
            with self.log_path.open("wb") as log:
                self.process = subprocess.Popen(
                    server_command(self.settings, self.model_path, self.port),
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True, preexec_fn=_die_with_parent,
                )
            wait_until_ready(self, self.log_path)
            progress.info("the embedded engine is ready (%.0f s)", time.monotonic() - started)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@contextmanager
def embedded_server(settings: ServerSettings, lazy: bool = False) -> Iterator[RunningServer]:
    """The server for the duration of the block. Lazy, it starts only when `ensure_started` is first called:
    a run answered wholly from the response cache never loads the model."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise EmbeddedError(f"no LLM endpoint configured and the embedded engine is missing; {INSTALL_HINT}, "
                            "or set OPENAI_BASE_URL")
    server = RunningServer(settings, resolve_model_path(settings.model_path), free_port())
    try:
        if not lazy:
            server.ensure_started()
        yield server
    finally:
        server.stop()


def server_command(settings: ServerSettings, model_path: Path, port: int) -> list[str]:
    return [
        sys.executable, "-m", *engine_module(settings),
        "--model", str(model_path),
        "--model_alias", MODEL_ALIAS,
        "--host", HOST, "--port", str(port),
        "--n_threads", str(settings.threads),
        "--n_threads_batch", str(settings.threads),
        "--n_ctx", str(settings.context_size),
        "--n_batch", str(settings.batch_size),
        "--logits_all", str(settings.logits_all or settings.prompt_lookup > 0),
        *(["--draft_model", "prompt-lookup-decoding", "--draft_model_num_pred_tokens", str(settings.prompt_lookup)]
          if settings.prompt_lookup else []),
        *settings.extra_args,
    ]


def engine_module(settings: ServerSettings) -> list[str]:
    module = ["summarise.engine.server"]
    if settings.prefix is None:
        return module
    prefix_file = cache_dir() / "prefix-states" / f"{hashlib.sha256(settings.prefix.encode()).hexdigest()[:16]}.txt"
    if not holds(prefix_file, settings.prefix):  # missing, cut short or changed: written again, whole
        atomic_write(prefix_file, settings.prefix)
    return [*module, "--prefix_file", str(prefix_file), "--state_dir", str(prefix_file.parent)]


def holds(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_ready(server: RunningServer, log_path: Path) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise EmbeddedError(f"embedded server exited with status {server.process.returncode}: "
                                f"{_tail(log_path)} (full log: {log_path})")
        try:
            with opener.open(f"{server.base_url}/models", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise EmbeddedError(f"embedded server did not answer within {STARTUP_TIMEOUT_S:.0f} s (log: {log_path})")


def stop(process: subprocess.Popen) -> None:
    """At once: the server holds nothing to save (its state file is written atomically at start-up), and
    its graceful stop takes half a second, or waits for an answer no one will read when a run is stopped."""
    if process.poll() is None:
        process.kill()
        process.wait()


def _die_with_parent() -> None:
    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except OSError:
        pass


def _tail(path: Path, lines: int = 3) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])
    except OSError:
        return "(no log)"
