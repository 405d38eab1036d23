"""Reading an article: bytes from a file or stdin to clean text and sentences."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import regex
from charset_normalizer import from_bytes

from .dates import published_date
from ..errors import InputError, setting
from ..settings import DEFAULT_MAX_ARTICLE_BYTES

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm"}
_HTML_SNIFF = re.compile(rb"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)
MIN_ARTICLE_CHARS = 40
WITHHELD = "(withheld: addressed to an AI model, not to readers)"
MAX_HEADLINE_CHARS = 200
MAX_SENTENCE_CHARS = 2000  # news sentences run under 500 characters


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, as the model sees it
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    source: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date, when the page's metadata or the text's first lines state one
    url: str | None = None  # where it was published: the page's canonical address, or a first line that is one
    sentences: tuple[Sentence, ...] = field(default=())
    withheld: frozenset[int] = frozenset()  # sentences the model is not shown (extraction/injection.py)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def sentence(self, number: int) -> Sentence | None:
        """The shown sentence numbered so (numbers are the whole article's, also in an excerpt)."""
        if not self.sentences:
            return None
        index = number - self.sentences[0].number
        return self.sentences[index] if 0 <= index < len(self.sentences) else None

    @property
    def shown_text(self) -> str:
        """The text the model sees: all of it, or the span of an excerpt's sentences."""
        if not self.sentences:
            return self.text
        return self.text[self.sentences[0].start : self.sentences[-1].end]

    def excerpt(self, first: int, last: int) -> Article:
        """Sentences first..last (0-based, inclusive), keeping the whole text so offsets stay the article's."""
        return replace(self, sentences=self.sentences[first : last + 1])

    def numbered(self) -> str:
        """The article as the model sees it: one numbered sentence a line."""
        return "\n".join(f"[{s.number}] {WITHHELD if s.number in self.withheld else self.sentence_text(s)}"
                         for s in self.sentences)


def article_from_text(text: str, source: str, title: str | None = None, published: str | None = None,
                      url: str | None = None) -> Article:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        problem = "the file is empty" if not text.strip() else "no article text (too short to summarise)"
        raise InputError(source, problem)
    return Article(source=source, text=text, title=title or headline(text),
                   published=published or published_date(text), url=web_address(url) or url_line(text),
                   sentences=tuple(split_sentences(text)))


WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def web_address(candidate: str | None) -> str | None:
    """An http(s) address, or None: never another scheme (a `javascript:` link in a page it is shown on)."""
    candidate = (candidate or "").strip()
    return candidate if WEB_ADDRESS.fullmatch(candidate) and len(candidate) <= 2048 else None


def url_line(text: str) -> str | None:
    """The address a plain text starts with, alone on its first line."""
    lines = text.strip().splitlines()
    return web_address(lines[0]) if lines else None


def headline(text: str) -> str | None:
    """A plain text's first line (after an address it starts with), when it reads as a headline: short, alone
    on its line, and followed by more text, without a sentence's full stop."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and web_address(lines[0]):
        lines = lines[1:]
    first = lines[0] if lines else ""
    if len(lines) < 2 or not first or len(first) > MAX_HEADLINE_CHARS or first.endswith((".", ":", ",")):
        return None
    return first


def load_article(path: Path, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Article:
    try:
        check_size(path.stat().st_size, str(path), max_bytes)
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(str(path), "no such file") from e
    except IsADirectoryError as e:
        raise InputError(str(path), "is a directory, not an article (use `summarise batch DIR`)") from e
    except OSError as e:
        raise InputError(str(path), f"cannot be read ({e.strerror})") from e
    return article_from_bytes(data, str(path), is_html=path.suffix.lower() in HTML_SUFFIXES)


def check_size(size: int, source: str, max_bytes: int) -> None:
    if max_bytes and size > max_bytes:
        raise InputError(source, f"{size:,} bytes is over the limit of {max_bytes:,} for one article "
                                 f"({setting('max_article_bytes')}; 0 for none)")


def article_from_bytes(data: bytes, source: str, is_html: bool = False) -> Article:
    if not data.strip():
        raise InputError(source, "the file is empty")
    text = decode(data, source)
    if is_html or _HTML_SNIFF.match(data[:512]):
        from .html import extract_main_text

        body, title, published, url = extract_main_text(text, source)
        return article_from_text(body, source, title=title, published=published, url=url)
    return article_from_text(text, source)


def decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for bom, codec in _UNICODE_BOMS:  # before the NUL check: UTF-16 and UTF-32 text is full of NUL bytes
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(source, f"starts with a {codec} byte-order mark but is not {codec}") from e
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _utf8_line_by_line(data, source)
    if mostly_utf8 is not None:
        return mostly_utf8
    if _looks_binary(data):
        raise InputError(source, "looks like a binary file, not text")
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(source, "cannot be decoded as text in any known encoding")
    return str(min(matches, key=_encoding_preference))


_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _utf8_line_by_line(data: bytes, source: str) -> str | None:
    """UTF-8 with a few stray bytes (a Latin-1 character pasted in): the valid lines stay UTF-8, the others are
    read as Windows-1252, and the log says which. None when no line is non-ASCII UTF-8: then it is no UTF-8."""
    lines = data.split(b"\n")
    decoded, fallback, utf8_lines = [], [], 0
    for number, line in enumerate(lines, start=1):
        try:
            decoded.append(line.decode("utf-8"))
            utf8_lines += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(line.decode("cp1252", errors="replace"))
            fallback.append(number)
    if not utf8_lines:
        return None
    shown = ", ".join(map(str, fallback[:10])) + (" …" if len(fallback) > 10 else "")
    log.warning("%s: not valid UTF-8 on line %s; read as Windows-1252 there, UTF-8 elsewhere", source, shown)
    return "\n".join(decoded)


# Among equally plausible decodings, Windows-1252 is by far the most common for news text.
_PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")


def _encoding_preference(match) -> tuple[float, float, int]:
    return match.chaos, -match.coherence, 0 if match.encoding in _PREFERRED_ENCODINGS else 1


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


# A sentence ends at . ! ? (with closing quotes/brackets) and a space before a capital of any script, a
# letter of a script without capitals, a digit or an opening quote; at 。！？ (which need no space); and at
# every line break. Abbreviations and initials don't end one.
_BOUNDARY = regex.compile(r"(?:[.!?…؟۔।][\"'”’»)\]]*\s+(?=[\"'“‘«„(\[]?[\p{Lu}\p{Lt}\p{Lo}\p{N}])"
                          r"|[。！？][」』”’)）]*\s*(?=\S))")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "adm", "st",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "e.g", "i.e", "approx",
}


def split_sentences(text: str) -> list[Sentence]:
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(line.group()):
            end = line.start() + boundary.end()
            if _ends_with_abbreviation(text[start : line.start() + boundary.start() + 1]):
                continue
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    trimmed = (_trim(text, s, e) for s, e in spans)
    kept = [piece for s, e in trimmed if e > s for piece in _cut_overlong(text, s, e)]
    return [Sentence(number=i, start=s, end=e) for i, (s, e) in enumerate(kept, start=1)]


def _cut_overlong(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A "sentence" longer than any real one (a table, a blob with no full stops) is cut at spaces into
    pieces of at most MAX_SENTENCE_CHARS, so no excerpt ever holds more than fits a model's context."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append(_trim(text, start, cut))
        start = _trim(text, cut, end)[0]
    return [*pieces, (start, end)]


def _ends_with_abbreviation(chunk: str) -> bool:
    word = re.search(r"(\S+)\.$", chunk)
    if not word:
        return False
    token = word.group(1).lower().lstrip("(\"'“‘")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
