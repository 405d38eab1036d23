"""Prompt templates and few-shot examples: files, validated when loaded, versioned by hash."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta
from pydantic import BaseModel, ValidationError

from .article import Article, article_from_text
from .draft import Extraction, GroundingContext
from .errors import InputError, PromptError

PROMPTS_ENV = "SUMMARISE_PROMPTS_DIR"
TEMPLATES = {"system.j2": {"field_guide"}, "article.j2": {"numbered_sentences"}}


@dataclass(frozen=True)
class Example:
    """A typed few-shot pair: an article and the draft the model should answer with."""

    name: str
    article: Article
    expected: Extraction


@dataclass(frozen=True)
class PromptSet:
    system: jinja2.Template
    article: jinja2.Template
    examples: tuple[Example, ...]
    field_guide: str
    version: str

    def messages(self, article: Article) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": self.system.render(field_guide=self.field_guide)}]
        for example in self.examples:
            messages.append({"role": "user", "content": self.render_article(example.article)})
            messages.append({"role": "assistant", "content": example.expected.model_dump_json()})
        messages.append({"role": "user", "content": self.render_article(article)})
        return messages

    def render_article(self, article: Article) -> str:
        return self.article.render(numbered_sentences=article.numbered())


def default_prompts_dir() -> Path:
    if os.environ.get(PROMPTS_ENV):
        return Path(os.environ[PROMPTS_ENV])
    packaged = Path(__file__).parent / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


def load_prompts(directory: Path | None = None) -> PromptSet:
    directory = directory or default_prompts_dir()
    if not directory.is_dir():
        raise PromptError(f"{directory}: prompts directory not found")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)
    templates = {name: _load_template(env, directory / name, needs) for name, needs in TEMPLATES.items()}
    examples = tuple(_load_example(p) for p in sorted((directory / "examples").glob("*.json")))
    guide = field_guide(Extraction)
    return PromptSet(
        system=templates["system.j2"],
        article=templates["article.j2"],
        examples=examples,
        field_guide=guide,
        version=_content_hash(directory, guide),
    )


def _load_template(env: jinja2.Environment, path: Path, needs: set[str]) -> jinja2.Template:
    try:
        source = path.read_text(encoding="utf-8")
        missing = needs - jinja2.meta.find_undeclared_variables(env.parse(source))
    except FileNotFoundError as e:
        raise PromptError(f"{path}: prompt template not found") from e
    except jinja2.TemplateSyntaxError as e:
        raise PromptError(f"{path}:{e.lineno}: invalid template: {e.message}") from e
    if missing:
        raise PromptError(f"{path}: template must use {', '.join(sorted(missing))}")
    return env.from_string(source)


def _load_example(path: Path) -> Example:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        article = article_from_text(raw["text"], source=str(path))
        context = GroundingContext(article=article, strict=True).as_validation_context()
        expected = Extraction.model_validate(raw["expected"], context=context)
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise PromptError(f"{path}: not an example (needs 'text' and 'expected'): {e}") from e
    except (ValidationError, InputError) as e:
        raise PromptError(f"{path}: example does not validate against its own text: {e}") from e
    return Example(name=path.stem, article=article, expected=expected)


def field_guide(model: type[BaseModel], indent: str = "") -> str:
    """The schema as the model reads it: each field, its type and its description."""
    lines = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        item = _list_item_model(annotation)
        if item is not None:
            keys = ", ".join(item.model_fields)
            lines.append(f"{indent}- {name}: list of {{{keys}}}. {info.description or ''}".rstrip())
            lines.append(field_guide(item, indent + "    "))
        else:
            lines.append(f"{indent}- {name} ({_type_name(annotation)}): {info.description or ''}".rstrip())
    return "\n".join(lines)


def _list_item_model(annotation: object) -> type[BaseModel] | None:
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and args and isinstance(args[0], type):
        return args[0] if issubclass(args[0], BaseModel) else None
    return None


def _type_name(annotation: object) -> str:
    values = getattr(annotation, "__members__", None)
    if values:
        return " | ".join(values)
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    if args:
        return _type_name(args[0]) + " or null"
    return getattr(annotation, "__name__", str(annotation))


def _content_hash(directory: Path, guide: str) -> str:
    digest = hashlib.sha256(guide.encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
