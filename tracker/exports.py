"""Tables out: the one way calls and intentions leave as CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tracker.errors import UserError

FORMATS = ("csv", "xlsx")


def table_bytes(rows: list[list[Any]], fmt: str, sheet_title: str) -> bytes:
    """A header row plus rows as a ``csv`` or ``xlsx`` file's bytes."""
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
    raise _unsupported(fmt)


def _unsupported(fmt: str) -> UserError:
    return UserError(f"unsupported export format {fmt!r}; use .csv or .xlsx",
                     "Nepodporovaný formát; použijte CSV nebo XLSX.", field="file")


def format_of(path: Path) -> str:
    """``csv`` or ``xlsx`` from a file name; any other suffix is refused."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise _unsupported(path.suffix)
    return fmt


def write_table(rows: list[list[Any]], path: Path, sheet_title: str) -> int:
    """Write a table to ``path`` (format by suffix); returns the number of data rows."""
    data = table_bytes(rows, format_of(path), sheet_title)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}", f"Soubor {path} nelze zapsat.", field="file") from None
    return len(rows) - 1
