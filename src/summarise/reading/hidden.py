"""Text a browser would not show its reader is not read: an HTML page can hide instructions for software
in elements styled out of sight (zero font size, display none, white on white, off-screen)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|(?:left|top|text-indent)\s*:\s*-\d{3,}"
    r"|clip\s*:\s*rect\(\s*0|(?:^|;)\s*(?:height|width|max-height)\s*:\s*0(?:px)?\s*(?:;|$)",
    re.IGNORECASE)
_WHITE = r"(?:#fff(?:fff)?\b|white\b|rgb\(\s*255\s*,\s*255\s*,\s*255\s*\))"
_WHITE_TEXT = re.compile(rf"(?:^|;)\s*color\s*:\s*{_WHITE}", re.IGNORECASE)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;!]+)", re.IGNORECASE)
_CLASS_RULE = re.compile(r"\.([\w-]+)\s*\{([^}]*)\}")


def without_hidden_text(html: str) -> str:
    """The page with every element hidden by its attributes, its inline style or a simple class rule of
    the page's own style sheet removed; the page as it was when it does not parse."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    hiding_classes = classes_hidden_by(" ".join(root.xpath("//style/text()")))
    for element in list(root.iter(etree.Element)):
        if element.getparent() is not None and hidden(element, hiding_classes):
            element.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def classes_hidden_by(style_sheet: str) -> set[str]:
    return {name for name, body in _CLASS_RULE.findall(style_sheet) if hides(body)}


def hidden(element, hiding_classes: set[str]) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style") or ""
    if hides(style) or (_WHITE_TEXT.search(style) and not on_a_coloured_background(element)):
        return True
    return bool(hiding_classes & set((element.get("class") or "").split()))


def hides(declarations: str) -> bool:
    return bool(_HIDING.search(declarations))


def on_a_coloured_background(element) -> bool:
    """White text is read where the element or one around it sets a background that is not white."""
    for around in (element, *element.iterancestors()):
        backgrounds = _BACKGROUND.findall(around.get("style") or "") + [around.get("bgcolor") or ""]
        if any(b.strip() and not re.fullmatch(_WHITE, b.strip(), re.IGNORECASE) for b in backgrounds):
            return True
    return False
