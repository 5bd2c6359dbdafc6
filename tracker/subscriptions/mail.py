"""E-mail: checked addresses, messages built with the ``email`` package, sending over SMTP.

``TRACKER_SMTP_URL`` is ``smtp://[user:pass@]host[:port]`` (the connection is upgraded with
STARTTLS whenever the server offers it, and the certificate is verified) or
``smtps://[user:pass@]host[:port]`` (TLS from the first byte). A password is never sent over an
unencrypted connection except to this machine. Headers are set through
:class:`email.message.EmailMessage`, which refuses line breaks in them; user text never becomes a
header by string concatenation.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

from tracker.clock import PRAGUE
from tracker.errors import UserError
from tracker.settings import Settings, SettingsError, get_settings

EMAIL_MAX = 254
SMTP_TIMEOUT_S = 30.0
SUBJECT_MAX = 200
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})|localhost")
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


class MailError(Exception):
    """A message could not be handed to the SMTP server (it is retried by the next run)."""


def validate_email(raw: str | None) -> str:
    """One plain address ``name@domain.cz`` (domain lower-cased, IDN domains as punycode); anything
    else — several addresses, a display name, spaces, line breaks — is refused."""
    text = (raw or "").strip()
    problem = UserError(f"not an e-mail address: {text[:60]!r}", "Zadejte platnou e-mailovou adresu, "
                        "např. starosta@obec.cz.", field="email")
    if not text or len(text) > EMAIL_MAX or any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise problem
    local, sep, domain = text.rpartition("@")
    if not sep or len(local) > 64 or not _LOCAL.fullmatch(local):
        raise problem
    try:
        domain = domain.lower().encode("idna").decode("ascii")
    except UnicodeError:
        raise problem from None
    if len(domain) > 253 or not _DOMAIN.fullmatch(domain):
        raise problem
    return f"{local}@{domain}"


def one_line(text: str, limit: int = SUBJECT_MAX) -> str:
    """Scraped or typed text fit for a header value: whitespace collapsed, bounded."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def sender(settings: Settings | None = None) -> Address:
    """``TRACKER_MAIL_FROM`` (``vyzvy@kraj-lbc.cz`` or ``Výzvy RSK LK <vyzvy@kraj-lbc.cz>``)."""
    raw = (settings or get_settings()).mail_from
    name, addr = parseaddr(raw)
    try:
        addr = validate_email(addr)
    except UserError:
        raise SettingsError(f"TRACKER_MAIL_FROM must be an e-mail address, got {raw!r}") from None
    local, _, domain = addr.rpartition("@")
    return Address(display_name=one_line(name, 80), username=local, domain=domain)


def new_message(to: str, subject: str, text: str, html: str, headers: Mapping[str, str] | None = None,
                settings: Settings | None = None) -> EmailMessage:
    """A multipart/alternative message (plain text first, then HTML) to one checked address."""
    settings = settings or get_settings()
    local, _, domain = validate_email(to).rpartition("@")
    from_address = sender(settings)
    msg = EmailMessage()
    msg["From"] = from_address
    msg["To"] = Address(username=local, domain=domain)
    msg["Subject"] = one_line(subject)
    msg["Date"] = format_datetime(datetime.now(PRAGUE))
    msg["Message-ID"] = make_msgid(domain=from_address.domain)
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        msg[name] = one_line(value, 2000)
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    implicit_tls: bool
    username: str = ""
    password: str = ""

    @classmethod
    def parse(cls, url: str) -> SmtpConfig:
        """From ``TRACKER_SMTP_URL``; a malformed URL is a :class:`SettingsError`."""
        if not url:
            raise SettingsError("TRACKER_SMTP_URL is not set, so no e-mail can be sent "
                                "(e.g. smtp://user:password@smtp.example.cz:587)")
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = -1
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname or port == -1 or parts.path not in ("", "/"):
            raise SettingsError("TRACKER_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…")
        implicit = parts.scheme == "smtps"
        return cls(host=parts.hostname, port=port or (465 if implicit else 25), implicit_tls=implicit,
                   username=unquote(parts.username or ""), password=unquote(parts.password or ""))

    @property
    def is_local(self) -> bool:
        return self.host in LOCAL_HOSTS


class Mailer:
    """One SMTP connection, opened on the first message and reused; ``with Mailer(...) as m: m.send(msg)``."""

    def __init__(self, config: SmtpConfig, timeout_s: float = SMTP_TIMEOUT_S):
        self.config = config
        self.timeout_s = timeout_s
        self._smtp: smtplib.SMTP | None = None
        self.encrypted = False

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Mailer:
        return cls(SmtpConfig.parse((settings or get_settings()).smtp_url))

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if config.implicit_tls:
            smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=self.timeout_s, context=context)
            self.encrypted = True
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=self.timeout_s)
            try:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls(context=context)
                    smtp.ehlo()
                    self.encrypted = True
            except BaseException:
                smtp.close()
                raise
        if config.username:
            if not self.encrypted and not config.is_local:
                smtp.close()
                raise MailError(f"{config.host} offers no STARTTLS; the password is not sent in clear text")
            smtp.login(config.username, config.password)
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; any failure is a :class:`MailError` (the connection is dropped)."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            self._smtp.send_message(message)
        except MailError:
            self.close()
            raise
        except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
            self.close()
            raise MailError(f"{type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
