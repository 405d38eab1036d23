"""Answers kept on disk by request: the same request to the same model is paid for once.

Decoding here is greedy (temperature 0), so an answer is a function of the request. Keeping
them lets a change to the code after the model (a rule, a check, normalisation) be measured on
a whole folder again in seconds, and lets an interrupted run resume without paying twice.
A request that changes in any way (prompt, example, article, re-ask message, settings) misses.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openai.types.chat import ChatCompletion

from ..files import atomic_write

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResponseCache:
    directory: Path
    model_label: str  # what produced the answers: the same request to another model is another key

    def key(self, request: dict[str, Any]) -> str:
        body = json.dumps({"model": self.model_label, "request": request}, sort_keys=True, default=str)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def get(self, key: str) -> ChatCompletion | None:
        return self._read(self._path(key))

    def put(self, key: str, completion: ChatCompletion) -> None:
        atomic_write(self._path(key), completion.model_dump_json())

    def has(self, key: str) -> bool:
        return self._path(key).exists()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    @staticmethod
    def _read(path: Path) -> ChatCompletion | None:
        try:
            return ChatCompletion.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            log.warning("%s: unreadable cached answer, asking again (%s)", path, e)
            return None
