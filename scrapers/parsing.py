"""Helpers every source's page parser shares. Parsers are pure: (html, url) → records."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from tracker.text.czech import normalize_spaces, parse_czk


class LayoutError(Exception):
    """A page lacks a part its parser needs: the site has probably been redesigned."""

    def __init__(self, url: str, missing: str):
        self.url, self.missing = url, missing
        super().__init__(f"{url}: {missing}")


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def text_of(node: Tag | None) -> str:
    """The visible text of a node with spaces folded (NBSP included)."""
    if node is None:
        return ""
    return normalize_spaces(node.get_text(" "))


def absolute(url: str, href: str | None) -> str | None:
    return urljoin(url, href) if href else None


def column_multiplier(header: str) -> int:
    """The unit a column heading gives its numbers: ``Alokace (mil. Kč)`` → 1 000 000."""
    unit = header.rsplit("(", 1)[1] if "(" in header else ""
    return parse_czk("1 " + unit) or 1 if unit else 1


def strip_label(text: str, label: str) -> str:
    """``"Číslo výzvy: 03_26_112"`` → ``"03_26_112"``."""
    return re.sub(rf"^\s*{re.escape(label)}\s*:?\s*", "", text, flags=re.IGNORECASE).strip()
