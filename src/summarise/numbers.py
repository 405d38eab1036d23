"""Numbers in article text: unit counts and sums of money, read by the code, not the model."""

from __future__ import annotations

import re

from .schema import Money

NUMBER_WORDS = {
    "a dozen": 12, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "two dozen": 24, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "hundred": 100, "dozen": 12,
}
_WORD = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
COUNT = re.compile(rf"(?<![\w.,$€£¥])(\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD})(?![\w%]|[.,]\d)", re.IGNORECASE)
NOT_UNITS = re.compile(r"^\s*(?:%|percent|per cent|km|kilomet|miles?|hours?|days?|weeks?|months?|years?|"
                       r"million|billion|bn|m\b|mm\b|times|kg|tons?|tonnes?|metres?|meters?)", re.IGNORECASE)
SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
         "trillion": 1e12}
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
                  "pounds": "GBP", "gbp": "GBP", "yuan": "CNY", "renminbi": "CNY", "cny": "CNY", "rubles": "RUB",
                  "roubles": "RUB", "rub": "RUB", "rupees": "INR", "inr": "INR", "yen": "JPY", "won": "KRW",
                  "shekels": "ILS", "lira": "TRY", "dinars": "RSD"}
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|bn|m|b)?\b"
MONEY_SIGN = re.compile(rf"(US\$|\$|€|£|¥|₹|₽)\s?{_AMOUNT}", re.IGNORECASE)
MONEY_WORD = re.compile(rf"{_AMOUNT}\s*(?:of\s+)?({'|'.join(CURRENCY_WORDS)})\b", re.IGNORECASE)


def parse_quantity(value: object) -> object:
    """The model's quantity as an integer: 24, "24", "2,500", "nine" and "about 15" all work."""
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if text in ("", "null", "none", "unknown", "n/a", "unspecified"):
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


def count_before(text: str, phrase: str, window: int = 5) -> int | None:
    """The count that modifies a phrase: 'nine Chinese Wing Loong drones' gives 9 for 'Wing Loong'."""
    position = find_phrase(text, phrase)
    if position is None:
        return None
    words_before = " ".join(text[:position].split()[-window:])
    counts = counts_in(words_before + " x")
    return counts[-1] if counts else None


def grounded_quantity(quantity: int | None, sentence: str, system: str) -> int | None:
    """Keep a quantity the sentence states; otherwise read the one that modifies the system, if any."""
    designation = {int(n) for n in re.findall(r"\d+", system)}  # the 900 of "Hermes 900" is not a count
    stated = [n for n in counts_in(sentence) if n not in designation]
    if quantity is not None and quantity in stated:
        return quantity
    return count_before(sentence, system)


def money_in(text: str) -> Money | None:
    """The one sum of money a text states, or None when it states none or several."""
    sums = [_money(m.group(2), m.group(3), CURRENCY_SIGNS[m.group(1).lower()]) for m in MONEY_SIGN.finditer(text)]
    sums += [_money(m.group(1), m.group(2), CURRENCY_WORDS[m.group(3).lower()]) for m in MONEY_WORD.finditer(text)]
    distinct = {(s.amount, s.currency) for s in sums}
    return sums[0] if len(distinct) == 1 else None


def _money(amount: str, scale: str | None, currency: str) -> Money:
    value = float(amount.replace(",", "")) * SCALE.get((scale or "").lower(), 1)
    return Money(amount=value, currency=currency)


def _count_value(token: str) -> int | None:
    token = token.lower()
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    return int(token.replace(",", "")) if token.replace(",", "").isdigit() else None


def find_phrase(text: str, phrase: str) -> int | None:
    """Where the phrase, or failing that its most distinctive word, first appears."""
    lowered = text.lower()
    position = lowered.find(phrase.lower().strip())
    if position >= 0:
        return position
    words = sorted(re.findall(r"[\w-]{3,}", phrase), key=lambda w: (not re.search(r"\d|[A-Z]", w), -len(w)))
    for word in words:
        found = re.search(rf"\b{re.escape(word.lower())}", lowered)
        if found:
            return found.start()
    return None
