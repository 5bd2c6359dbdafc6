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

import pytest

from tests.conftest import free_port, wait_until_up
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
def app_url(demo_db: Path) -> Iterator[str]:
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
        page.goto(app_url)
        settled(page)
        yield page
        browser.close()


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


def test_an_officer_finds_housing_calls_opens_one_and_adds_an_intention(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("Nalezeno výzev: 14")).to_be_visible()
    expect(page.get_by_text("Ukázková data:")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "1-vyzvy.png", full_page=True)

    choose(page, "Oblast", "bydlení")
    choose(page, "Typ žadatele", "obec", option="obec")
    # The subscription URL names both filters only once both have been applied.
    expect(page.get_by_text("http://127.0.0.1:8502/calendar.ics?applicant_type=obec&area=bydleni",
                            exact=True)).to_be_visible()
    settled(page)  # and the list of calls to open below is the filtered one
    expect(page.get_by_text("Nalezeno výzev: 5")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "2-filtered.png", full_page=True)

    choose(page, "Detail výzvy", "IROP-105")
    expect(page.get_by_role("heading", name="Sociální bydlení II.")).to_be_visible()
    expect(page.get_by_text("2. 12. 2026 14:00 (přesný čas)")).to_be_visible()
    settled(page)
    page.screenshot(path=ARTIFACTS / "3-detail.png", full_page=True)

    page.get_by_role("link", name="Záměry").click()
    expect(page.get_by_role("heading", name="Projektové záměry")).to_be_visible()
    settled(page)  # the form is this page's
    page.get_by_label("Název záměru").fill("Sociální bydlení Frýdlant")
    page.get_by_label("Organizace (žadatel)").fill("Město Frýdlant")
    page.get_by_label("IČO").fill("00262781")
    choose(page, "Typ žadatele", "obec", option="obec")
    choose(page, "Oblasti", "bydlení")
    page.get_by_label("Rozpočet (Kč)").fill("30 000 000")
    for label, digits in (("Zahájení", "01062027"), ("Ukončení", "30062029")):
        # A date field of segments (DD.MM.YYYY): focus the first one and type the digits through.
        page.get_by_label(label, exact=True).get_by_role("spinbutton").first.click()
        page.keyboard.type(digits)
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Uložit záměr").click()
    expect(page.get_by_text("Záměr č. 1 „Sociální bydlení Frýdlant“ byl uložen.")).to_be_visible()
    expect(page.get_by_text("Seznam záměrů (1)")).to_be_visible()
    settled(page)
    page.screenshot(path=ARTIFACTS / "4-zamery.png", full_page=True)

    page.get_by_role("link", name="Shody").click()
    expect(page.get_by_text("Nalezeno vhodných výzev: 5")).to_be_visible()
    expect(page.get_by_text("http://127.0.0.1:8502/calendar.ics?intention=1", exact=True)).to_be_visible()
    settled(page)
    page.screenshot(path=ARTIFACTS / "5-shody.png", full_page=True)

    page.get_by_role("link", name="Kalendář").click()
    expect(page.get_by_role("heading", name="Kalendář výzev")).to_be_visible()
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_be_visible()
    settled(page)
    page.screenshot(path=ARTIFACTS / "6-kalendar.png", full_page=True)
