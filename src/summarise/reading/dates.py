"""An article's publication date, when its text states one near the top ("June 12, 2024", "2024-06-12").

Only a full date (day, month and year) counts; parsing is dateparser's, strict. A dateline without a year
("Rabat, March 3") gives none: a guessed year would be worse than no date.
"""

from __future__ import annotations

import re

import dateparser

LINES_TO_READ = 6
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE = re.compile(rf"\b(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T[\d:.]+Z?)?)\b")
STRICT = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}


def published_date(text: str) -> str | None:
    """ISO date (YYYY-MM-DD) of the first full date in the article's first lines, if any."""
    lines = [line for line in text.splitlines() if line.strip()][:LINES_TO_READ]
    for line in lines:
        for found in DATE.finditer(line):
            parsed = dateparser.parse(found.group(), languages=["en"], settings=STRICT)
            if parsed is not None:
                return parsed.date().isoformat()
    return None
