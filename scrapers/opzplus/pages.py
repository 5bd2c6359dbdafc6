"""OPZ+ (www.esfcr.cz, a Liferay portal): every selector and label this source is read by.

After a redesign of the site, this is the one file to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapers.parsing import LayoutError, absolute, column_multiplier, soup, strip_label, text_of
from scrapers.workbooks import workbook_rows
from tracker.sources.records import CallRecord, Origin
from tracker.text.czech import parse_czk, parse_date, parse_window

SOURCE = "opzplus"
PROGRAMME = "OPZ+"
BASE_URL = "https://www.esfcr.cz"
LISTING_PATH = "/prehled-vyzev-opz-plus"
HARMONOGRAM_PATH = "/harmonogram-vyzev-opz-plus"

# listing
LISTING_ITEM = "div.article"
LISTING_HEADING = "h3.article-heading a"
LABEL_NUMBER = "Číslo výzvy"
LABEL_DEADLINE = "Platnost do"
LABEL_FOR = "Určeno pro"
LABEL_PUBLISHED = "Publikováno"
_NEXT_LABEL = "|".join(re.escape(x) for x in (LABEL_NUMBER, LABEL_DEADLINE, LABEL_FOR, LABEL_PUBLISHED))
PAGER_TOTAL = re.compile(r"z\s+celkového\s+počtu\s+(\d+)", re.IGNORECASE)
PAGER_PARAM = re.compile(r"_cur$")
NO_RESULTS = re.compile(r"nebyly nalezeny žádné|žádné výzvy", re.IGNORECASE)

# detail
DETAIL_ROOT = "#main-content"
DETAIL_LABELS = {
    "number": "Číslo",
    "valid_from": "Platnost od",
    "valid_to": "Platnost do",
    "opens": "Zahájení příjmu žádostí o podporu",
    "allocation": "Alokace v Kč",
    "objective": "Specifický cíl",
    "priority": "Priorita",
    "programme": "Operační program",
    "period": "Programové období",
    "announcer": "Vyhlašovatel",
    "mode": "Typ výzvy",
    "kind": "Druh výzvy",
}
DETAIL_REQUIRED = ("number", "valid_to")
DOCUMENTS_HEADING = "Soubory ke stažení"
DOCUMENT_LINK = "a[href*='/documents/']"
CANCELLED = re.compile(r"\b(zrušen[aáéý]?)\b", re.IGNORECASE)

# harmonogram (HTML table and the XLSX attached to it)
PLAN_COLUMNS = {
    "number": "Číslo výzvy",
    "title": "Název výzvy",
    "objective": "Specifický cíl",
    "announced": "Plánované vyhlášení",
    "opens": "Zahájení příjmu",
    "closes": "Ukončení příjmu",
    "allocation": "Alokace",
    "applicants": "Oprávnění žadatelé",
}
PLAN_REQUIRED = ("number", "title")
WORKBOOK_LINK = "a[href$='.xlsx']"


@dataclass
class ListingPage:
    entries: list[CallRecord]
    total: int | None
    page_urls: list[str] = field(default_factory=list)


def _line_value(block_text: str, label: str) -> str:
    m = re.search(rf"{re.escape(label)}\s*:\s*(.*?)(?=\s+(?:{_NEXT_LABEL})\s*:|$)", block_text)
    return m.group(1).strip() if m else ""


def parse_listing(html: str, url: str) -> ListingPage:
    page = soup(html)
    blocks = page.select(LISTING_ITEM)
    if not blocks:
        if NO_RESULTS.search(text_of(page.body)):
            return ListingPage([], 0)
        raise LayoutError(url, f"no call blocks ({LISTING_ITEM}) in the listing")
    entries = []
    for block in blocks:
        link = block.select_one(LISTING_HEADING)
        text = text_of(block)
        number = _line_value(text, LABEL_NUMBER)
        if link is None or not number:
            raise LayoutError(url, f"a call block without {LISTING_HEADING} or '{LABEL_NUMBER}'")
        deadline = parse_date(_line_value(text, LABEL_DEADLINE))
        for_node = block.find(string=re.compile(LABEL_FOR))
        applicants = ""
        if for_node is not None:
            strong = for_node.find_next("strong")
            applicants = text_of(strong) if strong is not None else strip_label(str(for_node), LABEL_FOR)
        entries.append(CallRecord(
            source=SOURCE, external_id=number, title=text_of(link), url=absolute(url, link.get("href")) or url,
            origin=Origin.LISTING, programme=PROGRAMME, closes=deadline, eligible_applicants=applicants,
            status_word=_cancel_word(text_of(link)),
        ))
    total_match = PAGER_TOTAL.search(text_of(page.body))
    pages = []
    for a in page.select("a[href]"):
        href = absolute(url, a["href"])
        if href and any(PAGER_PARAM.search(k) for k in parse_qs(urlsplit(href).query)):
            pages.append(href)
    return ListingPage(entries, int(total_match.group(1)) if total_match else None, pages)


def _cancel_word(text: str) -> str | None:
    m = CANCELLED.search(text)
    return m.group(1) if m else None


def parse_detail(html: str, url: str, listing: CallRecord | None = None) -> CallRecord:
    page = soup(html)
    root = page.select_one(DETAIL_ROOT)
    if root is None:
        raise LayoutError(url, f"no {DETAIL_ROOT} element")
    values: dict[str, str] = {}
    wanted = {label.lower(): key for key, label in DETAIL_LABELS.items()}
    for strong in root.select("p > strong"):
        label = text_of(strong).rstrip(":").strip().lower()
        if label in wanted:
            values[wanted[label]] = strip_label(text_of(strong.parent), text_of(strong).rstrip(":"))
    missing = [DETAIL_LABELS[k] for k in DETAIL_REQUIRED if not values.get(k)]
    if missing:
        raise LayoutError(url, f"missing label(s) {', '.join(missing)} on the call page")
    heading = root.find(["h1", "h2"])
    documents = None
    docs_heading = root.find(string=re.compile(DOCUMENTS_HEADING))
    if docs_heading is not None:
        link = docs_heading.find_next("a", href=re.compile(r"/documents/"))
        documents = absolute(url, link["href"]) if link is not None else None
    title = text_of(heading) if heading is not None else (listing.title if listing else values["number"])
    return CallRecord(
        source=SOURCE,
        external_id=values["number"],
        title=title,
        url=url,
        origin=Origin.DETAIL,
        programme=PROGRAMME,
        specific_objective=values.get("objective") or None,
        call_kind=(values.get("kind") or "").lower() or None,
        call_mode=(values.get("mode") or "").lower() or None,
        status_word=_cancel_word(text_of(root)),
        announced=parse_date(values.get("valid_from")),
        opens=parse_date(values.get("opens")),
        closes=parse_date(values.get("valid_to")),
        allocation_czk=parse_czk(values.get("allocation"), assume_czk=True),
        eligible_applicants=listing.eligible_applicants if listing else "",
        area_text=values.get("priority", ""),
        documents_url=documents,
    )


def _plan_record(row: dict[str, str], url: str, multiplier: int) -> CallRecord | None:
    number = row.get("number", "").strip()
    title = row.get("title", "").strip()
    if not number or not title:
        return None
    closes_text = row.get("closes", "")
    window = parse_window(closes_text)
    return CallRecord(
        source=SOURCE, external_id=number, title=title, url=url, origin=Origin.PLAN, programme=PROGRAMME,
        specific_objective=row.get("objective") or None, status_word="planned",
        announced=parse_date(row.get("announced")), opens=parse_date(row.get("opens")),
        closes=parse_date(closes_text), until_exhausted=window.until_exhausted,
        allocation_czk=parse_czk(row.get("allocation"), assume_czk=True, multiplier=multiplier),
        eligible_applicants=row.get("applicants", ""),
    )


def _column_keys(headers: list[str], url: str) -> dict[str, str]:
    keys = {}
    for header in headers:
        for key, label in PLAN_COLUMNS.items():
            if header.lower().startswith(label.lower()) and key not in keys.values():
                keys[header] = key
                break
    missing = [PLAN_COLUMNS[k] for k in PLAN_REQUIRED if k not in keys.values()]
    if missing:
        raise LayoutError(url, f"harmonogram without column(s) {', '.join(missing)}")
    return keys


def _multiplier(headers: list[str]) -> int:
    return column_multiplier(next((h for h in headers if h.lower().startswith(PLAN_COLUMNS["allocation"].lower())), ""))


@dataclass
class Harmonogram:
    plans: list[CallRecord]
    workbook_urls: list[str]


def parse_harmonogram(html: str, url: str) -> Harmonogram:
    page = soup(html)
    table = next((t for t in page.select("table") if PLAN_COLUMNS["number"] in text_of(t.find("tr"))), None)
    workbooks = [link for a in page.select(WORKBOOK_LINK) if (link := absolute(url, a["href"]))]
    if table is None:
        if workbooks:
            return Harmonogram([], workbooks)
        raise LayoutError(url, "no harmonogram table and no XLSX link")
    rows = table.select("tr")
    headers = [text_of(c) for c in rows[0].find_all(["th", "td"])]
    keys = _column_keys(headers, url)
    multiplier = _multiplier(headers)
    plans = []
    for tr in rows[1:]:
        cells = [text_of(c) for c in tr.find_all(["td", "th"])]
        record = _plan_record({keys[h]: c for h, c in zip(headers, cells) if h in keys}, url, multiplier)
        if record is not None:
            plans.append(record)
    return Harmonogram(plans, workbooks)


def parse_harmonogram_workbook(body: bytes, url: str) -> list[CallRecord]:
    rows = workbook_rows(body, url, PLAN_COLUMNS["number"])
    headers = list(rows[0].keys()) if rows else []
    keys = _column_keys(headers, url) if rows else {}
    multiplier = _multiplier(headers)
    plans = []
    for row in rows:
        record = _plan_record({keys[h]: v for h, v in row.items() if h in keys}, url, multiplier)
        if record is not None:
            plans.append(record)
    return plans


# Which parser reads which kind of page: the "parser" of each page in data/samples/opzplus/routes.json.
PARSERS: dict[str, Callable[..., Any]] = {
    "listing": parse_listing, "detail": parse_detail, "harmonogram": parse_harmonogram,
    "workbook": parse_harmonogram_workbook,
}
