"""Whole files that appear atomically: written beside their target, synced, then renamed over it (a
symlink at the target is replaced, never written through)."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes it 0600; outputs follow the user's umask
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask, read without changing it where Linux allows (writes run in worker threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        current = os.umask(0o077)
        os.umask(current)
        return current


def sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_path(path: Path) -> Path:
    return path.with_suffix(".sha256")


def write_checksum(path: Path, beside: Path | None = None) -> None:
    """The SHA-256 of `path`'s bytes, kept beside `beside` (the name it is about to take) or beside it."""
    atomic_write(checksum_path(beside or path), sha256_of_file(path) + "\n")


def matches_checksum(path: Path) -> bool:
    """The file is the one its checksum was taken of: a flipped bit would otherwise go unseen."""
    try:
        return checksum_path(path).read_text(encoding="ascii").strip() == sha256_of_file(path)
    except OSError:
        return False


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
