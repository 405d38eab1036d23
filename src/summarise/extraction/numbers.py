"""Numbers in article text: unit counts and sums of money, read by the code, not the model."""

from __future__ import annotations

import re

from ..schema import Money

UNIT_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
              "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _number_words() -> dict[str, int]:
    """English numbers as words, one to ninety-nine, and the dozens and hundreds news uses."""
    words = {word: value for value, word in enumerate(UNIT_WORDS, start=1)}
    for tens, word in enumerate(TENS_WORDS, start=2):
        words[word] = tens * 10
        for unit, unit_word in enumerate(UNIT_WORDS[:9], start=1):
            words[f"{word}-{unit_word}"] = words[f"{word} {unit_word}"] = tens * 10 + unit
    return {**words, "a dozen": 12, "dozen": 12, "two dozen": 24, "a hundred": 100, "one hundred": 100}


NUMBER_WORDS = _number_words()
_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
COUNT = re.compile(rf"(?<![\w.,$€£¥/-])(\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD})(?![\w%]|[.,]\d)", re.IGNORECASE)
# What follows a number that is a measure, a sum or a part, not a count of units: "a 15-kilogram warhead",
# "a 120-kilometre range", "one of the missiles".
NOT_UNITS = re.compile(r"^\s*-?\s*(?:%|percent|per cent|km\b|kilo\w*|miles?\b|nautical|hours?\b|days?\b|weeks?\b|"
                       r"months?\b|years?\b|year-old|decades?\b|minutes?\b|seconds?\b|million|billion|trillion|"
                       r"bn\b|m\b|mm\b|cm\b|times\b|kg\b|lbs?\b|pounds?\b|tons?\b|tonnes?\b|metres?\b|meters?\b|"
                       r"feet\b|foot\b|inch\w*|knots?\b|mph\b|degrees?\b|of\b)", re.IGNORECASE)
SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
         "trillion": 1e12}
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
                  "pounds": "GBP", "gbp": "GBP", "yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rubles": "RUB",
                  "roubles": "RUB", "rub": "RUB", "rupees": "INR", "inr": "INR", "yen": "JPY", "won": "KRW",
                  "shekels": "ILS", "lira": "TRY", "dinars": "RSD"}
CURRENCY_CODES = {code.upper() for code in CURRENCY_WORDS if len(code) == 3}
# An amount, or a range of amounts ("3-4 million", "3 to 4 million"), and its scale.
_AMOUNT = (r"(?P<low>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d[\d,]*(?:\.\d+)?))?"
           r"\s*(?P<scale>thousand|million|billion|trillion|mn|bn|m|b)?\b")
MONEY_PATTERNS = (
    re.compile(rf"(?P<sign>US\$|\$|€|£|¥|₹|₽)\s?{_AMOUNT}", re.IGNORECASE),
    re.compile(rf"\b(?P<code>{'|'.join(sorted(CURRENCY_CODES))})\s?{_AMOUNT}"),
    re.compile(rf"{_AMOUNT}\s*(?:of\s+)?(?P<word>{'|'.join(CURRENCY_WORDS)})\b", re.IGNORECASE),
)


def parse_quantity(value: object) -> object:
    """The model's quantity as an integer: 24, "24", "2,500", "nine" and "about 15" all work.

    A sum of money or a fraction is not a count of units ("$1.5 billion", 2.5): no quantity, rather than
    an answer that fails the integer check and loses its whole deal.
    """
    if isinstance(value, float) and not value.is_integer():
        return None
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if text in ("", "null", "none", "unknown", "n/a", "unspecified"):
        return None
    if money_in(value) is not None or re.search(r"\d[.,]\d+\s*(?:million|billion|trillion|bn|mn)?\b", text) and \
            not re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return None
    digits = re.search(r"\d[\d,]*", text)
    if digits:
        return int(digits.group().replace(",", ""))
    return next((n for word, n in NUMBER_WORDS.items() if re.search(rf"\b{word}\b", text)), value)


def split_leading_count(system: str) -> tuple[int | None, str]:
    """'2,500 DJI Mavix2 drones' is 2500 of 'DJI Mavix2 drones'; 'F-16 jets' has no count."""
    found = COUNT.match(system.strip())
    if found is None or NOT_UNITS.match(system.strip()[found.end():]):
        return None, system
    rest = system.strip()[found.end():].strip()
    value = _count_value(found.group(1))
    return (value, rest) if value is not None and rest else (None, system)


def counts_in(text: str) -> list[int]:
    """Unit counts stated in a text, leaving out years, distances, durations and sums."""
    found = []
    for match in COUNT.finditer(text):
        if NOT_UNITS.match(text[match.end():]):
            continue
        value = _count_value(match.group(1))
        if value is not None and not (1900 <= value <= 2100 and match.group(1).isdigit()):
            found.append(value)
    return found


LIST_BREAK = re.compile(r";|\b(?:and|or|as well as|plus)\b", re.IGNORECASE)


def count_before(text: str, phrase: str, window: int = 5) -> int | None:
    """The count that modifies a phrase: 'nine Chinese Wing Loong drones' gives 9 for 'Wing Loong'."""
    position = find_phrase(text, phrase)
    if position is None:
        return None
    words_before = " ".join(text[:position].split()[-window:])
    counts = counts_in(words_before + " x")
    if not counts or LIST_BREAK.search(words_before[last_count_end(words_before):]):
        return None  # '50,000 mortars and new trucks': the count is the first item's, not the phrase's
    return counts[-1]


def last_count_end(words: str) -> int:
    numbers = list(re.finditer(r"\d[\d,.]*|\b[a-z]+\b", words))
    counted = [m for m in numbers if counts_in(m.group() + " x")]
    return counted[-1].end() if counted else 0


def grounded_quantity(quantity: int | None, sentence: str, system: str, article: str = "") -> int | None:
    """Keep a quantity the text states; otherwise read the one that modifies the system in the sentence.

    Stated: a count of the sentence or the article, or a number the sentence writes at all (a count
    the count reader passed over is still the article's). A designation's number ("Hermes 900") is
    not a count.
    """
    if quantity is not None and quantity not in designation_numbers(system):
        if quantity in counts_in(sentence) or quantity in counts_in(article) or written_in(quantity, sentence):
            return quantity
    return count_before(sentence, system)


def designation_numbers(system: str) -> set[int]:
    """The numbers of a system's name ("Hermes 900", "F-16"): part of a designation, not counts."""
    return {int(n) for n in re.findall(r"\d+", system)}


def written_in(number: int, text: str) -> bool:
    """The number as digits ("1,200" or "1200") or words ("twelve") anywhere in the text, but not as a sum of
    money ("$665 million" writes no count of 665)."""
    forms = {str(number), f"{number:,}"} | {word for word, value in NUMBER_WORDS.items() if value == number}
    sums = money_spans(text)
    return any(not any(start <= found.start() < end for start, end in sums)
               for form in forms
               for found in re.finditer(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", text, re.IGNORECASE))


def money_spans(text: str) -> list[tuple[int, int]]:
    return [found.span() for pattern in MONEY_PATTERNS for found in pattern.finditer(text)]


def money_in(text: str) -> Money | None:
    """The one sum of money a text states, or None when it states none or several.

    A sum in brackets after another is its conversion ("€2 billion (US$2.2 billion)"), not a second sum.
    """
    found = sorted(((m.start(), _money(m)) for pattern in MONEY_PATTERNS for m in pattern.finditer(text)),
                   key=lambda pair: pair[0])
    sums = [money for start, money in found if not _in_brackets(text, start)]
    distinct = {(s.amount, s.amount_max, s.currency) for s in sums}
    return sums[0] if len(distinct) == 1 else None


def _money(match: re.Match[str]) -> Money:
    parts = match.groupdict()
    if parts.get("sign"):
        currency = CURRENCY_SIGNS[parts["sign"].lower()]
    else:
        currency = CURRENCY_WORDS[(parts.get("code") or parts["word"]).lower()]
    scale = SCALE.get((parts["scale"] or "").lower(), 1)
    high = float(parts["high"].replace(",", "")) * scale if parts["high"] else None
    return Money(amount=float(parts["low"].replace(",", "")) * scale, amount_max=high, currency=currency)


def _in_brackets(text: str, position: int) -> bool:
    return text.rfind("(", 0, position) > text.rfind(")", 0, position)


def _count_value(token: str) -> int | None:
    token = token.lower()
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    return int(token.replace(",", "")) if token.replace(",", "").isdigit() else None


def find_phrase(text: str, phrase: str) -> int | None:
    """Where the phrase, or failing that its most distinctive word (singular or plural: "F-16s"), first appears."""
    lowered = text.lower()
    position = lowered.find(phrase.lower().strip())
    if position >= 0:
        return position
    words = sorted(re.findall(r"[\w-]{3,}", phrase), key=lambda w: (not re.search(r"\d|[A-Z]", w), -len(w)))
    for word in words:
        stem = re.escape(re.sub(r"(?<=\w)(?:es|s)$", "", word.lower()))
        found = re.search(rf"\b{stem}(?:s|es)?\b", lowered)
        if found:
            return found.start()
    return None
