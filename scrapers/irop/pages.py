"""IROP (irop.gov.cz): every selector and label this source is read by.

After a redesign of the site, this is the one file to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bs4 import Tag

from scrapers.parsing import LayoutError, absolute, column_multiplier, soup, text_of
from scrapers.workbooks import workbook_rows
from tracker.sources.records import CallRecord, Origin
from tracker.text.czech import parse_czk, parse_date, parse_window

SOURCE = "irop"
PROGRAMME = "IROP"
BASE_URL = "https://irop.gov.cz"
LISTING_PATH = "/cs/vyzvy-2021-2027"

# listing
CALL_LINK = "a[href*='/vyzvy-2021-2027/vyzvy/']"
CALL_LINE = re.compile(
    r"^(?P<number>\d+)\.\s*výzva\s+IROP\s*-\s*(?P<title>.+?)\s*-\s*(?P<objective>SC\s*[\d.]+)\s*"
    r"(?:\((?P<region>PR|MRR|ČR)\))?\s*(?:Příjem žádostí\s*:\s*(?P<window>.*?))?\s*"
    r"(?P<state>Otevřená|Uzavřená|Plánovaná|Zrušená|Pozastavená)?\s*$",
    re.IGNORECASE,
)
CALENDAR_LINK_TEXT = re.compile(r"Stáhnout kalendář", re.IGNORECASE)
NUMBER_IN_URL = re.compile(r"/(\d+)vyzvairop")

# detail
DETAIL_LABELS = {
    "state": "Stav výzvy",
    "kind": "Druh výzvy",
    "announced": "Zpřístupnění žádosti o podporu",
    "opens": "Zahájení příjmu žádostí",
    "closes": "Ukončení příjmu žádostí",
    "applicants": "Oprávnění žadatelé",
}
DETAIL_REQUIRED = ("state", "closes")
SECTION_FILES = "Připojené soubory"
SECTION_GENERAL = "Obecné informace"
SECTION_STATISTICS = "Statistiky k výzvě"
SECTION_NEWS = "Aktuality"
STAT_ALLOCATION = "Finanční alokace výzvy"

# calendar workbook
PLAN_COLUMNS = {
    "number": "Číslo výzvy",
    "title": "Název výzvy",
    "objective": "Specifický cíl",
    "activity": "Aktivita",
    "kind": "Druh výzvy",
    "announced": "Plánované vyhlášení",
    "window": "Příjem žádostí",
    "allocation": "Alokace",
    "applicants": "Oprávnění žadatelé",
}


def external_id(number: str | int) -> str:
    return f"IROP-{int(number)}"


@dataclass
class ListingPage:
    entries: list[CallRecord]
    calendar_urls: list[str]


def parse_listing(html: str, url: str) -> ListingPage:
    page = soup(html)
    entries = []
    for link in page.select(CALL_LINK):
        line = CALL_LINE.match(text_of(link))
        if line is None:
            continue
        window = parse_window(line.group("window"))
        objective = line.group("objective") + (f" ({line.group('region')})" if line.group("region") else "")
        entries.append(CallRecord(
            source=SOURCE, external_id=external_id(line.group("number")), title=line.group("title"),
            url=absolute(url, link.get("href")) or url, origin=Origin.LISTING, programme=PROGRAMME,
            specific_objective=objective, status_word=line.group("state"), opens=window.start, closes=window.end,
        ))
    if not entries:
        raise LayoutError(url, f"no call links ({CALL_LINK}) of the form '120. výzva IROP - …' in the listing")
    calendars = [link for a in page.find_all("a", string=CALENDAR_LINK_TEXT) if (link := absolute(url, a.get("href")))]
    return ListingPage(entries, calendars)


def _section(root: Tag, title: str) -> Tag | None:
    heading = root.find(["h2", "h3"], string=re.compile(re.escape(title), re.IGNORECASE))
    if heading is None:
        return None
    container = heading.find_parent("section")
    if container is not None:
        return container
    # no wrapping section: take the siblings up to the next heading of the same level
    holder = soup("<div></div>").div
    for sibling in list(heading.find_next_siblings()):
        if sibling.name == heading.name:
            break
        holder.append(sibling.__copy__())
    return holder


def parse_detail(html: str, url: str, listing: CallRecord | None = None) -> CallRecord:
    page = soup(html)
    values: dict[str, str] = {}
    wanted = {label.lower(): key for key, label in DETAIL_LABELS.items()}
    for row in page.select("tr"):
        cells = row.find_all(["th", "td"])
        if len(cells) >= 2:
            label = text_of(cells[0]).rstrip(":").strip().lower()
            if label in wanted:
                values[wanted[label]] = text_of(cells[1])
    missing = [DETAIL_LABELS[k] for k in DETAIL_REQUIRED if not values.get(k)]
    if missing:
        raise LayoutError(url, f"missing row(s) {', '.join(missing)} in the call's table")
    heading = page.find("h1")
    title_line = CALL_LINE.match(text_of(heading)) if heading is not None else None
    number = NUMBER_IN_URL.search(url)
    if listing is not None:
        ext_id, title = listing.external_id, listing.title
    elif title_line is not None:
        ext_id, title = external_id(title_line.group("number")), title_line.group("title")
    elif number is not None:
        ext_id, title = external_id(number.group(1)), text_of(heading)
    else:
        raise LayoutError(url, "no call number in the heading or the URL")

    allocation = None
    statistics = _section(page, SECTION_STATISTICS)
    if statistics is not None:
        for row in statistics.select("tr"):
            cells = row.find_all(["th", "td"])
            if len(cells) >= 2 and text_of(cells[0]).startswith(STAT_ALLOCATION):
                allocation = parse_czk(text_of(cells[1]), assume_czk=True)
    general = _section(page, SECTION_GENERAL)
    general_text = text_of(general) if general is not None else ""
    if allocation is None:
        allocation = parse_czk(general_text)
    files = _section(page, SECTION_FILES)
    first_file = files.find("a", href=True) if files is not None else None
    news = _section(page, SECTION_NEWS)
    notes = [text_of(li) for li in news.find_all("li")] if news is not None else []
    return CallRecord(
        source=SOURCE,
        external_id=ext_id,
        title=title,
        url=url,
        origin=Origin.DETAIL,
        programme=PROGRAMME,
        specific_objective=listing.specific_objective if listing else None,
        call_kind=values.get("kind", "").lower() or None,
        status_word=values.get("state"),
        announced=parse_date(values.get("announced")),
        opens=parse_date(values.get("opens")),
        closes=parse_date(values.get("closes")),
        until_exhausted=parse_window(values.get("closes")).until_exhausted,
        allocation_czk=allocation,
        eligible_applicants=values.get("applicants", ""),
        area_text=general_text,
        documents_url=absolute(url, first_file["href"]) if first_file is not None else None,
        notes="\n".join(notes) or None,
    )


def parse_calendar(body: bytes, url: str) -> list[CallRecord]:
    rows = workbook_rows(body, url, PLAN_COLUMNS["number"])
    plans = []
    for row in rows:
        cells = {key: next((v for h, v in row.items() if h.lower().startswith(label.lower())), "")
                 for key, label in PLAN_COLUMNS.items()}
        number = re.match(r"\d+", cells["number"])
        if number is None or not cells["title"]:
            continue
        multiplier = column_multiplier(
            next((h for h in row if h.lower().startswith(PLAN_COLUMNS["allocation"].lower())), ""))
        window = parse_window(cells["window"])
        link = next((absolute(url, v) for h, v in row.items() if h.endswith("[link]")), None)
        plans.append(CallRecord(
            source=SOURCE, external_id=external_id(number.group()), title=cells["title"], url=link or url,
            origin=Origin.PLAN, programme=PROGRAMME, specific_objective=cells["objective"] or None,
            call_kind=cells["kind"].lower() or None, status_word="planned",
            announced=parse_date(cells["announced"]), opens=window.start, closes=window.end,
            until_exhausted=window.until_exhausted,
            allocation_czk=parse_czk(cells["allocation"], assume_czk=True, multiplier=multiplier),
            eligible_applicants=cells["applicants"], area_text=cells["activity"],
        ))
    return plans


# Which parser reads which kind of page: the "parser" of each page in data/samples/irop/routes.json.
PARSERS: dict[str, Callable[..., Any]] = {
    "listing": parse_listing, "detail": parse_detail, "workbook": parse_calendar,
}
