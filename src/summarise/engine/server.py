"""The embedded engine's server: llama-cpp-python's own, computing on one thread, started with the
instructions already evaluated.

The engine's CPU build parallelises with OpenMP, and every OS thread that calls the engine gets a team
of OpenMP threads of its own. llama-cpp-python's server calls it from whichever worker of the async
thread pool is free, so after a closed stream or a second request a pass ran on a second team: with
more OpenMP threads than cores, libgomp stops spinning at its barriers and sleeps instead (thousands of
futex waits a second), and every generated token cost more (docs/performance.md). Here every call into
the engine, the prefix state included, runs on one thread of its own.

Every request begins with the same instructions and examples (about 2,000 tokens). Within a run the
engine keeps them in its KV cache, but each new process evaluated them again, the larger part of a
single `summarise article.txt`. Here the engine's state after the instructions is saved to the user's
cache once (llama.cpp's state file: the tokens and their KV cache), keyed by the model file, the
engine settings and the exact text, and loaded when the server starts. A request whose prompt starts
with those tokens then evaluates only the article, as in a warm run.

    python -m summarise.engine.server [--prefix_file FILE --state_dir DIR] <llama_cpp.server options>
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import hashlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from . import first_token_logprobs, framed_decoding
from ..files import checksum_path, matches_checksum, write_checksum

log = logging.getLogger("summarise.engine")
KEEP_STATES = 4  # the latest prompt versions; older state files are removed
ENGINE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")
_DONE = object()


def main() -> None:
    ours = argparse.ArgumentParser(add_help=False)
    ours.add_argument("--prefix_file", type=Path)
    ours.add_argument("--state_dir", type=Path)
    known, rest = ours.parse_known_args()
    app, settings = build_app(rest)
    compute_on_one_thread()
    framed_decoding.install()
    first_token_logprobs.install()
    if known.prefix_file and known.state_dir:
        try:
            ENGINE_THREAD.submit(restore_prefix, current_llama(), known.prefix_file.read_text(encoding="utf-8"),
                                 known.state_dir).result()
        except Exception as e:  # a warm start is an optimisation: never a reason not to serve
            print(f"summarise: prefix state not used: {e}", file=sys.stderr)
    import uvicorn

    # HOST and PORT as llama_cpp.server reads them: this is the engine process's own command line
    uvicorn.run(app, host=os.getenv("HOST", settings.host), port=int(os.getenv("PORT", settings.port)))


def build_app(argv: list[str]):
    from llama_cpp.server.app import create_app
    from llama_cpp.server.cli import add_args_from_model, parse_model_from_args
    from llama_cpp.server.settings import ModelSettings, ServerSettings, Settings

    parser = argparse.ArgumentParser()
    add_args_from_model(parser, Settings)
    args = parser.parse_args(argv)
    server = parse_model_from_args(ServerSettings, args)
    model = parse_model_from_args(ModelSettings, args)
    return create_app(server_settings=server, model_settings=[model]), server


def compute_on_one_thread() -> None:
    """The server's calls into the engine (each request, each streamed token) go to ENGINE_THREAD."""
    from llama_cpp.server import app

    app.run_in_threadpool = run_on_engine_thread
    app.iterate_in_threadpool = iterate_on_engine_thread


async def run_on_engine_thread(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(ENGINE_THREAD, partial(func, *args, **kwargs))


async def iterate_on_engine_thread(iterable: Iterable[Any]) -> AsyncIterator[Any]:
    iterator = iter(iterable)
    while (item := await run_on_engine_thread(next, iterator, _DONE)) is not _DONE:
        yield item


def current_llama():
    from llama_cpp.server import app

    return app._llama_proxy()  # the default model, loaded by create_app


def restore_prefix(llama, prefix: str, state_dir: Path) -> None:
    if "<|im_start|>" not in llama.metadata.get("tokenizer.chat_template", ""):
        print("summarise: the model's chat template is not ChatML; no prefix state", file=sys.stderr)
        return
    tokens = llama.tokenize(prefix.encode("utf-8"), add_bos=False, special=True)
    path = state_dir / f"{state_key(llama, prefix):.24}.state"
    if path.exists() and matches_checksum(path) and load_state(llama, path, tokens):
        print(f"summarise: {len(tokens)} instruction tokens restored from {path}", file=sys.stderr)
        return
    evaluate_as_a_request_would(llama, tokens)
    state_dir.mkdir(parents=True, exist_ok=True)
    save_state(llama, path, tokens)
    prune(state_dir, keep=path)
    print(f"summarise: {len(tokens)} instruction tokens evaluated and saved to {path}", file=sys.stderr)


def evaluate_as_a_request_would(llama, tokens: list[int]) -> None:
    """The instructions evaluated in micro-batches of the sizes a request starting with them gets: the last one
    full, filled out with stand-in tokens that are then taken off the cache. The engine's results for a token
    differ with the size of its micro-batch (not with the other tokens in it, which come after it), so a
    restored start gives the same answers, token for token, as a server that evaluated a whole request."""
    size = llama.context_params.n_ubatch
    short = -len(tokens) % size
    filler = llama.tokenize(b" the", add_bos=False, special=False)[:1] * short
    llama.reset()
    llama.eval(tokens + filler)
    if filler:
        llama._ctx.kv_cache_seq_rm(-1, len(tokens), -1)
        llama.n_tokens = len(tokens)


def state_key(llama, prefix: str) -> str:
    model = Path(llama.model_path)
    params = llama.context_params  # the KV cache's layout depends on these
    engine = (model.name, model.stat().st_size, llama.n_ctx(), llama.n_batch, params.type_k, params.type_v,
              getattr(params, "flash_attn_type", None), params.n_ubatch, params.n_seq_max)
    return hashlib.sha256(repr((engine, prefix)).encode("utf-8")).hexdigest()


def save_state(llama, path: Path, tokens: list[int]) -> None:
    import llama_cpp

    temp = path.with_suffix(f".{os.getpid()}.tmp")
    array = (llama_cpp.llama_token * len(tokens))(*tokens)
    if not llama_cpp.llama_state_save_file(llama.ctx, str(temp).encode(), array, len(tokens)):
        temp.unlink(missing_ok=True)
        raise RuntimeError(f"llama.cpp could not write {temp}")
    write_checksum(temp, beside=path)
    temp.replace(path)


def load_state(llama, path: Path, tokens: list[int]) -> bool:
    import llama_cpp

    capacity = llama.n_ctx()
    loaded = (llama_cpp.llama_token * capacity)()
    count = ctypes.c_size_t(0)
    if not llama_cpp.llama_state_load_file(llama.ctx, str(path).encode(), loaded, capacity, ctypes.byref(count)):
        return False
    if list(loaded[: count.value]) != tokens:
        llama.reset()
        return False
    llama.input_ids[: count.value] = tokens
    llama.n_tokens = count.value
    return True


def prune(state_dir: Path, keep: Path) -> None:
    states = sorted(state_dir.glob("*.state"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in states[KEEP_STATES:]:
        if old != keep:
            old.unlink(missing_ok=True)
            checksum_path(old).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
