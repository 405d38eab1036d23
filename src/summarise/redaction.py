"""Secrets never reach an output, an error file or a log: a key a server echoes back is cut out.

The API keys in use are registered when a client is built; text bound for errors.jsonl, messages
and logs passes through `redact`, which also cuts anything shaped like a key or a bearer token.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

REDACTED = "[redacted]"
KEY_SHAPED = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}|\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}"
                        r"|\borg-[A-Za-z0-9]{8,}|\bproj_[A-Za-z0-9]{8,}", re.IGNORECASE)
_known: set[str] = set()


def register_secret(value: str | None) -> None:
    if value and len(value) >= 8 and value != "not-needed":
        _known.add(value)


def public_url(url: str) -> str:
    """The URL as it may be shown and recorded: without user info, query or fragment, which can carry keys
    (`http://user:pass@host/v1?api-key=...`). The full URL is still the one requests go to."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


def register_url_secrets(url: str) -> None:
    """The password and the query's values of a URL are redacted wherever text is redacted."""
    parts = urlsplit(url)
    register_secret(parts.password)
    for _, value in parse_qsl(parts.query):
        register_secret(value)


def redact(text: str) -> str:
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return KEY_SHAPED.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Applied to log handlers: a record's message is redacted once formatted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
