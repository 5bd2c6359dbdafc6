"""The app in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`.

Screenshots of each step land in test-artifacts/browser/. Nothing sleeps: each step waits for the
text the app shows when it is done, and for Streamlit to finish the run that shows it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import SEEDS, Cli, add_seed, free_port, wait_until_up
from tests.test_report import MORE, add_history
from tracker.settings import PROJECT_ROOT

CHROMIUM = Path(os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
# A cold Streamlit on a busy 2-core machine needs well over Playwright's default 5 s for its first
# run; one generous limit for every action and every expectation.
TIMEOUT_MS = 30_000
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (.ci/run installs it)")


@pytest.fixture
def region_db(demo_db: Path) -> Path:
    """The demo calls with the working group's seven intentions and a history of moved dates."""
    cli = Cli()
    for seed in SEEDS:
        add_seed(cli, seed)
    for options in MORE.values():
        cli.json("intentions", "add", *options, "--json")
    add_history()
    return demo_db


@pytest.fixture
def app_url(region_db: Path) -> Iterator[str]:
    demo_db = region_db
    port = free_port()
    log = (demo_db / "streamlit.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ},
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/_stcore/health", process, lambda: (demo_db / "streamlit.log").read_text())
    yield url
    process.terminate()
    process.wait(timeout=15)
    log.close()


@pytest.fixture
def page(app_url: str):
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="cs-CZ")
        page.set_default_timeout(TIMEOUT_MS)
        page.requested = []  # every URL the browser asked for: all must stay on 127.0.0.1
        page.on("request", lambda request: page.requested.append(request.url))
        page.goto(app_url)
        settled(page)
        yield page
        browser.close()


def capture(page, name: str) -> None:
    """A screenshot of the whole page at 1400 px (the app scrolls inside its own container, so the
    window is made as tall as the content first)."""
    from playwright.sync_api import expect

    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(1000, height), 6000)})
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)  # redrawn at the new size
    page.screenshot(path=ARTIFACTS / name)
    page.set_viewport_size({"width": 1400, "height": 1000})


def elsewhere(urls: list[str]) -> list[str]:
    """The requests that left the machine (anything but the app on 127.0.0.1 and inline data)."""
    return [url for url in urls if not url.startswith(("data:", "blob:")) and urlsplit(url).hostname != "127.0.0.1"]


def click_row(page, table, row: int) -> None:
    """Select a row of a Streamlit dataframe (a canvas): click its selection cell at the left."""
    box = table.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 * row + 17)  # header and rows are 35 px high


def settled(page) -> None:
    """Wait until the app is connected and its script has finished running (Streamlit marks both on
    stApp). Call it once the page shows something of the run in question: right after an action the
    rerun may not have started yet."""
    from playwright.sync_api import expect

    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")


def choose(page, label: str, text: str, option: str | None = None) -> None:
    """Pick an option in a Streamlit select box or multiselect: type to narrow the list, click it."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    page.get_by_role("option", name=option or text, exact=option is not None).first.click()
    if page.get_by_role("listbox").count():  # a multiselect stays open for more choices
        page.keyboard.press("Escape")


def test_an_officer_reads_the_overview_finds_housing_calls_opens_one_and_adds_and_edits_an_intention(
        page, app_url: str) -> None:
    from playwright.sync_api import expect

    # Přehled is the home page: the region's report with the workbook to download.
    expect(page.get_by_role("heading", name="Přehled pro pracovní skupinu")).to_be_visible()
    expect(page.get_by_text("2 záměry bez výzvy, rozpočet 20 500 000 Kč").first).to_be_visible()
    # Table cells live in the grid's canvas; its accessible copy holds the text.
    expect(page.get_by_text("žádná výzva pro oblast doprava a žadatele obec", exact=True)).to_be_attached()
    expect(page.get_by_role("button", name="Stáhnout pro jednání (XLSX)")).to_be_visible()
    settled(page)
    page.screenshot(path=ARTIFACTS / "0-prehled-top.png")  # the README's picture (docs/prehled.png)
    capture(page, "0-prehled.png")
    page.get_by_role("tab", name="Poptávka a alokace").click()
    expect(page.get_by_text("14 výzev, z toho 1 s poptávkou nad alokací").nth(1)).to_be_visible()
    capture(page, "0-prehled-poptavka.png")

    page.get_by_role("link", name="Výzvy").click()
    expect(page.get_by_text("Nalezeno výzev: 14")).to_be_visible()
    expect(page.get_by_text("Ukázková data:")).to_be_visible()
    settled(page)
    capture(page, "1-vyzvy.png")

    choose(page, "Oblast", "bydlení")
    choose(page, "Typ žadatele", "obec", option="obec")
    # The subscription URL names both filters only once both have been applied.
    expect(page.get_by_text("http://127.0.0.1:8502/calendar.ics?applicant_type=obec&area=bydleni",
                            exact=True)).to_be_visible()
    settled(page)  # and the table below is the filtered one
    expect(page.get_by_text("Nalezeno výzev: 5")).to_be_visible()
    capture(page, "2-filtered.png")

    # A click on the first row (IROP-105, the soonest deadline) opens its detail at its own address.
    click_row(page, page.get_by_test_id("stDataFrame").first, 0)
    expect(page.get_by_role("heading", name="Sociální bydlení II.")).to_be_visible()
    expect(page.get_by_text("2. 12. 2026 14:00 (přesný čas)")).to_be_visible()
    assert unquote(page.url).endswith("/vyzvy?call=irop:IROP-105")
    expect(page.get_by_text(f"{app_url}/vyzvy?call=irop:IROP-105", exact=True)).to_be_visible()
    settled(page)
    capture(page, "3-detail.png")
    page.get_by_role("button", name="← Zpět na seznam výzev").click()
    expect(page.get_by_text("Nalezeno výzev: 5")).to_be_visible()  # the filters are as they were

    # The shareable address opens the call for anyone who follows it.
    page.goto(f"{app_url}/vyzvy?call=opzplus:03_25_095")
    expect(page.get_by_role("heading", name="Výzva 095 - Dluhové poradenství a prevence předlužení")).to_be_visible()
    settled(page)

    page.get_by_role("link", name="Záměry").click()
    expect(page.get_by_role("heading", name="Projektové záměry")).to_be_visible()
    settled(page)  # the form is this page's
    page.get_by_role("button", name="Uložit záměr").click()  # empty: each field says what it needs
    expect(page.get_by_text("Vyplňte název záměru.")).to_be_visible()
    expect(page.get_by_text("IČO musí mít 8 číslic.")).to_be_visible()
    settled(page)
    page.get_by_label("Název záměru").fill("Sociální bydlení Frýdlant")
    page.get_by_label("Organizace (žadatel)").fill("Město Frýdlant")
    page.get_by_label("IČO").fill("00262781")
    choose(page, "Typ žadatele", "obec", option="obec")
    choose(page, "Oblasti", "bydlení")
    page.get_by_label("Rozpočet (Kč)").fill("30 000 000")
    page.get_by_label("Zahájení").fill("1. 6. 2027")
    page.get_by_label("Ukončení").fill("30. 6. 2029")
    page.get_by_role("button", name="Uložit záměr").click()
    expect(page.get_by_text("Záměr č. 8 „Sociální bydlení Frýdlant“ byl uložen.")).to_be_visible()
    expect(page.get_by_text("Seznam záměrů (8)")).to_be_visible()
    expect(page.get_by_text("Vyplňte název záměru.")).to_have_count(0)
    settled(page)
    capture(page, "4-zamery.png")

    # The private link, shown once, opens the intention for editing.
    link = page.get_by_test_id("stCode").filter(has_text="/zamery?edit=").inner_text().strip()
    page.goto(link)
    expect(page.get_by_role("heading", name="Úprava záměru č. 8")).to_be_visible()
    settled(page)
    page.get_by_label("Rozpočet (Kč)").fill("32 500 000")
    page.get_by_role("button", name="Uložit změny").click()
    expect(page.get_by_text("Změny záměru č. 8 „Sociální bydlení Frýdlant“ byly uloženy.")).to_be_visible()
    settled(page)
    capture(page, "4-zamery-edit.png")

    page.get_by_role("link", name="Shody").click()
    expect(page.get_by_text("Nalezeno vhodných výzev: 5")).to_be_visible()
    expect(page.get_by_text("http://127.0.0.1:8502/calendar.ics?intention=8", exact=True)).to_be_visible()
    settled(page)
    capture(page, "5-shody.png")

    page.get_by_role("link", name="Kalendář").click()
    expect(page.get_by_role("heading", name="Kalendář výzev")).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_be_visible()
    settled(page)
    capture(page, "6-kalendar.png")

    page.get_by_role("link", name="Přehled").click()
    expect(page.get_by_text("8 záměrů, rozpočet 121 174 960 Kč").first).to_be_visible()  # the new one counts
    settled(page)
    assert elsewhere(page.requested) == []  # no font, icon or script from the internet
