"""Project intentions (projektové záměry): look up, create, edit, delete, list, import from CSV,
export as a table."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker import clock
from tracker.errors import UserError
from tracker.exports import table_bytes
from tracker.intentions.matching import rematch
from tracker.intentions.validation import IntentionData, validate_intention
from tracker.storage.models import Intention, IntentionMatch, StageChange

CSV_COLUMNS = (
    "title", "organization", "ico", "applicant_type", "areas", "budget_czk", "cofinancing_pct",
    "start", "end", "description", "program", "partners", "contact", "stage",
)
REQUIRED_COLUMNS = CSV_COLUMNS[:9]
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
    """The calls an intention follows: its stored matches and the call it chose."""
    intention = get_intention(session, intention_id)
    ids = set(session.exec(select(IntentionMatch.call_id).where(IntentionMatch.intention_id == intention_id)))
    if intention.call_id is not None:
        ids.add(intention.call_id)
    return frozenset(ids)


def save_and_rematch(session: Session, intention: Intention, now: datetime) -> Intention:
    """Store a changed intention and refresh its matches."""
    assert intention.id is not None
    intention.updated_at = now
    session.add(intention)
    session.flush()
    rematch(session, now, [intention.id])
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
        rematch(session, now, [intention.id])
    return intention


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


def parse_csv(text: str) -> list[IntentionData]:
    """Validate every row of a CSV export or hand-made sheet; refuse all if any row is bad."""
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample.splitlines()[0] if sample else "", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _refused([UserError(f"missing column(s): {', '.join(missing)}", f"Chybí sloupce: {', '.join(missing)}.",
                                  field="file", line=1)])
    reader.fieldnames = header
    rows: list[IntentionData] = []
    problems: list[UserError] = []
    line = 1
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            line = reader.line_num
            continue
        raw = {_CSV_FIELDS.get(k, k): v for k, v in row.items() if k}
        try:
            rows.append(validate_intention(raw))
        except UserError as exc:
            problems.extend(UserError(p.en, p.cs, field=p.field, line=reader.line_num) for p in exc.problems)
        line = reader.line_num
    if problems:
        raise _refused(problems)
    if not rows:
        raise _refused([UserError("the file has no intentions", "Soubor neobsahuje žádný záměr.", field="file",
                                  line=line)])
    return rows


def _refused(problems: list[UserError]) -> UserError:
    return UserError("nothing was imported", "Nic nebylo importováno.", problems=problems)


def import_csv(session: Session, text: str) -> list[Intention]:
    added = [add_intention(session, data, match=False) for data in parse_csv(text)]
    rematch(session, clock.now(), [i.id for i in added if i.id is not None])
    return added


def export_rows(intentions: Iterable[Intention]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(CSV_COLUMNS)]
    for i in intentions:
        rows.append([
            i.title, i.organization, i.ico, i.applicant_type, ";".join(i.areas), i.budget_czk,
            i.cofinancing_pct, i.start_date.isoformat(), i.end_date.isoformat(), i.description,
            ";".join(i.programmes), ";".join(i.partners), i.contact_email or "", i.stage,
        ])
    return rows


def export_bytes(intentions: Iterable[Intention], fmt: str) -> bytes:
    """Intentions as a ``csv`` or ``xlsx`` file's bytes (the app's download buttons)."""
    return table_bytes(export_rows(intentions), fmt, sheet_title=SHEET_TITLE)
