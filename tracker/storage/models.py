"""The tables: calls and their changes, scrape runs (with their locks and requests), and project intentions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Column, Field, SQLModel

from tracker.clock import PRAGUE


class CallState(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class Stage(StrEnum):
    ZAMER = "zamer"
    PRIPRAVA = "priprava"
    PODANO = "podano"
    SCHVALENO = "schvaleno"
    ZAMITNUTO = "zamitnuto"
    REALIZACE = "realizace"
    UKONCENO = "ukonceno"


class PragueDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC (portable across databases), returned as Prague-aware datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a Prague-time column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC).astimezone(PRAGUE)


class CodeList(TypeDecorator[list[str]]):
    """A list of codes stored as ``|a|b|`` so that ``LIKE '%|a|%'`` filters on any database."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | str | None, dialect: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):  # a LIKE pattern built by a query
            return value
        return "|" + "|".join(value) + "|" if value else ""

    def process_result_value(self, value: str | None, dialect: Any) -> list[str]:
        return [code for code in (value or "").split("|") if code]


class Lines(TypeDecorator[list[str]]):
    """A list of single-line strings (e.g. URLs) stored one per line."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Any) -> str:
        return "\n".join(" ".join(item.split()) for item in value or [])

    def process_result_value(self, value: str | None, dialect: Any) -> list[str]:
        return [line for line in (value or "").split("\n") if line]


def _when(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(PragueDateTime(), nullable=nullable, index=index))


def _codes() -> Any:
    return Field(default_factory=list, sa_column=Column(CodeList(), nullable=False, server_default=""))


class Call(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("source", "external_id", name="uq_call_source_external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    external_id: str
    programme: str = ""
    title: str
    specific_objective: str | None = None
    call_kind: str | None = None  # "průběžná" / "kolová"
    call_mode: str | None = None  # OPZ+ "Typ výzvy": otevřená / uzavřená (who may apply, not the state)
    state: str = Field(default=CallState.UNKNOWN, index=True)
    status_word: str | None = None  # the page's own word ("Otevřená", "zrušena", "planned" for plans)
    announced_at: datetime | None = _when()
    announced_precision: str = "none"
    opens_at: datetime | None = _when()
    opens_precision: str = "none"
    closes_at: datetime | None = _when()
    closes_precision: str = "none"
    until_exhausted: bool = False
    allocation_czk: int | None = Field(default=None, sa_column=Column(sa.BigInteger(), nullable=True))
    eligible_applicants: str = ""
    applicant_types: list[str] = _codes()
    areas: list[str] = _codes()
    url: str = ""
    documents_url: str | None = None
    source_url: str | None = None
    notes: str | None = None
    listed: bool = True
    missed_runs: int = 0
    first_seen: datetime | None = _when(nullable=False)
    last_seen: datetime | None = _when(nullable=False, index=True)  # its maximum is part of the data version
    content_hash: str = ""
    # The richest kind of page the call was last read from (tracker.sources.records.Origin: 1 plan,
    # 2 listing, 3 the call's own page); a partial crawl never overwrites it with a poorer one.
    origin: int = Field(default=3, sa_column=Column(sa.Integer(), nullable=False, server_default="3"))
    search_text: str = Field(default="", sa_column=Column(sa.Text(), nullable=False, server_default=""))
    # {"applicant_types": {code: phrase}, "areas": {code: phrase}} — why each code was recognised (JSON)
    evidence: str = Field(default="", sa_column=Column(sa.Text(), nullable=False, server_default=""))


class CallCorrection(SQLModel, table=True):
    """A coordinator's fix of a call's codes, kept apart from what the classifier read: every crawl
    applies it again, so it survives re-crawls (tracker.calls.corrections)."""

    __tablename__ = "call_correction"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", unique=True)
    sets_applicant_types: bool = False
    applicant_types: list[str] = _codes()
    sets_areas: bool = False
    areas: list[str] = _codes()
    classified_applicant_types: list[str] = _codes()  # what the classifier read before the correction
    classified_areas: list[str] = _codes()
    corrected_at: datetime | None = _when(nullable=False)


class CallChange(SQLModel, table=True):
    __tablename__ = "call_change"

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    run_id: int | None = Field(default=None, foreign_key="scrape_run.id")
    field: str
    old_value: str | None = None
    new_value: str | None = None
    detected_at: datetime | None = _when(nullable=False)


class ScrapeRun(SQLModel, table=True):
    """One crawl of one source and its counters (the one place a run's numbers live)."""

    __tablename__ = "scrape_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    started_at: datetime | None = _when(nullable=False)
    finished_at: datetime | None = _when()
    outcome: str | None = None  # "ok" | "partial" | "failed"; None while running
    found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    pages: int = 0
    not_modified: int = 0
    bytes_received: int = 0
    from_samples: bool = False
    error: str | None = None
    # Pages that did not load (after retries); in a partial run their calls were kept as stored.
    failed_urls: list[str] = Field(default_factory=list,
                                   sa_column=Column(Lines(), nullable=False, server_default=""))

    @property
    def ok(self) -> bool:
        """Complete: every page was read and the result is stored."""
        return self.outcome == "ok"

    @property
    def partial(self) -> bool:
        """Stored, but some pages did not load; the calls behind them were kept as they were."""
        return self.outcome == "partial"

    def line(self) -> str:
        """One log line: counts and transfer of a run that wrote, what failed of a partial one, or why it failed."""
        if not (self.ok or self.partial):
            return f"{self.source}: FAILED: {self.error}"
        counts = (f"found {self.found}, new {self.new}, changed {self.changed}, unchanged {self.unchanged}, "
                  f"missing {self.missing} ({self.pages} pages, {self.not_modified} not modified, "
                  f"{self.bytes_received / 1024:.1f} kB)")
        if self.partial:
            return (f"{self.source}: PARTIAL, {counts}; {len(self.failed_urls)} page(s) failed, "
                    f"their calls kept as stored: {self.error}")
        return f"{self.source}: ok, {counts}"


class CrawlLock(SQLModel, table=True):
    """Held while a source is being crawled: one crawl of a source at a time, across processes."""

    __tablename__ = "crawl_lock"

    source: str = Field(primary_key=True)
    token: str  # the holder's own random value: only it releases the lock, a take-over replaces it
    host: str
    pid: int
    acquired_at: datetime | None = _when(nullable=False)


class CrawlRequest(SQLModel, table=True):
    """"Aktualizovat nyní": a crawl the app asks the scheduler to run now."""

    __tablename__ = "crawl_request"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    requested_at: datetime | None = _when(nullable=False)
    taken_at: datetime | None = _when()  # when the scheduler started the source's job


class Intention(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str
    organization: str
    ico: str
    applicant_type: str = Field(index=True)
    areas: list[str] = _codes()
    description: str = ""
    budget_czk: int = Field(sa_column=Column(sa.BigInteger(), nullable=False))
    cofinancing_pct: float = 0.0
    start_date: date
    end_date: date
    programmes: list[str] = _codes()
    partners: list[str] = _codes()
    contact_email: str | None = None
    stage: str = Field(default=Stage.ZAMER, index=True)
    call_id: int | None = Field(default=None, foreign_key="call.id")
    created_at: datetime | None = _when(nullable=False)
    updated_at: datetime | None = _when(nullable=False)
    # SHA-256 (hex) of the private edit link's token, shown once to whoever saved the intention
    edit_token_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)


class StageChange(SQLModel, table=True):
    """One move of an intention through the pipeline (the first row records where it started)."""

    __tablename__ = "stage_change"

    id: int | None = Field(default=None, primary_key=True)
    intention_id: int = Field(foreign_key="intention.id", index=True, ondelete="CASCADE")
    from_stage: str | None = None
    to_stage: str
    call_id: int | None = Field(default=None, foreign_key="call.id")
    changed_at: datetime | None = _when(nullable=False)


class IntentionMatch(SQLModel, table=True):
    """A stored match of an intention with a call, as last computed (rank 1 is the best)."""

    __tablename__ = "intention_match"
    __table_args__ = (sa.UniqueConstraint("intention_id", "call_id", name="uq_match_intention_call"),)

    id: int | None = Field(default=None, primary_key=True)
    intention_id: int = Field(foreign_key="intention.id", index=True, ondelete="CASCADE")
    call_id: int = Field(foreign_key="call.id", index=True)
    rank: int
    score: int
    reasons: str = ""  # JSON array of Czech sentences
    flags: list[str] = _codes()
    computed_at: datetime | None = _when(nullable=False, index=True)


class CalendarEvent(SQLModel, table=True):
    """What the feed last published for one event of a call, so SEQUENCE rises on every change."""

    __tablename__ = "calendar_event"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    call_id: int = Field(foreign_key="call.id", index=True)
    kind: str  # "deadline" | "opening"
    sequence: int = 0
    fingerprint: str = ""
    created_at: datetime | None = _when(nullable=False)
    last_modified: datetime | None = _when(nullable=False, index=True)


class Subscription(SQLModel, table=True):
    """An e-mail digest of the calls passing one filter (``filter_query`` is a canonical
    :meth:`tracker.calls.filters.CallFilter.query_string`), daily or weekly, after a double opt-in."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True)
    filter_query: str = ""
    rhythm: str = "daily"  # "daily" | "weekly"
    confirmed: bool = False
    confirm_token: str = Field(unique=True)  # random, unguessable (secrets.token_urlsafe)
    unsubscribe_token: str = Field(unique=True)
    # Only calls and changes with ids above these count as new (set when the subscription starts).
    since_call_id: int = 0
    since_change_id: int = 0
    created_at: datetime | None = _when(nullable=False)
    confirmation_sent_at: datetime | None = _when()
    confirmed_at: datetime | None = _when()
    last_sent_at: datetime | None = _when()


class DigestItem(SQLModel, table=True):
    """One item mailed to one subscription (``new:12``, ``change:34``, ``soon:12:<deadline>``): never twice."""

    __tablename__ = "digest_item"
    __table_args__ = (sa.UniqueConstraint("subscription_id", "item_key", name="uq_digest_item"),)

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", index=True, ondelete="CASCADE")
    item_key: str
    sent_at: datetime | None = _when(nullable=False)


class Dismissal(SQLModel, table=True):
    """A call marked "not for us" for one intention, with the reason and how the call looked then
    (its window and allocation), so that a substantial change brings it back."""

    __table_args__ = (sa.UniqueConstraint("intention_id", "call_id", name="uq_dismissal_intention_call"),)

    id: int | None = Field(default=None, primary_key=True)
    intention_id: int = Field(foreign_key="intention.id", index=True, ondelete="CASCADE")
    call_id: int = Field(foreign_key="call.id", index=True)
    reason: str  # a code of tracker.intentions.dismissals.REASONS
    note: str = ""
    dismissed_at: datetime | None = _when(nullable=False)
    opens_at: datetime | None = _when()
    opens_precision: str = "none"
    closes_at: datetime | None = _when()
    closes_precision: str = "none"
    allocation_czk: int | None = Field(default=None, sa_column=Column(sa.BigInteger(), nullable=True))
