"""Subscriptions and e-mail digests, end to end: the real spiders crawl the samples, a real SMTP server
(aiosmtpd on a free port) receives the messages, a real feed server answers the links."""

from __future__ import annotations

import re
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlmodel import select

from tests.conftest import SAMPLES, Cli, SetEnv, add_seed, free_port, running_feed
from tests.mailserver import MailServer, html_part, self_signed_certificate, server_context, text_part
from tracker.clock import PRAGUE
from tracker.errors import UserError
from tracker.sources.crawling import run_crawl
from tracker.sources.ingest import ingest
from tracker.sources.records import CallRecord
from tracker.sources.sample_site import SampleServer
from tracker.storage import locks
from tracker.storage.db import session_scope
from tracker.storage.models import DigestItem, Subscription
from tracker.subscriptions.digest import DIGEST_LOCK, DIGEST_LOCK_STALE_S, is_due
from tracker.subscriptions.mail import Mailer, MailError, SmtpConfig, new_message, validate_email
from tracker.text.czech import DateValue

MOVED = "uzávěrka posunuta z 17. 12. 2026 14:00 na 30. 6. 2027 14:00"
DEBT_FILTER = ("--area", "dluhy", "--applicant-type", "nno")


@pytest.fixture
def opzplus(db) -> Iterator[SampleServer]:
    with SampleServer.from_directory(SAMPLES / "opzplus") as server:
        assert run_crawl("opzplus", server.url).ok
        yield server


@pytest.fixture
def mail(db, setenv: SetEnv) -> Iterator[MailServer]:
    with MailServer(free_port()) as server:
        setenv("TRACKER_SMTP_URL", server.url)
        yield server


@pytest.fixture
def feed(db, setenv: SetEnv) -> Iterator[str]:
    """`tracker serve` in its own process; the e-mails' links point at it."""
    with running_feed() as base:
        setenv("TRACKER_PUBLIC_FEED_URL", base)
        yield base


def move_the_debt_deadline(server: SampleServer) -> None:
    server.replace_body("/vyzva-095-opz-plus", (SAMPLES / "opzplus" / "vyzva-095-opz-plus.moved.html").read_bytes())
    assert run_crawl("opzplus", server.url).changed == 1


def http(method: str, url: str, data: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def subscriptions() -> list[dict]:
    return Cli().json("subscriptions", "list", "--json")


def link(text: str, path: str) -> str:
    found = re.search(rf"(http://\S+{re.escape(path)}\?token=[\w-]+)", text)
    assert found, text
    return found.group(1)


# --- the whole path ----------------------------------------------------------------------------------


def test_subscribe_confirm_crawl_digest_and_unsubscribe(opzplus: SampleServer, mail: MailServer, feed: str) -> None:
    cli = Cli()
    added = cli.json("subscriptions", "add", "--email", "Poradna@Nadeje.cz", *DEBT_FILTER, "--json")
    assert set(added) == {"id"}
    # The confirmation e-mail (double opt-in): to the address, with the link; nothing active yet.
    [confirmation] = mail.received
    assert confirmation.rcpt_tos == ["Poradna@nadeje.cz"]
    assert confirmation.message["Subject"] == "Potvrďte odběr výzev — dluhy, nestátní nezisková organizace"
    confirm_url = link(text_part(confirmation.message), "/subscriptions/confirm")
    assert confirm_url.startswith(feed) and "Potvrdit odběr" in html_part(confirmation.message)
    assert [s["confirmed"] for s in subscriptions()] == [False]
    assert cli("digest", "--force").stdout == ""  # an unconfirmed subscription gets nothing

    status, page = http("GET", confirm_url)  # a mail scanner opening the link confirms nothing
    assert status == 200 and "<form method=\"post\"" in page and [s["confirmed"] for s in subscriptions()] == [False]
    status, page = http("POST", confirm_url, b"")
    assert status == 200 and "Odběr je potvrzený" in page
    assert [s["confirmed"] for s in subscriptions()] == [True]

    # Nothing new since the confirmation: no e-mail.
    result = cli("digest")
    assert (result.exit_code, result.stdout) == (0, "")

    move_the_debt_deadline(opzplus)
    mail.clear()
    result = cli("digest")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"sent #{added['id']} to Poradna@nadeje.cz: Výzvy: 1 změna — dluhy, nestátní nezisková organizace (1 item(s))"]
    [digest] = mail.messages
    assert digest["Subject"] == "Výzvy: 1 změna — dluhy, nestátní nezisková organizace"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = digest["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith(f"{feed}/subscriptions/unsubscribe?token=")
    text = text_part(digest)
    print(f"\n--- digest as received ---\nSubject: {digest['Subject']}\n\n{text}")  # shown with pytest -s
    assert MOVED in text
    assert f"Stránka výzvy: {opzplus.url}/vyzva-095-opz-plus" in text  # the crawled site's page
    assert "V aplikaci: http://127.0.0.1:8501/vyzvy?call=opzplus:03_25_095" in text
    assert unsubscribe_url in text
    markup = html_part(digest)
    assert MOVED in markup and 'href="http://127.0.0.1:8501/vyzvy?call=opzplus:03_25_095"' in markup
    assert "<img" not in markup and "src=" not in markup  # nothing remote to load

    # Nothing is mailed twice: not by the daily run, not even when forced.
    mail.clear()
    assert cli("digest").stdout == "" and cli("digest", "--force").stdout == "" and mail.messages == []

    # One-click unsubscribe (RFC 8058): a POST to the List-Unsubscribe URL.
    status, page = http("POST", unsubscribe_url, b"List-Unsubscribe=One-Click")
    assert status == 200 and "Odběr je zrušený" in page
    assert subscriptions() == []
    assert http("POST", unsubscribe_url, b"List-Unsubscribe=One-Click")[0] == 404
    with session_scope() as session:
        assert session.exec(select(DigestItem)).all() == []  # what it was sent went with it


def test_the_unsubscribe_link_asks_first_then_unsubscribes(opzplus: SampleServer, mail: MailServer,
                                                            feed: str) -> None:
    cli = Cli()
    cli.json("subscriptions", "add", "--email", "starosta@frydlant.cz", "--confirmed", "--json")
    move_the_debt_deadline(opzplus)
    assert cli("digest").exit_code == 0
    [digest] = mail.messages
    url = link(text_part(digest), "/subscriptions/unsubscribe")
    status, page = http("GET", url)
    assert status == 200 and "Opravdu už nechcete" in page and "starosta@frydlant.cz" in page
    assert len(subscriptions()) == 1  # the GET only asked
    token = url.split("token=")[1]
    status, page = http("POST", f"{feed}/subscriptions/unsubscribe", f"token={token}".encode())  # the page's form
    assert status == 200 and "Odběr je zrušený" in page
    assert subscriptions() == []
    assert http("GET", url)[0] == 404
    assert http("GET", f"{feed}/subscriptions/unsubscribe?token=guess")[0] == 404
    assert http("POST", f"{feed}/subscriptions/confirm", b"token=" + b"x" * 5000)[0] == 404  # bounded, refused
    # Typed text shown on the pages is escaped.
    cli.json("subscriptions", "add", "--email", "a@obec.cz", "--search", "<script>alert(1)</script>", "--confirmed",
             "--json")
    with session_scope() as session:
        token = session.exec(select(Subscription.unsubscribe_token)).one()
    status, page = http("GET", f"{feed}/subscriptions/unsubscribe?token={token}")
    assert status == 200 and "„&lt;script&gt;alert(1)&lt;/script&gt;“" in page and "<script>" not in page


def test_a_failed_send_is_retried_next_time(opzplus: SampleServer, setenv: SetEnv) -> None:
    cli = Cli()
    port = free_port()
    setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{port}")  # nothing listens there yet
    sub = cli.json("subscriptions", "add", "--email", "poradna@nadeje.cz", *DEBT_FILTER, "--confirmed", "--json")
    move_the_debt_deadline(opzplus)
    result = cli("digest")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"failed #{sub['id']} poradna@nadeje.cz: ConnectionRefusedError" in result.stderr
    with session_scope() as session:
        assert session.exec(select(DigestItem)).all() == []
        assert session.get(Subscription, sub["id"]).last_sent_at is None
    with MailServer(port) as mail:  # the server is back
        result = cli("digest")
        assert result.exit_code == 0 and result.stdout.startswith(f"sent #{sub['id']}")
        assert MOVED in text_part(mail.messages[0])
        assert cli("digest", "--force").stdout == "" and len(mail.messages) == 1


def test_nothing_changed_means_no_email(opzplus: SampleServer, mail: MailServer) -> None:
    cli = Cli()
    cli.json("subscriptions", "add", "--email", "poradna@nadeje.cz", *DEBT_FILTER, "--confirmed", "--json")
    assert run_crawl("opzplus", opzplus.url).changed == 0
    result = cli("digest", "--force")
    assert (result.exit_code, result.stdout, mail.messages) == (0, "", [])


@pytest.mark.both_backends
def test_new_calls_and_closing_soon_are_listed_once_and_dry_run_records_nothing(db, mail: MailServer) -> None:
    cli = Cli()
    cli.json("subscriptions", "add", "--email", "starosta@frydlant.cz", "--area", "bydleni", "--confirmed", "--json")
    soon = CallRecord(source="irop", external_id="IROP-200", title="Sociální bydlení <b>IV</b> & \"více\"",
                      url="javascript:alert(1)", programme="IROP", closes=DateValue.of(2026, 11, 30, 14),
                      eligible_applicants="obce", allocation_czk=50_000_000)
    with session_scope() as session:
        ingest(session, "irop", [soon], now=datetime(2026, 11, 23, tzinfo=PRAGUE))
    dry = cli("digest", "--dry-run")
    assert dry.exit_code == 0 and "Subject: Výzvy: 1 nová — bydlení" in dry.stdout
    assert "uzávěrka 30. 11. 2026 14:00 (zbývá 7 dní)" in dry.stdout and mail.messages == []
    assert cli("digest").exit_code == 0
    [message] = mail.messages
    markup = html_part(message)
    assert "Sociální bydlení &lt;b&gt;IV&lt;/b&gt; &amp; &quot;více&quot;" in markup and "<b>IV" not in markup
    assert "javascript:" not in markup and "javascript:" not in text_part(message)  # only http(s) links
    assert "NOVÉ VÝZVY (1)" in text_part(message) and "KONČÍ DO 14 DNÍ" not in text_part(message)
    mail.clear()
    assert cli("digest", "--force").stdout == "" and mail.messages == []  # its "closing soon" went with it


def test_a_second_digest_run_sends_nothing_while_the_first_is_sending(db, mail: MailServer) -> None:
    cli = Cli()
    cli.json("subscriptions", "add", "--email", "starosta@frydlant.cz", "--area", "bydleni", "--confirmed", "--json")
    with session_scope() as session:
        ingest(session, "irop", [CallRecord(source="irop", external_id="IROP-201", title="Sociální bydlení V",
                                            url="https://irop.gov.cz/vyzva-201", programme="IROP",
                                            eligible_applicants="obce")], now=datetime(2026, 11, 23, tzinfo=PRAGUE))
    token = locks.claim(DIGEST_LOCK, DIGEST_LOCK_STALE_S)  # the first run, still sending
    try:
        second = cli("digest")
        assert second.exit_code == 1 and "digest: already running: a digest run started at" in second.stderr
        assert mail.messages == [] and "Sociální bydlení V" in cli("digest", "--dry-run").stdout  # nothing recorded
    finally:
        locks.release(DIGEST_LOCK, token)
    assert cli("digest").exit_code == 0 and len(mail.messages) == 1


def test_weekly_digests_go_out_on_mondays(db) -> None:
    monday, tuesday = datetime(2026, 11, 23, 7, tzinfo=PRAGUE), datetime(2026, 11, 24, 7, tzinfo=PRAGUE)
    weekly = Subscription(email="a@b.cz", rhythm="weekly", confirmed=True, confirm_token="x", unsubscribe_token="y")
    daily = Subscription(email="a@b.cz", rhythm="daily", confirmed=True, confirm_token="z", unsubscribe_token="w")
    assert is_due(weekly, monday) and not is_due(weekly, tuesday) and is_due(weekly, tuesday, force=True)
    assert is_due(daily, tuesday)
    daily.last_sent_at = tuesday.replace(hour=0)
    assert not is_due(daily, tuesday) and is_due(daily, tuesday, force=True)
    assert not is_due(Subscription(email="a@b.cz", confirm_token="p", unsubscribe_token="q"), monday, force=True)


# --- the CLI contract --------------------------------------------------------------------------------


def test_subscriptions_cli_lists_removes_and_refuses_bad_input(db, mail: MailServer) -> None:
    cli = Cli()
    first = cli.json("subscriptions", "add", "--email", "a@obec.cz", "--source", "irop", "--state", "open",
                     "--every", "weekly", "--confirmed", "--json")
    again = cli.json("subscriptions", "add", "--email", "a@obec.cz", "--state", "open", "--source", "irop",
                     "--every", "daily", "--confirmed", "--json")
    assert again == first  # the same address and filter: one subscription, its rhythm updated
    [row] = subscriptions()
    assert (row["email"], row["filter"], row["filter_cs"], row["every"], row["confirmed"]) == (
        "a@obec.cz", "source=irop&state=open", "IROP, otevřená", "daily", True)
    assert mail.messages == []  # --confirmed sends no confirmation
    for args, option in ((("--email", "a@b.cz\r\nBcc: x@y.cz"), "--email"), (("--email", "a@b.cz, c@d.cz"), "--email"),
                         (("--email", "a@b.cz", "--every", "hourly"), "--every"),
                         (("--email", "a@b.cz", "--area", "hornictvi"), "--area"),
                         (("--email", "a@b.cz", "--intention", "999"), "--intention")):
        result = cli("subscriptions", "add", *args)
        assert result.exit_code == 2 and f"error: {option}:" in result.stderr, result.output
    bad = cli("subscriptions", "add", "--email", "nope", "--json")
    assert bad.exit_code == 2 and '"field": "--email"' in bad.stdout
    assert len(subscriptions()) == 1
    removed = cli("subscriptions", "remove", str(first["id"]))
    assert removed.exit_code == 0 and subscriptions() == []
    assert cli("subscriptions", "remove", str(first["id"])).exit_code == 2


def test_an_intentions_subscription_is_named_by_the_intention_when_added(db, mail: MailServer) -> None:
    cli = Cli()
    intention = add_seed(cli, "mobile_team")
    added = cli("subscriptions", "add", "--email", "a@obec.cz", "--intention", str(intention["id"]), "--confirmed")
    assert added.exit_code == 0
    assert f"záměr {intention['title']} (active)" in added.stdout and "všechny výzvy" not in added.stdout


def test_without_smtp_a_subscription_needing_confirmation_is_refused_and_not_stored(db) -> None:
    result = Cli()("subscriptions", "add", "--email", "a@obec.cz")
    assert result.exit_code == 2 and "TRACKER_SMTP_URL is not set" in result.stderr
    assert subscriptions() == []


def test_a_confirmation_that_cannot_be_sent_stores_nothing(db, setenv: SetEnv) -> None:
    setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    result = Cli()("subscriptions", "add", "--email", "a@obec.cz")
    assert result.exit_code == 1 and "MailError" in result.stderr
    assert subscriptions() == []


# --- mail: addresses, headers, TLS ------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "a", "a@", "@b.cz", "a@b", "a b@c.cz", "a@b.cz\nBcc: c@d.cz", "a@b.cz, c@d.cz",
                                 "Jan <a@b.cz>", "a@-b.cz", "x" * 65 + "@b.cz", "a@" + "b" * 250 + ".cz"])
def test_bad_addresses_are_refused(raw: str) -> None:
    with pytest.raises(UserError) as refused:
        validate_email(raw)
    assert refused.value.field == "email"


def test_addresses_are_normalised() -> None:
    assert validate_email("  Jan.Novak+vyzvy@Obec-Dolni.CZ ") == "Jan.Novak+vyzvy@obec-dolni.cz"
    assert validate_email("starosta@žďár.cz") == "starosta@xn--r-tfa1lsr.cz"


def test_user_text_cannot_add_headers(db) -> None:
    message = new_message("a@b.cz", "Výzvy\r\nBcc: evil@example.com\r\n\r\nbody", "text", "<p>html</p>",
                          headers={"List-Unsubscribe": "<http://x/u?token=a>\r\nBcc: evil@example.com"})
    raw = message.as_bytes()
    assert b"\nBcc:" not in raw and b"evil@example.com" in raw  # kept as text inside the subject
    assert message["Subject"] == "Výzvy Bcc: evil@example.com body"


def test_smtp_urls(db) -> None:
    assert SmtpConfig.parse("smtp://127.0.0.1:2525") == SmtpConfig("127.0.0.1", 2525, False)
    assert SmtpConfig.parse("smtps://user%40x:p%3Ass@mail.example.cz") == SmtpConfig(
        "mail.example.cz", 465, True, "user@x", "p:ss")
    for bad in ("", "http://x", "smtp://", "smtp://host:99999", "smtp://host/path"):
        with pytest.raises(UserError):
            SmtpConfig.parse(bad)


@pytest.fixture
def certificate(tmp_path) -> tuple:
    return self_signed_certificate(tmp_path)


def test_starttls_is_used_when_offered_and_the_login_travels_encrypted(db, certificate, setenv: SetEnv,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust the test's own certificate
    with MailServer(free_port(), starttls=server_context(*certificate), login=("vyzvy", "tajne heslo")) as mail:
        setenv("TRACKER_SMTP_URL", mail.url.replace("tajne heslo", "tajne%20heslo"))
        Cli().json("subscriptions", "add", "--email", "a@obec.cz", "--json")
        [received] = mail.received
    assert received.tls and received.login == "vyzvy"
    assert received.message["Subject"] == "Potvrďte odběr výzev — všechny výzvy"


def test_smtps_is_tls_from_the_start(db, certificate, setenv: SetEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with MailServer(free_port(), implicit_tls=server_context(*certificate)) as mail:
        setenv("TRACKER_SMTP_URL", mail.url)
        Cli().json("subscriptions", "add", "--email", "a@obec.cz", "--json")
        assert [r.tls for r in mail.received] == [True]


def test_an_untrusted_certificate_stops_the_send(db, certificate) -> None:
    with MailServer(free_port(), starttls=server_context(*certificate)) as mail:
        mailer = Mailer(SmtpConfig.parse(mail.url))
        with pytest.raises(MailError) as failed:
            mailer.send(new_message("a@b.cz", "x", "x", "<p>x</p>"))
        assert isinstance(failed.value.__cause__, ssl.SSLCertVerificationError)
        assert mail.received == []


def test_the_scheduler_job_sends_the_due_digests(db, setenv: SetEnv, caplog: pytest.LogCaptureFixture) -> None:
    from tracker.services.scheduler import digest_job

    cli = Cli()
    cli.json("subscriptions", "add", "--email", "starosta@frydlant.cz", "--confirmed", "--json")
    with session_scope() as session:
        ingest(session, "rsk", [CallRecord(source="rsk", external_id="rsk-999", title="Komunitní centrum",
                                           url="https://www.rsk-lk.cz/aktuality/999", programme="IROP",
                                           closes=DateValue.of(2027, 2, 3))], now=datetime(2026, 11, 23, tzinfo=PRAGUE))
    with caplog.at_level("INFO"):
        digest_job()  # e-mail is off: nothing happens
    assert "e-mail digests are off" in caplog.text
    with MailServer(free_port()) as mail:
        setenv("TRACKER_SMTP_URL", mail.url)
        digest_job()
        [message] = mail.messages
    assert message["Subject"] == "Výzvy: 1 nová — všechny výzvy"
    assert "Komunitní centrum" in text_part(message)


def test_a_subscription_to_a_deleted_intention_is_skipped_not_failed(db, mail: MailServer) -> None:
    from tests.conftest import add_seed
    from tracker.intentions.store import delete_intention

    cli = Cli()
    intention = add_seed(cli, "social_housing")["id"]
    cli.json("subscriptions", "add", "--email", "a@obec.cz", "--intention", str(intention), "--confirmed", "--json")
    with session_scope() as session:
        delete_intention(session, intention)
    result = cli("digest", "--force")
    assert result.exit_code == 0 and result.stdout == ""
    assert f"warning: skipped #1 a@obec.cz: no intention with id {intention}" in result.stderr
    assert [r["filter_cs"] for r in subscriptions()] == [f"záměr č. {intention} (smazaný)"]
