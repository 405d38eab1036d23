"""Gold annotation files: one JSON object per article, read and checked."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError

MAX_GOLD_BYTES = 4 * 1024 * 1024


class GoldItem(BaseModel):
    model_config = ConfigDict(extra="ignore")
    required: bool = True


class GoldActor(GoldItem):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    kind: str | None = None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class GoldAcquisition(GoldItem):
    buyer: str = Field(min_length=1)
    seller: str | None = None
    system: str = Field(min_length=1)
    system_aliases: list[str] = []
    quantity: int | None = None
    status: str | None = None

    @property
    def systems(self) -> list[str]:
        return [self.system, *self.system_aliases]


class GoldStance(GoldItem):
    holder: str = Field(min_length=1)
    target: str = ""
    target_keywords: list[str] = Field(min_length=1)
    position: str


class Gold(BaseModel):
    model_config = ConfigDict(extra="ignore")
    article: str | None = None
    actors: list[GoldActor] = []
    acquisitions: list[GoldAcquisition] = []
    stances: list[GoldStance] = []


def read_gold(path: Path) -> Gold:
    """A gold file, or an InputError that names it and says what is wrong."""
    try:
        if path.stat().st_size > MAX_GOLD_BYTES:
            raise InputError(str(path), f"a gold file over {MAX_GOLD_BYTES:,} bytes")
        return Gold.model_validate(json.loads(path.read_bytes().decode("utf-8")))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        problem = first_error(e) if isinstance(e, ValidationError) else str(e).splitlines()[0]
        raise InputError(str(path), f"not a gold file: {problem}") from e


def first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" + (f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else "")
