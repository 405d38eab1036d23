"""The text an answer's JSON schema leaves the model no choice about.

Written compactly, most of a JSON answer is its frame: `{"stances":[{"holder":"` before the first
value, `","target":"` between two, `","sentence":` after an enum's first letters. The model spends a
forward pass on each of those tokens although the schema already decides them. Given what the model has
written so far, `AnswerFrame.forced_after` returns the literal text that must come next, so the engine
can evaluate it in one batch with the model's last token instead of generating it token by token
(jump-forward decoding, as in SGLang's compressed state machine).

Only what the schema settles is forced: the keys of an object whose keys are all required (in the
schema's order) or that has only one, the quotes around strings, the rest of an enum value once its
first letters pick one, `null` after its `n`. Values, where items end, and whether a list goes on are
the model's. When the answer leaves the frame (whitespace, a key out of order, a value outside an enum),
nothing more is forced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Node = dict[str, Any]
PUNCTUATION = '"{}[]:,'


class _TextEnds(Exception):
    """The answer so far ends here; `forced` is what the schema says comes next ("" if the model chooses), and
    `punctuation_next` whether the model's choice after it may start with punctuation."""

    def __init__(self, forced: str, punctuation_next: bool = True):
        self.forced = forced
        self.punctuation_next = punctuation_next


class _OffFrame(Exception):
    """The answer is not written the way the frame expects: stop forcing."""


class AnswerFrame:
    def __init__(self, schema: Node):
        self.schema = schema
        self.defs = schema.get("$defs", {})

    def forced_after(self, text: str) -> str | None:
        """The literal the schema forces after `text`, up to the model's next choice; None once off the frame.

        Byte-pair vocabularies merge runs of punctuation: `":"` and `":[{"` are single tokens. Forced text
        that stopped inside a run the model's choice goes on with would split a token the model knows as
        one, and it writes oddly after it (a line break after `":[`, null for a seller after `":`). So
        where the choice may start with punctuation, the forced text stops before its last run of
        punctuation, and the model writes that run and its choice as one token.
        """
        forced = ""
        while True:
            try:
                end = self._value(self.schema, text + forced, 0)
            except _TextEnds as e:
                if e.forced:
                    forced += e.forced
                    continue
                return forced.rstrip(PUNCTUATION) if e.punctuation_next else forced
            except _OffFrame:
                return forced or None
            return forced if end == len(text + forced) else None

    def _resolve(self, node: Node) -> Node:
        """A reference followed to its definition; a one-item allOf (how some schema writers put a $ref
        beside a description) read as its item."""
        while "$ref" in node or len(node.get("allOf", ())) == 1:
            node = node["allOf"][0] if "$ref" not in node else self.defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        return node

    def opening(self, node: Node) -> str:
        """What every value of this node starts with."""
        node = self._resolve(node)
        if "enum" in node:
            return '"'  # a prefix the values share, forced, would split the model's own word
        kind = node.get("type")
        if kind == "string":
            return '"'
        if kind == "array":
            return "["
        if kind == "object":
            keys = ordered_keys(node)
            return '{"' + keys[0] + '":' + self.opening(node["properties"][keys[0]]) if keys else "{"
        return ""

    def _ends_before(self, node: Node | None, literal: str = "") -> _TextEnds:
        """The text ends where `literal` and then a value of `node` (None: the model's choice) must come."""
        opening = self.opening(node) if node is not None else ""
        return _TextEnds(literal + opening, self._punctuation_after(node, opening))

    def _punctuation_after(self, node: Node | None, opening: str) -> bool:
        if opening.endswith('"'):
            return False  # a string's first letters
        if opening:
            return True  # `[` or `{`: an item, a key, or the end
        node = self._resolve(node) if node is not None else {}
        options = [self._resolve(o) for o in node.get("anyOf", [node])]
        return not all(o.get("type") in ("integer", "number", "boolean", "null") for o in options)

    def _expect(self, literal: str, text: str, i: int, following: Node | None = None) -> int:
        """Past `literal` at `i`; if the text ends inside it, the rest of it and `following`'s opening are forced."""
        written = text[i:i + len(literal)]
        if not literal.startswith(written):
            raise _OffFrame
        if len(written) < len(literal):
            raise self._ends_before(following, literal[len(written):])
        return i + len(literal)

    def _value(self, node: Node, text: str, i: int) -> int:
        node = self._resolve(node)
        if i == len(text):
            raise self._ends_before(node)
        if "anyOf" in node:
            return self._any_of(node["anyOf"], text, i)
        if "enum" in node:
            return self._enum(node["enum"], text, i)
        kind = node.get("type")
        if kind == "string":
            return _string(text, i)
        if kind in ("integer", "number"):
            return _number(text, i)
        if kind == "boolean":
            return _literal("true" if text[i] == "t" else "false", text, i)
        if kind == "null":
            return _literal("null", text, i)
        if kind == "array":
            return self._array(node.get("items", {}), text, i)
        if kind == "object":
            return self._object(node, text, i)
        raise _OffFrame

    def _any_of(self, options: list[Node], text: str, i: int) -> int:
        others = [o for o in options if self._resolve(o).get("type") != "null"]
        if text[i] == "n" and len(others) < len(options):
            return _literal("null", text, i)
        if len(others) != 1:
            raise _OffFrame
        return self._value(others[0], text, i)

    def _enum(self, values: list[Any], text: str, i: int) -> int:
        words = [v for v in values if isinstance(v, str)]
        if text[i] != '"':
            raise _OffFrame
        end = text.find('"', i + 1)
        typed = text[i + 1:] if end < 0 else text[i + 1:end]
        if end >= 0:
            if typed not in words:
                raise _OffFrame
            return end + 1
        matching = [w for w in words if w.startswith(typed)]
        if not matching:
            raise _OffFrame
        if len(matching) == 1:
            raise _TextEnds(matching[0][len(typed):] + '"')
        raise _TextEnds("", punctuation_next=False)  # the model's word goes on

    def _array(self, items: Node, text: str, i: int) -> int:
        return self._members("[", "]", text, i, lambda j: self._value(items, text, j), items)

    def _members(self, opening: str, closing: str, text: str, i: int, member: Callable[[int], int],
                 following: Node | None) -> int:
        """A list's items or an object's keys: how many, and so where it closes, is the model's choice."""
        i = self._expect(opening, text, i)
        if i == len(text):
            raise _TextEnds("")  # the first member, or an empty list or object
        if text[i] == closing:
            return i + 1
        while True:
            i = member(i)
            if i == len(text):
                raise _TextEnds("")  # another member, or the end
            if text[i] == closing:
                return i + 1
            i = self._expect(",", text, i, following)

    def _object(self, node: Node, text: str, i: int) -> int:
        keys = ordered_keys(node)
        if not keys:
            return self._object_of_optional_keys(node, text, i)
        properties = node["properties"]
        for n, key in enumerate(keys):
            value = properties[key]
            i = self._expect(('{"' if n == 0 else ',"') + key + '":', text, i, value)
            i = self._value(value, text, i)
        return self._expect("}", text, i)

    def _object_of_optional_keys(self, node: Node, text: str, i: int) -> int:
        properties = node.get("properties", {})
        used: set[str] = set()

        def key_and_value(j: int) -> int:
            key, j = self._key(properties, used, text, j)
            used.add(key)
            return self._value(properties[key], text, j)

        return self._members("{", "}", text, i, key_and_value, None)

    def _key(self, properties: Node, used: set[str], text: str, i: int) -> tuple[str, int]:
        if i == len(text):
            raise _TextEnds('"', punctuation_next=False)
        if text[i] != '"':
            raise _OffFrame
        end = text.find('"', i + 1)
        typed = text[i + 1:] if end < 0 else text[i + 1:end]
        matching = [k for k in properties if k not in used and k.startswith(typed)]
        if end < 0:
            if len(matching) == 1:
                key = matching[0]
                raise self._ends_before(properties[key], key[len(typed):] + '":')
            if not matching:
                raise _OffFrame
            raise _TextEnds("", punctuation_next=False)  # the key's next letters
        if typed not in matching:
            raise _OffFrame
        return typed, self._expect(":", text, end + 1, properties[typed])


def ordered_keys(node: Node) -> list[str]:
    """The object's keys when the schema requires every one of them (then their order is forced too).

    An object of one property is written with it: an answer is asked for as its one list.
    """
    properties = list(node.get("properties", {}))
    required = set(node.get("required", []))
    return properties if len(properties) == 1 or (properties and required == set(properties)) else []




def _literal(word: str, text: str, i: int) -> int:
    written = text[i:i + len(word)]
    if not word.startswith(written):
        raise _OffFrame
    if len(written) < len(word):
        raise _TextEnds(word[len(written):])
    return i + len(word)


def _string(text: str, i: int) -> int:
    if text[i] != '"':
        raise _OffFrame
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == '"':
            if j + 1 == len(text):
                raise _TextEnds("")  # small models leave quotes inside a value unescaped: the model says if it ends
            return j + 1
        j += 1
    raise _TextEnds("", punctuation_next=False)  # the value's next characters


def _number(text: str, i: int) -> int:
    j = i
    while j < len(text) and text[j] in "-+0123456789.eE":
        j += 1
    if j == i:
        raise _OffFrame
    if j == len(text):
        raise _TextEnds("", punctuation_next=False)  # more digits, or what follows: digits are tokens of their own
    return j
