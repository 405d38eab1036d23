"""The outputs in OUT, read back as untrusted input.

A file this tool wrote is an article's summary `ID.json` beside the text its offsets point into,
`ID.text.txt`, where: both are regular files inside OUT (never a symlink, nor under a symlinked
folder); the summary validates against the schema (schema.ArticleSummary); the text is UTF-8 and its
SHA-256 is the summary's `provenance.article_sha256`. Anything else (a hand-edited summary, another
tool's JSON, a link to a file elsewhere) is left out of the store, the review page and the register,
and named with the reason; a batch redoes such an article when its source is still in DIR.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..schema import ArticleSummary

TEXT_SUFFIX = ".text.txt"


@dataclass(frozen=True)
class Output:
    """One article's output as the batch wrote it."""

    article_id: str
    record_path: Path
    text_path: Path


@dataclass(frozen=True)
class ReadOutput:
    output: Output
    record: dict  # as written, once it validated
    text: str
    sha256: str  # of the summary's and the text's bytes: what the store compares to see a change

    @property
    def article_id(self) -> str:
        return self.output.article_id


@dataclass(frozen=True)
class LeftOut:
    article_id: str
    reason: str

    def line(self) -> str:
        return f"{self.article_id}: left out ({self.reason})"


class NotAnOutput(Exception):
    """Raised by read_output with the reason; never leaves this package's callers."""


def find_outputs(out: Path) -> list[Output]:
    """Every ID.json beside an ID.text.txt under OUT, not yet read."""
    found = []
    for text_path in sorted(out.rglob(f"*{TEXT_SUFFIX}")):
        article_id = text_path.relative_to(out).as_posix()[: -len(TEXT_SUFFIX)]
        record_path = out / f"{article_id}.json"
        if record_path.exists() or record_path.is_symlink():
            found.append(Output(article_id, record_path, text_path))
    return found


def output_named(out: Path, article_id: str) -> ReadOutput:
    """One article's output, read and checked like any other; NotAnOutput when OUT has no such output."""
    output = Output(article_id, out / f"{article_id}.json", out / f"{article_id}{TEXT_SUFFIX}")
    return read_output(output, out)


Track = Callable[[Sequence[Output]], Iterable[Output]]


def read_outputs(out: Path, track: Track = iter) -> tuple[list[ReadOutput], list[LeftOut]]:
    """Every output of OUT read and checked; `track` wraps the list (a progress bar) while they are read."""
    read, left_out = [], []
    for output in track(find_outputs(out)):
        try:
            read.append(read_output(output, out))
        except NotAnOutput as e:
            left_out.append(LeftOut(output.article_id, str(e)))
    return read, left_out


def read_output(output: Output, out: Path) -> ReadOutput:
    return checked_output(output, *output_bytes(output, out))


def output_bytes(output: Output, out: Path) -> tuple[bytes, bytes]:
    return read_regular_file(output.record_path, out), read_regular_file(output.text_path, out)


def output_digest(record_bytes: bytes, text_bytes: bytes) -> str:
    return hashlib.sha256(record_bytes + b"\0" + text_bytes).hexdigest()


def checked_output(output: Output, record_bytes: bytes, text_bytes: bytes) -> ReadOutput:
    record = valid_summary(record_bytes)
    try:
        text = text_bytes.decode("utf-8")
    except UnicodeDecodeError as e:
        raise NotAnOutput(f"{output.text_path.name} is not UTF-8") from e
    if hashlib.sha256(text_bytes).hexdigest() != record["provenance"]["article_sha256"]:
        raise NotAnOutput(f"{output.text_path.name} is not the text the summary was made from")
    return ReadOutput(output, record, text, output_digest(record_bytes, text_bytes))


def valid_summary(raw: bytes) -> dict:
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise NotAnOutput("the summary is not JSON") from e
    try:
        ArticleSummary.model_validate(record)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the summary"
        raise NotAnOutput(f"not a summary of this schema: {where}: {first['msg']}") from e
    return record


def read_regular_file(path: Path, out: Path) -> bytes:
    """The bytes of a regular file inside OUT, opened without following a link."""
    if not path.resolve().is_relative_to(out.resolve()):
        raise NotAnOutput(f"{path.name} lies outside the output folder")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError as e:
        raise NotAnOutput(f"{path.name} cannot be read as a file of its own ({e.strerror})") from e
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise NotAnOutput(f"{path.name} is not a regular file")
        return file.read()
