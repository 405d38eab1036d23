"""Text folded for comparing names: any script, any case, with or without accents."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex
from anyascii import anyascii

_ACCENTS = regex.compile(r"[\u0300-\u036f]")  # the combining marks Latin, Greek and Cyrillic accents decompose to
_POSSESSIVE = regex.compile(r"['’‘`]s\b")
_NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}]+")
# Scripts written without spaces between words: a name is found inside a run of letters.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Casefolded words of any script, accents of Latin, Greek and Cyrillic letters removed, quotes and
    possessives gone, padded with spaces so that ' word ' finds whole words."""
    text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _POSSESSIVE.sub(" ", text)
    return f" {_NOT_WORD.sub(' ', text).strip()} "


@lru_cache(maxsize=8192)
def fold_ascii(text: str) -> str:
    """The same, transliterated to ASCII first: a second key, so 'Kızılelma' meets 'Kizilelma'."""
    return fold(anyascii(text))


def unspaced(text: str) -> bool:
    return bool(_UNSPACED.search(text))
