"""The tables: calls and their changes, scrape runs, and project intentions."""

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


def _when(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(PragueDateTime(), nullable=nullable))


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
    last_seen: datetime | None = _when(nullable=False)
    content_hash: str = ""
    search_text: str = Field(default="", sa_column=Column(sa.Text(), nullable=False, server_default=""))


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
    __tablename__ = "scrape_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True)
    started_at: datetime | None = _when(nullable=False)
    finished_at: datetime | None = _when()
    outcome: str | None = None  # "ok" | "failed"; None while running
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

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    def line(self) -> str:
        """One log line: counts and transfer of a successful run, or why it failed."""
        if not self.ok:
            return f"{self.source}: FAILED: {self.error}"
        return (f"{self.source}: ok, found {self.found}, new {self.new}, changed {self.changed}, "
                f"unchanged {self.unchanged}, missing {self.missing} "
                f"({self.pages} pages, {self.not_modified} not modified, {self.bytes_received / 1024:.1f} kB)")


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
    computed_at: datetime | None = _when(nullable=False)


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
    last_modified: datetime | None = _when(nullable=False)
