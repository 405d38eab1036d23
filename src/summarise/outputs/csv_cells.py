"""CSV cells safe to open in a spreadsheet (OWASP, CSV Injection): text that a spreadsheet would read as
a formula gets a leading apostrophe, so it shows as text. Numbers stay numbers; JSON stays faithful."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralised(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised_row(row: dict) -> dict:
    return {key: neutralised(value) for key, value in row.items()}
