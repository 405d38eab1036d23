"""Prompt templates and few-shot examples: files, validated when loaded, versioned by hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import jinja2
import jinja2.meta
from pydantic import BaseModel, ValidationError, WithJsonSchema

from ..reading.article import Article, article_from_text
from .draft import ANSWER_SHAPES, ITEM_MODELS, Draft, FullDraft, GroundingContext
from .rules.example_copy import wording_of
from ..errors import InputError, PromptError
from .rules import AS_WRITTEN
from ..settings import PROMPTS_ENV, Passes, from_environment

TEMPLATES = {"system.j2": {"field_guide", "examples"}, "article.j2": {"numbered_sentences", "categories"},
             "question.j2": {"numbered_sentences", "question", "options", "answer_format"}}
PASSES_FILE = "passes.txt"
MIN_COPIED_WORDS = 4  # shorter wordings ("fighter jets", "new sanctions") are every article's words too
ANSWER_SEPARATORS = (",", ":")  # compact JSON: fewer tokens for the model to write


@dataclass(frozen=True)
class Example:
    """A typed few-shot pair: an article and the draft the model should answer with."""

    name: str
    article: Article
    expected: Draft

    def answer(self, categories: tuple[str, ...]) -> str:
        """The expected answer of one pass, as the model should write it.

        Without spaces after ':' and ',': the model writes its answers the way
        the example does, and an acquisition costs it 35 tokens instead of 46.
        """
        return json.dumps({c: self._written(c) for c in categories}, ensure_ascii=False, separators=ANSWER_SEPARATORS)

    def _written(self, category: str) -> object:
        items = [i.model_dump(mode="json") for i in self.expected.items(category)]
        shape = ANSWER_SHAPES.get(category)
        return shape.write(items) if shape else items


@dataclass(frozen=True)
class PromptSet:
    system: jinja2.Template
    article: jinja2.Template
    question: jinja2.Template
    examples: tuple[Example, ...]
    field_guide: str
    passes: tuple[tuple[str, ...], ...]  # the categories each call asks for, in order
    version: str
    strategy: str = "focused"  # Passes

    def messages(self, article: Article, categories: tuple[str, ...]) -> list[dict[str, str]]:
        """Instructions and examples first, then the article, then the pass's task.

        Every call shares the system message, and every pass over one article
        shares everything up to its task line, so the server's prompt cache
        evaluates each of them once.
        """
        return [
            {"role": "system", "content": self.system_message},
            {"role": "user", "content": self.render_article(article, categories)},
        ]

    def question_messages(self, article: Article, question: str, options: list[tuple[str, str]],
                          answer_format: str) -> list[dict[str, str]]:
        """The article's prompt with a question in place of the task: the same prefix, so the same cache."""
        content = self.question.render(numbered_sentences=article.numbered(), question=question, options=options,
                                       answer_format=answer_format)
        return [{"role": "system", "content": self.system_message}, {"role": "user", "content": content}]

    @cached_property
    def system_message(self) -> str:
        """The same for every call and article: rendered once."""
        examples = [
            {"article": e.article.numbered(), "answers": [self._answer_line(e, p) for p in self.passes]}
            for e in self.examples
        ]
        return self.system.render(field_guide=self.field_guide, examples=examples)

    @cached_property
    def example_wording(self) -> frozenset[str]:
        """The wording of every system and stance target the examples answer, for spotting copies."""
        phrases = [item.system for e in self.examples for item in e.expected.items("acquisitions")]
        phrases += [item.target for e in self.examples for item in e.expected.items("stances")]
        return frozenset(w for w in map(wording_of, phrases) if len(w.split()) >= MIN_COPIED_WORDS)

    def render_article(self, article: Article, categories: tuple[str, ...], focus: dict | None = None) -> str:
        """The article and the pass's task line, focused on one party when `focus` names it."""
        return self.article.render(numbered_sentences=article.numbered(), categories=categories, focus=focus)

    def party_messages(self, article: Article, category: str, party: str, sentences: list[int]) -> list[dict[str, str]]:
        """One category's pass for one party (a holder's stances, a buyer's deals): the same prefix, a task line
        naming the party and where."""
        return [
            {"role": "system", "content": self.system_message},
            {"role": "user", "content": self.render_article(article, (category,),
                                                             {"party": party, "sentences": sentences})},
        ]

    def _answer_line(self, example: Example, categories: tuple[str, ...]) -> dict[str, str]:
        return {"task": ", ".join(categories), "json": example.answer(categories)}


def default_prompts_dir() -> Path:
    if from_environment(PROMPTS_ENV):
        return Path(from_environment(PROMPTS_ENV))
    packaged = Path(__file__).parents[1] / "prompts"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "prompts"


def load_prompts(directory: Path | None = None, passes: Passes | str = Passes.focused) -> PromptSet:
    directory = directory or default_prompts_dir()
    if not directory.is_dir():
        raise PromptError(f"{directory}: prompts directory not found")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)
    templates = {name: _load_template(env, directory / name, needs) for name, needs in TEMPLATES.items()}
    examples = tuple(_load_example(p) for p in sorted((directory / "examples").glob("*.json")))
    guide = field_guide(FullDraft)
    prompts = PromptSet(
        system=templates["system.j2"],
        article=templates["article.j2"],
        question=templates["question.j2"],
        examples=examples,
        field_guide=guide,
        passes=_load_passes(directory / PASSES_FILE),
        version="",
    )
    if Passes(passes) is Passes.one:
        prompts = replace(prompts, passes=(tuple(c for line in prompts.passes for c in line),), strategy=Passes.one.value)
    # The version covers what the model is shown, rendered, not only the files it is rendered from.
    return replace(prompts, version=_content_hash(directory, guide + prompts.system_message))


def _load_passes(path: Path) -> tuple[tuple[str, ...], ...]:
    """One line a call, naming what it extracts: 'actors', or 'actors acquisitions stances' for one call."""
    try:
        lines = [line.split() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except FileNotFoundError as e:
        raise PromptError(f"{path}: passes file not found") from e
    named = [c for line in lines for c in line]
    unknown = sorted(set(named) - set(ITEM_MODELS))
    if unknown or sorted(named) != sorted(ITEM_MODELS):
        raise PromptError(f"{path}: each of {', '.join(ITEM_MODELS)} must appear once "
                          f"(unknown: {', '.join(unknown) or 'none'})")
    return tuple(tuple(line) for line in lines)


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
        context = GroundingContext(article=article, strict=True, rules=AS_WRITTEN).as_validation_context()
        expected = FullDraft.model_validate(raw["expected"], context=context)
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
        if any(isinstance(m, WithJsonSchema) for m in info.metadata):
            lines.append(f"{indent}- {name}: {info.description}")  # answered in a shape of its own
        elif item is not None:
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
