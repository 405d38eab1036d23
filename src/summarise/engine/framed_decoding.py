"""The embedded engine decoding a free answer inside its schema's frame (answer_frame.py).

The client sends the answer's JSON schema with a free request, as `response_format: {"type": "text",
"schema": ...}`: llama-cpp-python builds no grammar for type text, so every value stays the model's own
choice. After each token the model generates, the text the schema forces next (keys, quotes, the rest of
an enum value) is evaluated in the same batch as that token: a batch of a few tokens costs little more
than one token's pass, so the forced tokens cost a fraction of generated ones (docs/performance.md). They are streamed and counted like generated tokens, and put into the sampler's history as if
sampled, so the repeat penalty sees the same tokens as before.

A request with a grammar or a logits processor decodes as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .answer_frame import AnswerFrame


def install() -> None:
    import llama_cpp

    llama_cpp.Llama.create_chat_completion = taking_the_frame(llama_cpp.Llama.create_chat_completion)
    llama_cpp.Llama.generate = generating_in_the_frame(llama_cpp.Llama.generate)


def frame_of(response_format: Any) -> AnswerFrame | None:
    if isinstance(response_format, dict) and response_format.get("type") == "text":
        schema = response_format.get("schema")
        return AnswerFrame(schema) if isinstance(schema, dict) else None
    return None


def taking_the_frame(create: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(create)
    def create_chat_completion(self, *args: Any, response_format: Any = None, **kwargs: Any) -> Any:
        frame = frame_of(response_format)
        if frame is None:
            return create(self, *args, response_format=response_format, **kwargs)
        with answering_in(self, frame):  # a whole answer: the engine decodes it here
            answer = create(self, *args, response_format=response_format, **kwargs)
        return answer if isinstance(answer, dict) else streamed_in(self, frame, answer)

    return create_chat_completion


def streamed_in(llama, frame: AnswerFrame, chunks: Iterator[Any]) -> Iterator[Any]:
    """A streamed answer is decoded as it is read."""
    with answering_in(llama, frame):
        yield from chunks


@contextmanager
def answering_in(llama, frame: AnswerFrame):
    llama._answer_frame = frame
    try:
        yield
    finally:
        llama._answer_frame = None


def generating_in_the_frame(generate: Callable[..., Iterator[int]]) -> Callable[..., Iterator[int]]:
    @functools.wraps(generate)
    def generate_framed(self, tokens, *args: Any, **kwargs: Any) -> Iterator[int]:
        frame = getattr(self, "_answer_frame", None)
        self._answer_frame = None
        plain = args or any(kwargs.get(k) is not None for k in ("grammar", "logits_processor"))
        if frame is None or plain:
            return (yield from generate(self, tokens, *args, **kwargs))
        yield from decode_in_frame(self, generate, list(tokens), frame, kwargs)

    return generate_framed


def decode_in_frame(llama, generate, prompt: list[int], frame: AnswerFrame, sampling: dict[str, Any]) -> Iterator[int]:
    """The answer's opening goes in with the prompt; after each sampled token, what the frame forces goes in
    with it, in one batch, and the next token is sampled after the last of them."""
    stopping = sampling.get("stopping_criteria")
    forced = forced_tokens(llama, frame, b"")
    with sampler_accepting(llama, forced):
        steps = generate(llama, prompt + forced, **sampling)  # the cached prefix, the prompt's evaluation
        token = next(steps, None)
    steps.close()
    yield from forced
    text = llama.detokenize(forced)
    while token is not None:
        yield token  # the end token too: the caller stops reading there
        text += llama.detokenize([token])
        forced = forced_tokens(llama, frame, text)
        if llama.n_tokens + 1 + len(forced) > llama.n_ctx():
            forced = []
        llama.eval([token] + forced)
        for f in forced:
            llama._sampler.accept(f)
        yield from forced
        text += llama.detokenize(forced)
        token = llama.sample(idx=llama.n_tokens - 1)
        if stopping is not None and stopping(llama._input_ids[: llama.n_tokens], llama._scores[0, :]):
            return  # as llama-cpp-python's generate asks its stopping criteria (the chat template's end tokens)


def forced_tokens(llama, frame: AnswerFrame, text: bytes) -> list[int]:
    forced = frame.forced_after(text.decode("utf-8", errors="ignore"))
    return llama.tokenize(forced.encode("utf-8"), add_bos=False, special=False) if forced else []


@contextmanager
def sampler_accepting(llama, tokens: list[int]):
    """The request's sampler, when generate makes it, told the forced opening as if it had sampled it."""
    make = llama._init_sampler

    def init_sampler(**kwargs: Any):
        sampler = make(**kwargs)
        for token in tokens:
            sampler.accept(token)
        return sampler

    llama._init_sampler = init_sampler
    try:
        yield
    finally:
        del llama._init_sampler
