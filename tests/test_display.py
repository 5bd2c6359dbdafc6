"""Czech display text for the app: sizes with a decimal comma, failures explained for people."""

from __future__ import annotations

import pytest

from tracker.text.display import decimal_czech, explain_failure, size_czech, unbroken_numbers


def test_sizes_and_decimals_are_written_the_czech_way() -> None:
    assert size_czech(23040) == "22,5 kB"
    assert size_czech(0) == "0,0 kB"
    assert decimal_czech(1234.56) == "1 234,6"


@pytest.mark.parametrize(("error", "explained"), [
    # The messages the crawls really write (tests/test_faults.py, test_crawl.py, the scheduler).
    ("page layout changed: http://127.0.0.1:1/prehled-vyzev-opz-plus: no call blocks (div.article) in the listing",
     "Web zdroje změnil podobu stránky a tracker ji neumí přečíst"),
    ("http://127.0.0.1:1/vyzva-108-opz-plus: HTTP 503", "Web zdroje hlásil chybu serveru (HTTP 503)"),
    ("http://127.0.0.1:1/x: HTTP 404", "Web zdroje stránku odmítl nebo ji nenašel (HTTP 404)"),
    ("refused off-host request to http://localhost:9/elsewhere", "přesměroval na cizí adresu"),
    ("http://127.0.0.1:1/x: TimeoutError: User timeout caused connection failure.", "neodpověděl včas"),
    ("the crawl exceeded its time limit of 2 s and was stopped", "trvalo příliš dlouho"),
    ("http://127.0.0.1:1/x: ResponseFailed: [<twisted.python.failure.Failure twisted.internet.error.ConnectionLost>]"
     " DataLoss", "přerušilo uprostřed stránky"),
    ("http://127.0.0.1:1/x: Cancelled: Cancelling download of http://x: expected response size (20971533) larger "
     "than download max size (10485760).", "větší, než tracker dovoluje"),
    ("http://127.0.0.1:1/x: DNSLookupError: DNS lookup failed", "adresu se nepodařilo najít (DNS)"),
    ("https://www.esfcr.cz/x: CannotResolveHostError: DNS lookup failed: no results for hostname lookup: "
     "www.esfcr.cz.", "adresu se nepodařilo najít (DNS)"),
    ("http://127.0.0.1:1/x: ConnectionRefusedError: Connection was refused", "spojení se nepodařilo navázat"),
    ("http://127.0.0.1:1/prehled: the pager says 23 calls, 20 were read", "všechny stránky výpisu"),
    ("the crawl found no calls, but 8 were listed before; the site has probably changed", "nenašlo žádnou výzvu"),
    ("the crawl was stopped because the tracker was shutting down", "vypnutí nebo restart"),
    ("ZeroDivisionError: division by zero", "Načtení selhalo z technického důvodu"),
    (None, "Načtení selhalo z technického důvodu"),
])
def test_a_failure_is_explained_in_czech(error: str | None, explained: str) -> None:
    assert explained in explain_failure(error)


def test_a_number_and_its_unit_stay_on_one_line() -> None:
    nbsp = "\u00a0"
    assert unbroken_numbers("5 záměrů bez výzvy, rozpočet 92 199 847 Kč") == \
        f"5 záměrů bez výzvy, rozpočet 92{nbsp}199{nbsp}847{nbsp}Kč"
    assert unbroken_numbers("poměr 10 %; 2026 a 1 000") == f"poměr 10{nbsp}%; 2026 a 1{nbsp}000"
    assert unbroken_numbers("rok 2026 1234") == "rok 2026 1234"  # a four-digit group is no thousands group
