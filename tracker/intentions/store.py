"""Project intentions (projektové záměry): look up, create, edit, delete, list, import from CSV,
export as a table."""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker import clock
from tracker.errors import UserError
from tracker.exports import restore, table_bytes
from tracker.intentions.validation import IntentionData, validate_intention
from tracker.storage.db import session_scope
from tracker.storage.models import Dismissal, Intention, IntentionMatch, Stage, StageChange
from tracker.text.czech import format_number
from tracker.text.normalize import fold

log = logging.getLogger(__name__)

CSV_COLUMNS = (
    "title", "organization", "ico", "applicant_type", "areas", "budget_czk", "cofinancing_pct",
    "start", "end", "description", "program", "partners", "contact", "stage",
)
REQUIRED_COLUMNS = CSV_COLUMNS[:9]
CONTACT_COLUMNS = ("ico", "contact")  # in exports for the coordinator only
# What anyone may import at once through the app (the CLI, the coordinator's tool, has no limit).
APP_IMPORT_MAX_ROWS = 500
APP_IMPORT_MAX_BYTES = 1_000_000
SHEET_TITLE = "Záměry"
# CSV column → validation field
_CSV_FIELDS = {
    "start": "start_date", "end": "end_date", "program": "programmes", "contact": "contact_email",
}
# validation field → CSV column, to name a problem as the file does
CSV_NAMES = {field: column for column, field in _CSV_FIELDS.items()}


def get_intention(session: Session, intention_id: int) -> Intention:
    intention = session.get(Intention, intention_id) if 0 < intention_id < 2**31 else None
    if intention is None:
        raise UserError(f"no intention with id {intention_id}", f"Záměr č. {intention_id} neexistuje.",
                        field="intention")
    return intention


def intention_calls(session: Session, intention_id: int) -> frozenset[int]:
    """The calls an intention follows: its stored matches (which leave out calls dismissed as "not for
    us") and the call it chose, unless that was dismissed."""
    intention = get_intention(session, intention_id)
    ids = set(session.exec(select(IntentionMatch.call_id).where(IntentionMatch.intention_id == intention_id)))
    if intention.call_id is not None and intention.call_id not in ids:
        dismissed = session.exec(select(Dismissal.id).where(Dismissal.intention_id == intention_id,
                                                            Dismissal.call_id == intention.call_id)).first()
        if dismissed is None:
            ids.add(intention.call_id)
    return frozenset(ids)


def _rematch(session: Session, now: datetime, intention_ids: Sequence[int]) -> None:
    """Refresh the intentions' matches. Matching (and numpy with it) is imported on first use, so that
    every CLI command, which imports this module, does not pay for it at start."""
    from tracker.intentions.matching import rematch

    rematch(session, now, intention_ids)


def save_and_rematch(session: Session, intention: Intention, now: datetime) -> Intention:
    """Store a changed intention and refresh its matches."""
    assert intention.id is not None
    intention.updated_at = now
    session.add(intention)
    session.flush()
    _rematch(session, now, [intention.id])
    return intention


def add_intention(session: Session, data: IntentionData, *, match: bool = True) -> Intention:
    """Store a validated intention, start its pipeline history and compute its matches."""
    now = clock.now()
    intention = Intention(**asdict(data), created_at=now, updated_at=now)
    session.add(intention)
    session.flush()
    assert intention.id is not None
    # the first history row: where the intention entered the pipeline
    session.add(StageChange(intention_id=intention.id, from_stage=None, to_stage=intention.stage,
                            call_id=intention.call_id, changed_at=now))
    if match:
        assert intention.id is not None
        _rematch(session, now, [intention.id])
    return intention


def same_intentions(session: Session, data: IntentionData) -> list[int]:
    """Stored intentions of the same organisation (IČO) with the same title (case and accents aside):
    most likely the same project entered twice."""
    title = fold(data.title)
    return [i for i, t in session.exec(select(Intention.id, Intention.title).where(Intention.ico == data.ico))
            if fold(t) == title]


def add_intentions(session: Session, rows: Sequence[IntentionData]) -> list[int]:
    """Store many validated intentions with the first row of their history (no matching); their ids.

    Two bulk INSERTs with everything prepared before the first, so an import holds the database's
    write lock for a moment, not for as long as building thousands of ORM objects takes."""
    now = clock.now()
    values = [{f.name: getattr(data, f.name) for f in fields(data)} | {"created_at": now, "updated_at": now}
              for data in rows]
    history = [{"from_stage": None, "to_stage": v["stage"], "call_id": None, "changed_at": now} for v in values]
    if not values:
        return []
    inserted = session.exec(  # type: ignore[call-overload]
        sa.insert(Intention).returning(Intention.id, sort_by_parameter_order=True), params=values)
    ids = [int(i) for i in inserted.scalars()]
    session.exec(sa.insert(StageChange), params=[h | {"intention_id": i} for h, i in zip(history, ids)])  # type: ignore[call-overload]
    return ids


def update_intention(session: Session, intention_id: int, data: IntentionData) -> Intention:
    """Replace an intention's details (its stage moves only through the pipeline) and rematch it."""
    intention = get_intention(session, intention_id)
    for name, value in asdict(data).items():
        if name != "stage":
            setattr(intention, name, value)
    return save_and_rematch(session, intention, clock.now())


EDIT_TOKEN_BYTES = 24  # 192 random bits: a private link cannot be guessed
EDIT_TOKEN_MAX = 100  # characters; a longer "token" is not one of ours


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_edit_token(session: Session, intention: Intention) -> str:
    """A new private edit link's token for an intention (any earlier link stops working). Only its hash is
    stored, so the token is shown once, to whoever saved the intention."""
    token = secrets.token_urlsafe(EDIT_TOKEN_BYTES)
    intention.edit_token_hash = _token_hash(token)
    session.add(intention)
    return token


def intention_by_edit_token(session: Session, token: str | None) -> Intention | None:
    """The intention a private edit link opens; ``None`` for an unknown or malformed token."""
    if not token or len(token) > EDIT_TOKEN_MAX:
        return None
    return session.exec(select(Intention).where(Intention.edit_token_hash == _token_hash(token))).first()


def delete_intention(session: Session, intention_id: int) -> None:
    """Delete an intention with its matches and stage history."""
    session.delete(get_intention(session, intention_id))
    session.flush()


def list_intentions(session: Session) -> list[Intention]:
    return list(session.exec(select(Intention).order_by(Intention.id)))


def intention_to_dict(intention: Intention) -> dict[str, Any]:
    return {
        "id": intention.id,
        "title": intention.title,
        "organization": intention.organization,
        "ico": intention.ico,
        "applicant_type": intention.applicant_type,
        "areas": intention.areas,
        "description": intention.description,
        "budget_czk": intention.budget_czk,
        "cofinancing_pct": intention.cofinancing_pct,
        "start": intention.start_date.isoformat(),
        "end": intention.end_date.isoformat(),
        "programmes": intention.programmes,
        "partners": intention.partners,
        "contact": intention.contact_email,
        "stage": intention.stage,
        "call_id": intention.call_id,
        "created_at": intention.created_at.isoformat() if intention.created_at else None,
        "updated_at": intention.updated_at.isoformat() if intention.updated_at else None,
    }


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",").replace(",0 MB", " MB")


def read_upload(data: bytes, max_bytes: int | None = APP_IMPORT_MAX_BYTES) -> str:
    """The text of an uploaded CSV file (UTF-8, with or without BOM), refused when over ``max_bytes``."""
    if max_bytes is not None and len(data) > max_bytes:
        raise _refused([UserError(
            f"the file has {len(data):,} bytes; at most {max_bytes:,} can be imported at once",
            f"Soubor má {_megabytes(len(data))}; najednou lze importovat nejvýše {_megabytes(max_bytes)}. "
            "Rozdělte ho prosím na menší části.", field="file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused([UserError("the file is not UTF-8 text",
                                  "Soubor není v kódování UTF-8; uložte ho prosím jako CSV UTF-8.",
                                  field="file")]) from None


def _header(reader: csv.DictReader[str]) -> list[str]:
    header = [h.strip() for h in (reader.fieldnames or [])]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:  # DictReader would silently keep the last of them
        raise _refused([UserError(f"column(s) {', '.join(map(repr, twice))} appear more than once in the header",
                                  f"Sloupec {', '.join(f'„{h}“' for h in twice)} je v záhlaví vícekrát.",
                                  field="file", line=1)])
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _refused([UserError(f"missing column(s): {', '.join(missing)}", f"Chybí sloupce: {', '.join(missing)}.",
                                  field="file", line=1)])
    return header


def parse_csv(text: str, max_rows: int | None = None) -> list[IntentionData]:
    """Validate every row of a CSV export or hand-made sheet; refuse all if any row is bad.

    With ``max_rows``, a file with more rows is refused before any row is validated."""
    sample = text[:4096]
    try:  # only the separator is guessed (from the header); quoting is Excel's, "" inside quotes
        delimiter = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        header = _header(reader)
        reader.fieldnames = header
        rows = [(reader.line_num, row) for row in reader
                if any((v or "").strip() for v in row.values() if isinstance(v, str))]
    except csv.Error as exc:
        raise _refused([UserError(f"not a readable CSV file ({exc})", "Soubor není čitelné CSV.", field="file",
                                  line=reader.line_num)]) from None
    if max_rows is not None and len(rows) > max_rows:
        raise _refused([UserError(
            f"the file has {len(rows):,} intentions; at most {max_rows:,} can be imported at once",
            f"Soubor má {format_number(len(rows))} záměrů; najednou lze importovat nejvýše {format_number(max_rows)}. "
            "Rozdělte ho prosím na menší části.", field="file")])
    parsed: list[IntentionData] = []
    problems: list[UserError] = []
    for line, row in rows:
        # a text an export guarded against formulas ('=…) reads back as it was typed
        raw = {_CSV_FIELDS.get(k, k): restore(v) if isinstance(v, str) else v for k, v in row.items() if k}
        try:
            parsed.append(validate_intention(raw))
        except UserError as exc:
            problems.extend(UserError(p.en, p.cs, field=p.field, line=line) for p in exc.problems)
    if problems:
        raise _refused(problems)
    if not parsed:
        raise _refused([UserError("the file has no intentions", "Soubor neobsahuje žádný záměr.", field="file",
                                  line=reader.line_num)])
    return parsed


def _refused(problems: list[UserError]) -> UserError:
    return UserError("nothing was imported", "Nic nebylo importováno.", problems=problems)


@dataclass(frozen=True)
class Imported:
    ids: list[int]
    stages_reset: int = 0  # rows whose stage was not kept (an import without the coordinator)


def import_csv(text: str, *, max_rows: int | None = None, keep_stages: bool = True) -> Imported:
    """Import intentions from CSV text: all rows or none.

    Every row is validated before the database is touched; the rows are then written in one short
    transaction, and matched after its commit (matching is derived data: if it fails, the next
    crawl or ``tracker match`` computes it). Without ``keep_stages`` (anyone importing through the
    app) every intention enters the pipeline at ``zamer``, whatever its ``stage`` column says."""
    rows = parse_csv(text, max_rows=max_rows)
    reset = 0
    if not keep_stages:
        reset = sum(1 for data in rows if data.stage != Stage.ZAMER)
        rows = [replace(data, stage=Stage.ZAMER) for data in rows]
    with session_scope() as session:
        ids = add_intentions(session, rows)
    try:
        with session_scope() as session:
            _rematch(session, clock.now(), ids)
    except sa.exc.SQLAlchemyError:
        log.exception("matching %d imported intention(s) failed; the next crawl will match them", len(ids))
    return Imported(ids, reset)


def export_rows(intentions: Iterable[Intention], *, with_contacts: bool = True) -> list[list[Any]]:
    """Intentions as a table in the import's columns; without contacts, no IČO and no e-mail."""
    columns = [c for c in CSV_COLUMNS if with_contacts or c not in CONTACT_COLUMNS]
    rows: list[list[Any]] = [columns]
    for i in intentions:
        values = {
            "title": i.title, "organization": i.organization, "ico": i.ico, "applicant_type": i.applicant_type,
            "areas": ";".join(i.areas), "budget_czk": i.budget_czk, "cofinancing_pct": i.cofinancing_pct,
            "start": i.start_date.isoformat(), "end": i.end_date.isoformat(), "description": i.description,
            "program": ";".join(i.programmes), "partners": ";".join(i.partners), "contact": i.contact_email or "",
            "stage": i.stage,
        }
        rows.append([values[c] for c in columns])
    return rows


def export_bytes(intentions: Iterable[Intention], fmt: str, *, with_contacts: bool) -> bytes:
    """Intentions as a ``csv`` or ``xlsx`` file's bytes (the app's download buttons)."""
    return table_bytes(export_rows(intentions, with_contacts=with_contacts), fmt, sheet_title=SHEET_TITLE)
