"""The embedded engine answering `logprobs` for the first token of a chat answer, as the OpenAI API does.

llama-cpp-python computes log-probabilities only with `logits_all`, which keeps the logits of every
prompt token (a 151,936-word vocabulary times the context: gigabytes, and slower prompts). A question
whose answer is one token needs only the distribution of that token: here it is read from the logits
the sampler sees first, through a logits processor that leaves them unchanged, and returned in the
chat completion's `logprobs.content`, with `top_logprobs` alternatives. Later tokens carry none.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_TOP_LOGPROBS = 20  # the OpenAI API's limit


def install() -> None:
    import llama_cpp

    llama_cpp.Llama.create_chat_completion = answering_logprobs(llama_cpp.Llama.create_chat_completion)


def answering_logprobs(create: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(create)
    def create_chat_completion(self, *args: Any, **kwargs: Any) -> Any:
        wanted = kwargs.get("logprobs") and not getattr(self, "_logits_all", False) and not kwargs.get("stream")
        if not wanted:
            return create(self, *args, **kwargs)
        top = min(max(int(kwargs.pop("top_logprobs", None) or 0), 0), MAX_TOP_LOGPROBS)
        kwargs["logprobs"] = False
        first = FirstLogits()
        kwargs["logits_processor"] = [first, *(kwargs.get("logits_processor") or [])]
        answer = create(self, *args, **kwargs)
        if first.logits is not None and isinstance(answer, dict):
            entry = first_token_entry(self, first.logits, top)
            answer["choices"][0]["logprobs"] = {"content": [entry], "refusal": None}
        return answer

    return create_chat_completion


class FirstLogits:
    """A logits processor that keeps a copy of the first logits it sees and changes nothing."""

    def __init__(self) -> None:
        self.logits: np.ndarray | None = None

    def __call__(self, input_ids: Any, scores: np.ndarray) -> np.ndarray:
        if self.logits is None:
            self.logits = np.array(scores, dtype=np.float64, copy=True)
        return scores


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max()
    return shifted - np.log(np.exp(shifted).sum())


def first_token_entry(llama, logits: np.ndarray, top: int) -> dict[str, Any]:
    logprobs = log_softmax(logits)
    best = np.argsort(-logprobs)[:max(top, 1)]
    alternatives = [token_logprob(llama, int(token), float(logprobs[token])) for token in best]
    return {**alternatives[0], "top_logprobs": alternatives[:top]}


def token_logprob(llama, token: int, logprob: float) -> dict[str, Any]:
    piece = llama.detokenize([token])
    return {"token": piece.decode("utf-8", errors="replace"), "logprob": logprob, "bytes": list(piece)}
