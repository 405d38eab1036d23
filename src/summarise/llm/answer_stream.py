"""Read a streamed JSON answer item by item, and stop it once the model starts repeating itself.

Small models under greedy decoding fall into loops: having listed the items,
they list them again until the output cap, and every looping token costs time.
Reading the answer as it streams, the first item that
repeats an earlier one in the same list (ignoring the sentence it cites, and
its position or status) ends the answer there: the stream is closed, which
stops generation on the server, and the JSON is closed after the last complete
item. An answer cut by the output cap is closed the same way, so its complete
items are kept. Once the answer's object closes, the stream ends too: a small
model may run on into another "Task: ..." of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Literal

# The same item citing another sentence is still the same item; so is the same holder and target with another
# position, or the same deal at another stage: a small model that writes them has started to loop.
IGNORED_IN_REPEATS = ("sentence", "position", "status")

Ending = Literal["stop", "length", "repeat"]


@dataclass
class Answer:
    text: str
    tokens: int  # streamed pieces, one token each on llama.cpp
    ending: Ending


@dataclass
class ItemScanner:
    """Follows a JSON object of lists as it grows, noting where each list item (object or string) ends."""

    text: str = ""
    stack: list[str] = field(default_factory=list)
    in_string: bool = False
    escaped: bool = False
    item_start: int | None = None
    string_start: int | None = None  # of a string that is itself a list item, like a name
    cut: int = 0  # end of the last complete item (or of an opening bracket): the text is sound up to here
    cut_stack: tuple[str, ...] = ()
    seen: dict[int, set[str]] = field(default_factory=dict)  # per list (by its opening offset): item keys
    list_starts: list[int] = field(default_factory=list)
    repeated: bool = False
    complete: bool = False  # the answer's object has closed; anything after it is the model running on

    def feed(self, piece: str) -> None:
        for char in piece:
            if self.repeated or self.complete:
                return
            self._step(char)
            self.text += char

    def _step(self, char: str) -> None:
        position = len(self.text)
        if self.in_string:
            self.escaped = not self.escaped and char == "\\"
            self.in_string = self.escaped or char != '"'
            if not self.in_string and self.string_start is not None:
                self._item_done(self.text[self.string_start:position] + '"', position)
                self.string_start = None
            return
        if char == '"':
            self.in_string = True
            if self._inside_list():
                self.string_start = position
        elif char in "{[":
            self._open(char, position)
        elif char in "}]" and self.stack:
            self._close(position)

    def _open(self, char: str, position: int) -> None:
        sound = char == "[" or not self.stack  # a list, or the answer itself, may be closed right after opening
        if char == "{" and self._inside_list():
            self.item_start = position
        if char == "[":
            self.list_starts.append(position)
        self.stack.append(char)
        if sound:
            self._mark(position + 1)

    def _close(self, position: int) -> None:
        closing = self.stack.pop()
        if closing == "[":
            self.list_starts.pop()
        self.complete = not self.stack and closing == "{"
        if closing == "{" and self._inside_list() and self.item_start is not None:
            self._item_done(self.text[self.item_start:position] + "}", position)
        else:
            self._mark(position + 1)

    def _item_done(self, item_text: str, position: int) -> None:
        key = item_key(item_text)
        seen = self.seen.setdefault(self.list_starts[-1], set())
        if key in seen:
            self.repeated = True
            return
        seen.add(key)
        self.item_start = None
        self._mark(position + 1)

    def _inside_list(self) -> bool:
        return bool(self.stack) and self.stack[-1] == "["

    def _mark(self, offset: int) -> None:
        self.cut, self.cut_stack = offset, tuple(self.stack)

    def closed(self) -> str:
        """The answer up to the last complete item, with its open lists and objects closed."""
        if not self.stack and not self.repeated:
            return self.text
        closers = {"{": "}", "[": "]"}
        kept = self.text[:self.cut].rstrip().rstrip(",")
        return kept + "".join(closers[c] for c in reversed(self.cut_stack))


def item_key(item_text: str) -> str:
    try:
        item = json.loads(item_text)
    except ValueError:
        return item_text
    if isinstance(item, str):
        return folded(item)
    if not isinstance(item, dict):
        return item_text
    return json.dumps({k: folded(v) for k, v in item.items() if k not in IGNORED_IN_REPEATS}, sort_keys=True)


def folded(value: object) -> object:
    """' Huawei's deal' repeats "huawei's deal": case and spacing do not make an item new."""
    return " ".join(value.split()).casefold() if isinstance(value, str) else value


def read_answer(pieces: Iterable[tuple[str, str | None]]) -> Answer:
    """Consume (text, finish_reason) pieces until the answer ends, repeats, or hits the cap."""
    scanner = ItemScanner()
    tokens, ending = 0, "stop"
    for text, finish_reason in pieces:
        if text:
            tokens += 1
            scanner.feed(text)
        if scanner.repeated:
            return Answer(scanner.closed(), tokens, "repeat")
        if scanner.complete:
            return Answer(scanner.text, tokens, "stop")
        if finish_reason:
            ending = "length" if finish_reason == "length" else "stop"
            break
    return Answer(scanner.closed() if ending == "length" else scanner.text, tokens, ending)
