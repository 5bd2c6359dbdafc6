"""The page parsers on the saved samples: pure functions, no crawling, no database."""

from __future__ import annotations

import pytest

from scrapers.irop import pages as irop
from scrapers.opzplus import pages as opzplus
from scrapers.parsing import LayoutError
from scrapers.rsk import pages as rsk
from tests.conftest import sample_bytes, sample_text

OPZ = "https://www.esfcr.cz"
IROP = "https://irop.gov.cz"
RSK = "https://www.rsk-lk.cz"

listing = opzplus.parse_listing(sample_text("opzplus", "listing-1.html"), OPZ + opzplus.LISTING_PATH)
debt = opzplus.parse_detail(sample_text("opzplus", "vyzva-095-opz-plus.html"), OPZ + "/vyzva-095-opz-plus",
                            listing.entries[2])


def test_opzplus_listing_reads_every_block_and_the_pager_total() -> None:
    assert [e.external_id for e in listing.entries] == ["03_26_112", "03_26_108", "03_25_095"]
    assert listing.total == 5
    assert any(u.endswith("_cur=2") for u in listing.page_urls)


def test_opzplus_platnost_do_is_the_deadline() -> None:
    assert debt.closes.iso() == "2026-12-17T14:00:00+01:00"
    assert debt.opens.iso() == "2026-06-01T08:00:00+02:00"


def test_opzplus_detail_fields() -> None:
    assert debt.allocation_czk == 120_000_000
    assert debt.call_mode == "otevřená"
    assert debt.status_word is None  # "Typ výzvy: otevřená" is a mode, not a state
    assert debt.documents_url == OPZ + "/documents/20152/vyzva-03_25_095.pdf"
    assert debt.eligible_applicants.startswith("nestátní neziskové organizace")


def test_opzplus_cancel_notice_is_an_explicit_word() -> None:
    cancelled = opzplus.parse_detail(sample_text("opzplus", "vyzva-115-opz-plus.html"), OPZ + "/vyzva-115-opz-plus")
    assert cancelled.status_word == "zrušena"


def test_opzplus_harmonogram_keeps_month_and_quarter_precision() -> None:
    plan = opzplus.parse_harmonogram(sample_text("opzplus", "harmonogram.html"), OPZ + opzplus.HARMONOGRAM_PATH)
    first, second = plan.plans
    assert (first.announced.iso(), first.opens.iso(), first.closes.iso()) == ("2027-Q1", "2027-03", "2027-06")
    assert first.allocation_czk == 250_000_000
    assert second.closes is None and second.until_exhausted
    assert plan.workbook_urls == [OPZ + "/documents/20152/harmonogram-opz-plus-2027.xlsx"]
    workbook = opzplus.parse_harmonogram_workbook(sample_bytes("opzplus", "harmonogram-opz-plus-2027.xlsx"), "x")
    assert [p.external_id for p in workbook] == ["03_27_120", "03_27_121", "03_27_125"]


def test_opzplus_redesign_is_a_layout_error() -> None:
    with pytest.raises(LayoutError, match="div.article"):
        opzplus.parse_listing(sample_text("opzplus", "listing-redesigned.html"), OPZ)


def test_irop_listing_line() -> None:
    entries = irop.parse_listing(sample_text("irop", "listing.html"), IROP + irop.LISTING_PATH).entries
    first = entries[0]
    assert (first.external_id, first.title, first.specific_objective) == (
        "IROP-120", "Kybernetická bezpečnost II.", "SC 1.1 (PR)")
    assert (first.opens.iso(), first.closes.iso(), first.status_word) == ("2026-04-30", "2026-12-17", "Otevřená")


def test_irop_detail_reads_table_statistics_and_news() -> None:
    call = irop.parse_detail(sample_text("irop", "vyzva-105.html"), IROP + "/cs/vyzvy-2021-2027/vyzvy/105vyzvairop")
    assert call.external_id == "IROP-105"
    assert call.allocation_czk == 1_798_341_944
    assert call.call_kind == "průběžná"
    assert call.closes.iso() == "2026-12-02T14:00:00+01:00"
    assert "prodlužuje z 2. 6. 2026 na 2. 12. 2026" in call.notes
    assert call.eligible_applicants.startswith("obce, nestátní neziskové organizace")


def test_irop_calendar_workbook_rows() -> None:
    plans = irop.parse_calendar(sample_bytes("irop", "kalendar-vyzev-irop-2027.xlsx"), IROP)
    assert [(p.external_id, p.opens.iso(), p.closes.iso(), p.allocation_czk) for p in plans][1] == (
        "IROP-127", "2027-03", "2027-09", 1_200_000_000)
    assert plans[0].url == IROP + "/cs/vyzvy-2021-2027/vyzvy/126vyzvairop"


def test_irop_detail_without_its_rows_is_a_layout_error() -> None:
    with pytest.raises(LayoutError, match="Stav výzvy"):
        irop.parse_detail("<html><h1>120. výzva IROP</h1></html>", IROP + "/x/120vyzvairop")


def test_rsk_listing_links_articles_only() -> None:
    page = rsk.parse_listing(sample_text("rsk", "listing-1.html"), RSK + "/aktuality")
    assert len(page.article_urls) == 4 and all("/aktuality/9" in u for u in page.article_urls)
    assert page.next_url == RSK + "/aktuality?start=4"


def test_rsk_announcement_becomes_a_call_with_its_source_link() -> None:
    call = rsk.parse_article(sample_text("rsk", "aktualita-901.html"),
                             RSK + "/aktuality/901-vyhlaseni-5-vyzvy-mas-podjestedi-irop-socialni-infrastruktura")
    assert (call.external_id, call.programme) == ("rsk-901", "MAS/CLLD")
    assert (call.opens.iso(), call.closes.iso()) == ("2026-12-07", "2027-01-30T12:00:00+01:00")
    assert call.allocation_czk == 12_500_000
    assert call.source_url == "https://www.podjestedi.cz/vyzvy/5-vyzva-irop"


def test_rsk_windows_1250_article_reads_correctly() -> None:
    call = rsk.parse_article(sample_text("rsk", "aktualita-902.html"), RSK + "/aktuality/902-dotacni-program")
    assert call.programme == "Liberecký kraj" and call.closes.iso() == "2027-02-03"
    assert call.allocation_czk == 15_000_000


def test_rsk_ordinary_news_is_not_a_call() -> None:
    assert rsk.parse_article(sample_text("rsk", "aktualita-903.html"), RSK + "/aktuality/903-jednani") is None
