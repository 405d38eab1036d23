"""Main text and title of a saved web page, without navigation and ads."""

from __future__ import annotations

import trafilatura

from ..errors import InputError
from .hidden import without_hidden_text


def extract_main_text(html: str, source: str) -> tuple[str, str | None, str | None, str | None]:
    """The text, the title, the publication date (ISO) and the canonical address (`<link rel=canonical>`,
    `og:url`) when the page's metadata has them."""
    html = without_hidden_text(html)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(source, "HTML page with no article text")
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata else None
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, title, (metadata.date if metadata else None) or None, (metadata.url if metadata else None) or None
