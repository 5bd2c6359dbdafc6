"""RSK LK (www.rsk-lk.cz, Joomla): every selector, label and phrase this source is read by.

An article becomes a call only when it names a programme and an application window or a
deadline; everything else is ordinary news. After a redesign, this is the one file to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapers.parsing import LayoutError, absolute, soup, text_of
from tracker.sources.records import CallRecord, Origin
from tracker.text.czech import parse_czk, parse_window

SOURCE = "rsk"
BASE_URL = "https://www.rsk-lk.cz"
LISTING_PATH = "/aktuality"

ARTICLE_LINK = re.compile(r"/aktuality/(\d+)-[\w-]+/?$")
NEXT_PAGE = re.compile(r"^\s*(Další|Následující|›|»)", re.IGNORECASE)
ARTICLE_ROOT = ("[itemprop=articleBody]", ".item-page", "article")
ARTICLE_TITLE = (".page-header h2", ".page-header h1", "h1", "h2")
SOURCE_LABEL = re.compile(r"^\s*Zdroj\s*:?", re.IGNORECASE)

# (pattern, programme): the first that matches the title, else the text, names the programme
PROGRAMMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE if flags else 0), name) for p, name, flags in (
        (r"\bMAS\b|\bCLLD\b", "MAS/CLLD", False),
        (r"místní akční skupin", "MAS/CLLD", True),
        (r"\bITI\b", "ITI", False),
        (r"dotační\w*\s+program\w*\s+Libereck\w+\s+kraje|Dotační\w*\s+fond\w*\s+Libereck\w+\s+kraje"
         r"|Liberecký kraj vyhlašuje", "Liberecký kraj", True),
        (r"\bOP\s?Z\s?\+|\bOPZ\s?plus\b|Zaměstnanost plus", "OPZ+", True),
        (r"\bIROP\b", "IROP", False),
        (r"\bOP\s?JAK\b", "OP JAK", False),
        (r"\bOP\s?TAK\b", "OP TAK", False),
        (r"\bOP\s?ŽP\b", "OP ŽP", False),
        (r"\bOP\s?ST\b", "OP ST", False),
    )
)
WINDOW_PHRASE = re.compile(
    r"příjem\s+(?:žádostí|projektových\s+záměrů)|(?:žádosti|záměry|projektové\s+záměry)\s+(?:lze|je\s+možné)\s+"
    r"(?:podávat|předkládat)|(?:je\s+možné|lze)\s+(?:žádat|podávat|předkládat)|uzávěrk\w*|"
    r"termín\w*\s+pro\s+(?:podání|předložení)|podávání\s+žádostí",
    re.IGNORECASE,
)
APPLICANTS_PHRASE = re.compile(
    r"(?:oprávněn\w*\s+žadatel\w*|žadatel\w*|příjemc\w*\s+podpory)\s+(?:jsou|mohou\s+být)\s*:?|"
    r"oprávněn\w*\s+žadatel\w*\s*:",
    re.IGNORECASE,
)
# "alokace výzvy činí 150 mil. Kč": the amount is looked for in a bounded window after the word, and
# only the first few mentions are tried, so no page can make this slow (see bench text_worst_100kb_ms).
ALLOCATION_WORD = re.compile(r"alokac\w*", re.IGNORECASE)
ALLOCATION_AMOUNT = re.compile(r"\d(?:[\d ,]{0,24}\d)? ?(?:mld\.|mil\.|tis\.)? ?Kč", re.IGNORECASE)
ALLOCATION_WINDOW = 200
ALLOCATION_TRIES = 10
SENTENCE_END = re.compile(r"\.\s+(?=[A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ])")


@dataclass
class ListingPage:
    article_urls: list[str]
    next_url: str | None


def parse_listing(html: str, url: str) -> ListingPage:
    page = soup(html)
    urls: list[str] = []
    for a in page.find_all("a", href=True):
        href = absolute(url, a["href"]) or ""
        if ARTICLE_LINK.search(href.split("?")[0]) and href not in urls:
            urls.append(href)
    if not urls:
        raise LayoutError(url, "no links to /aktuality/<id>-… articles in the listing")
    nxt = page.find("a", href=True, string=NEXT_PAGE)
    return ListingPage(urls, absolute(url, nxt["href"]) if nxt is not None else None)


def _sentence_from(text: str, start: int) -> str:
    end = SENTENCE_END.search(text, start)
    return text[start: end.start() if end else len(text)]


def allocation_text(body: str) -> str | None:
    """The amount named after "alokace" in the same sentence (``150 mil. Kč``), or ``None``."""
    for tries, word in enumerate(ALLOCATION_WORD.finditer(body)):
        if tries == ALLOCATION_TRIES:
            break
        window = body[word.end(): word.end() + ALLOCATION_WINDOW]
        amount = ALLOCATION_AMOUNT.search(window)
        if amount is not None and "." not in window[: amount.start()]:  # in the same sentence
            return amount.group()
    return None


def _programme(title: str, body: str) -> str | None:
    for text in (title, body):
        for pattern, name in PROGRAMMES:
            if pattern.search(text):
                return name
    return None


def article_call_id(url: str) -> str | None:
    """The id a call announced by the article at ``url`` is stored under (``rsk-901``)."""
    article_id = ARTICLE_LINK.search(url.split("?")[0])
    return f"rsk-{article_id.group(1)}" if article_id else None


def parse_article(html: str, url: str) -> CallRecord | None:
    """A call record when the article announces a call, else ``None`` (ordinary news)."""
    page = soup(html)
    root = next((n for n in (page.select_one(s) for s in ARTICLE_ROOT) if n is not None), None)
    if root is None:
        raise LayoutError(url, "no article text (articleBody / item-page) on the page")
    title_node = next((n for n in (page.select_one(s) for s in ARTICLE_TITLE) if n is not None), None)
    title = text_of(title_node)
    if not title:
        raise LayoutError(url, "no article title")
    body = text_of(root)
    call_id = article_call_id(url)
    if call_id is None:
        raise LayoutError(url, "the article URL has no /aktuality/<id>- part")
    programme = _programme(title, body)
    phrase = WINDOW_PHRASE.search(body)
    if programme is None or phrase is None:
        return None
    window = parse_window(_sentence_from(body, phrase.start()))
    if window.start is None and window.end is None:
        return None
    applicants = APPLICANTS_PHRASE.search(body)
    allocation = allocation_text(body)
    source_link = None
    label = root.find(string=SOURCE_LABEL)
    if label is not None:
        link = label.find_next("a", href=True)
        source_link = link["href"] if link is not None else None
    return CallRecord(
        source=SOURCE,
        external_id=call_id,
        title=title,
        url=url,
        origin=Origin.DETAIL,
        programme=programme,
        status_word="zrušena" if re.search(r"\bzrušen\w*", title, re.IGNORECASE) else None,
        opens=window.start,
        closes=window.end,
        until_exhausted=window.until_exhausted,
        allocation_czk=parse_czk(allocation) if allocation else None,
        eligible_applicants=_sentence_from(body, applicants.end()).strip(" .") if applicants else "",
        area_text=body,
        source_url=source_link,
    )


# Which parser reads which kind of page: the "parser" of each page in data/samples/rsk/routes.json.
PARSERS: dict[str, Callable[..., Any]] = {
    "listing": parse_listing, "article": parse_article,
}
