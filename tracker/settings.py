"""All configuration, read once from the environment (``TRACKER_*`` variables).

:func:`get_settings` reads the environment on first use and keeps the result for the life of
the process; code that needs a setting in a loop takes it once and passes it down. Tests that
change the environment call :func:`reset_settings`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from tracker.errors import UserError
from tracker.sources.registry import SOURCES

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


class SettingsError(UserError):
    """An environment variable holds a value the tracker cannot use."""

    def __init__(self, en: str):
        super().__init__(en, f"Chybné nastavení: {en}", field="environment")


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///data/tracker.db"
    today: date | None = None
    data_dir: Path = Path("data")
    samples_dir: Path = PROJECT_ROOT / "data" / "samples"
    # Crawling
    user_agent: str = "vyzvy-tracker/0.1 (+https://github.com/rsk-lk/vyzvy)"
    contact_url: str = "https://github.com/rsk-lk/vyzvy"
    crawl_delay_s: float = 1.0
    crawl_timeout_s: float = 30.0
    crawl_retries: int = 3
    crawl_backoff_s: float = 2.0
    crawl_time_limit_s: float = 900.0
    rsk_listing_pages: int = 3
    missed_runs_to_unlist: int = 3
    # Matching and the pipeline
    preparation_days: int = 30  # an intention still at "zamer" needs this long before it can apply
    matches_per_intention: int = 20
    closing_soon_days: int = 30
    # Calendar feed
    alarm_days: tuple[int, ...] = (7, 1)  # reminders this many days before a deadline
    feed_host: str = "127.0.0.1"
    feed_port: int = 8502
    public_feed_url: str = ""  # how subscribers reach the feed (https://…); default http://host:port
    feed_cache_mb: int = 64  # generated feeds kept in memory, in total
    # Scheduler
    busy_hours: tuple[int, int] = (6, 20)  # hourly crawls on weekdays between these hours (Prague time)
    quiet_every_hours: int = 4  # otherwise every this many hours
    schedule_jitter_s: int = 300
    misfire_grace_s: int = 3600
    source_urls: tuple[tuple[str, str], ...] = ()  # (source, start URL) replacing the real sites
    # App
    app_port: int = 8501
    app_host: str = "127.0.0.1"
    admin_password: str = ""  # coordinator-only actions are disabled while empty
    admin_max_failures: int = 5  # wrong passwords within the lock-out window before sign-in is locked
    admin_lockout_minutes: int = 15
    public_app_url: str = ""  # how e-mail readers reach the app (https://…); default http://app_host:app_port
    # E-mail digests
    smtp_url: str = ""  # smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://…; e-mail is off while empty
    mail_from: str = "vyzvy-tracker@localhost"

    @property
    def httpcache_dir(self) -> Path:
        return self.data_dir / "httpcache"

    def source_url(self, source: str) -> str | None:
        return dict(self.source_urls).get(source)

    @property
    def feed_base_url(self) -> str:
        return self.public_feed_url or f"http://{self.feed_host}:{self.feed_port}"

    @property
    def app_base_url(self) -> str:
        return self.public_app_url or f"http://{self.app_host}:{self.app_port}"


def _parse_today(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise SettingsError(f"TRACKER_TODAY must be YYYY-MM-DD, got {raw!r}") from exc


def _parse_alarm_days(raw: str) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(part) for part in raw.split(",") if part.strip()}, reverse=True))
    except ValueError:
        days = (-1,)
    if any(d < 0 or d > 365 for d in days):
        raise SettingsError(f"TRACKER_ALARM_DAYS must be whole days 0–365 separated by commas, got {raw!r}")
    return days


def _parse_hours(raw: str) -> tuple[int, int]:
    first, _, last = raw.partition("-")
    try:
        hours = (int(first), int(last))
    except ValueError:
        hours = (-1, -1)
    if not 0 <= hours[0] <= hours[1] <= 23:
        raise SettingsError(f"TRACKER_SCHEDULE_BUSY_HOURS must be FROM-TO hours 0–23, got {raw!r}")
    return hours


def _env_port(name: str, default: int) -> int:
    port = _env_int(name, default)
    if not 1 <= port <= 65535:
        raise SettingsError(f"{name} must be a port number 1–65535, got {port}")
    return port


def _env_positive(name: str, default: int) -> int:
    value = _env_int(name, default)
    if value < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, got {value}")
    return value


def load_settings() -> Settings:
    """Build the settings from the current environment."""
    data_dir = Path(_env("TRACKER_DATA_DIR", "data"))
    contact = _env("TRACKER_CONTACT_URL", Settings.contact_url)
    return Settings(
        database_url=_env("TRACKER_DATABASE_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        today=_parse_today(os.environ.get("TRACKER_TODAY", "")),
        data_dir=data_dir,
        samples_dir=Path(_env("TRACKER_SAMPLES_DIR", str(Settings.samples_dir))),
        user_agent=_env("TRACKER_USER_AGENT", f"vyzvy-tracker/0.1 (+{contact})"),
        contact_url=contact,
        crawl_delay_s=_env_float("TRACKER_CRAWL_DELAY", Settings.crawl_delay_s),
        crawl_timeout_s=_env_float("TRACKER_CRAWL_TIMEOUT", Settings.crawl_timeout_s),
        crawl_retries=_env_int("TRACKER_CRAWL_RETRIES", Settings.crawl_retries),
        crawl_backoff_s=_env_float("TRACKER_CRAWL_BACKOFF", Settings.crawl_backoff_s),
        crawl_time_limit_s=_env_float("TRACKER_CRAWL_TIME_LIMIT", Settings.crawl_time_limit_s),
        rsk_listing_pages=_env_int("TRACKER_RSK_LISTING_PAGES", Settings.rsk_listing_pages),
        missed_runs_to_unlist=_env_int("TRACKER_MISSED_RUNS_TO_UNLIST", Settings.missed_runs_to_unlist),
        preparation_days=_env_int("TRACKER_PREPARATION_DAYS", Settings.preparation_days),
        matches_per_intention=_env_int("TRACKER_MATCHES_PER_INTENTION", Settings.matches_per_intention),
        closing_soon_days=_env_int("TRACKER_CLOSING_SOON_DAYS", Settings.closing_soon_days),
        alarm_days=_parse_alarm_days(_env("TRACKER_ALARM_DAYS", "7,1")),
        feed_host=_env("TRACKER_FEED_HOST", Settings.feed_host),
        feed_port=_env_port("TRACKER_FEED_PORT", Settings.feed_port),
        public_feed_url=_env("TRACKER_PUBLIC_FEED_URL", "").rstrip("/"),
        feed_cache_mb=_env_positive("TRACKER_FEED_CACHE_MB", Settings.feed_cache_mb),
        busy_hours=_parse_hours(_env("TRACKER_SCHEDULE_BUSY_HOURS", "6-20")),
        quiet_every_hours=_env_int("TRACKER_SCHEDULE_QUIET_EVERY_HOURS", Settings.quiet_every_hours),
        schedule_jitter_s=_env_int("TRACKER_SCHEDULE_JITTER", Settings.schedule_jitter_s),
        misfire_grace_s=_env_int("TRACKER_SCHEDULE_MISFIRE_GRACE", Settings.misfire_grace_s),
        source_urls=tuple((s.code, url) for s in SOURCES if (url := _env(s.url_variable, ""))),
        app_port=_env_port("TRACKER_APP_PORT", Settings.app_port),
        app_host=_env("TRACKER_APP_HOST", Settings.app_host),
        admin_password=os.environ.get("TRACKER_ADMIN_PASSWORD", ""),
        admin_max_failures=_env_positive("TRACKER_ADMIN_MAX_FAILURES", Settings.admin_max_failures),
        admin_lockout_minutes=_env_positive("TRACKER_ADMIN_LOCKOUT_MINUTES", Settings.admin_lockout_minutes),
        public_app_url=_env("TRACKER_PUBLIC_APP_URL", "").rstrip("/"),
        smtp_url=_env("TRACKER_SMTP_URL", ""),
        mail_from=_env("TRACKER_MAIL_FROM", Settings.mail_from),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return load_settings()


def reset_settings() -> None:
    """Forget the settings read so far; the next :func:`get_settings` reads the environment again."""
    get_settings.cache_clear()
