"""Helpers every source's page parser shares. Parsers are pure: (html, url) → records."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from w3lib.url import safe_url_string

from tracker.text.czech import normalize_spaces, parse_czk


class LayoutError(Exception):
    """A page lacks a part its parser needs: the site has probably been redesigned."""

    summary = "page layout changed"

    def __init__(self, url: str, missing: str):
        self.url, self.missing = url, missing
        super().__init__(f"{url}: {missing}")


class PageRefused(LayoutError):
    """A page the parser will not read at all: over a size limit, or built to exhaust the crawler."""

    summary = "page refused"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def text_of(node: Tag | None) -> str:
    """The visible text of a node with spaces folded (NBSP included)."""
    if node is None:
        return ""
    return normalize_spaces(node.get_text(" "))


LINK_MAX = 2000  # characters of a link; longer ones are not links a site means
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def absolute(url: str, href: str | None) -> str | None:
    """A link on a page as an absolute, normalised http(s) URL, or ``None`` when it is not one.

    Every link a parser stores or follows goes through here: a ``javascript:``/``data:``/``mailto:``
    target, a link with control characters inside (a CR/LF would end an iCalendar line and start a
    forged event) or an absurdly long one is no link at all; the rest is percent-encoded (w3lib)."""
    if not href:
        return None
    href = str(href).strip()
    if not href or len(href) > LINK_MAX or _CONTROL.search(href):
        return None
    try:
        joined = safe_url_string(urljoin(url, href))
        parts = urlsplit(joined)
        hostname = parts.hostname
    except ValueError:  # e.g. a broken IPv6 host "http://[::1"
        return None
    if parts.scheme not in ("http", "https") or not hostname:
        return None
    return joined


def column_multiplier(header: str) -> int:
    """The unit a column heading gives its numbers: ``Alokace (mil. Kč)`` → 1 000 000."""
    unit = header.rsplit("(", 1)[1] if "(" in header else ""
    return parse_czk("1 " + unit) or 1 if unit else 1


def strip_label(text: str, label: str) -> str:
    """``"Číslo výzvy: 03_26_112"`` → ``"03_26_112"``."""
    return re.sub(rf"^\s*{re.escape(label)}\s*:?\s*", "", text, flags=re.IGNORECASE).strip()
