"""Project intentions (projektové záměry): create, list, import from CSV, export to CSV/XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from tracker import clock
from tracker.intentions.matching import rematch
from tracker.intentions.stages import get_intention, record_start
from tracker.intentions.validation import FieldError, IntentionData, InvalidInput, validate_intention
from tracker.storage.models import Intention

CSV_COLUMNS = (
    "title", "organization", "ico", "applicant_type", "areas", "budget_czk", "cofinancing_pct",
    "start", "end", "description", "program", "partners", "contact", "stage",
)
REQUIRED_COLUMNS = CSV_COLUMNS[:9]
# CSV column → validation field
_CSV_FIELDS = {
    "start": "start_date", "end": "end_date", "program": "programmes", "contact": "contact_email",
}


class ImportFailed(ValueError):
    """A CSV import refused as a whole; ``problems`` lists (line number, error)."""

    def __init__(self, problems: list[tuple[int, FieldError]]):
        self.problems = problems
        super().__init__("\n".join(f"line {line}: {problem}" for line, problem in problems))


def add_intention(session: Session, data: IntentionData, *, match: bool = True) -> Intention:
    """Store a validated intention, start its pipeline history and compute its matches."""
    now = clock.now()
    intention = Intention(**asdict(data), created_at=now, updated_at=now)
    session.add(intention)
    session.flush()
    record_start(session, intention, now)
    if match:
        assert intention.id is not None
        rematch(session, now, [intention.id])
    return intention


def update_intention(session: Session, intention_id: int, data: IntentionData) -> Intention:
    """Replace an intention's details (its stage moves only through the pipeline) and rematch it."""
    intention = get_intention(session, intention_id)
    now = clock.now()
    for name, value in asdict(data).items():
        if name != "stage":
            setattr(intention, name, value)
    intention.updated_at = now
    session.add(intention)
    session.flush()
    rematch(session, now, [intention_id])
    return intention


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
        raise ImportFailed([(1, FieldError("file", f"missing column(s): {', '.join(missing)}",
                                           f"Chybí sloupce: {', '.join(missing)}."))])
    reader.fieldnames = header
    rows: list[IntentionData] = []
    problems: list[tuple[int, FieldError]] = []
    line = 1
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            line = reader.line_num
            continue
        raw = {_CSV_FIELDS.get(k, k): v for k, v in row.items() if k}
        try:
            rows.append(validate_intention(raw))
        except InvalidInput as exc:
            problems.extend((reader.line_num, error) for error in exc.errors)
        line = reader.line_num
    if problems:
        raise ImportFailed(problems)
    if not rows:
        raise ImportFailed([(line, FieldError("file", "the file has no intentions",
                                              "Soubor neobsahuje žádný záměr."))])
    return rows


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
    """Intentions as a ``csv`` (UTF-8 with BOM, for Excel) or ``xlsx`` file's bytes."""
    return table_bytes(export_rows(intentions), fmt, sheet_title="Záměry")


def table_bytes(rows: list[list[Any]], fmt: str, sheet_title: str) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"unsupported export format {fmt!r}; use csv or xlsx")


def export_intentions(intentions: Iterable[Intention], path: Path) -> int:
    """Write intentions to ``.csv`` or ``.xlsx`` (chosen by suffix); returns the row count."""
    rows = export_rows(intentions)
    path.write_bytes(table_bytes(rows, path.suffix.lower().lstrip("."), sheet_title="Záměry"))
    return len(rows) - 1
