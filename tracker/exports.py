"""Tables out: the one way calls and intentions leave as CSV (UTF-8 with BOM, for Excel) or XLSX.

Every text in a table was typed by a stranger or scraped from a site, so none may become a
formula in the spreadsheet that opens it (``=HYPERLINK(…)``, ``+cmd|…``): a text starting with
``= + - @``, a tab or a CR gets a leading ``'`` (as OWASP advises for CSV injection), and every
text is a string cell in XLSX. Numbers stay numbers, negative ones included.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from tracker.errors import UserError
from tracker.files import write_private

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")  # "-5" is a number in any spreadsheet, never a formula


def neutralise(value: Any) -> Any:
    """A cell's value that no spreadsheet reads as a formula: ``'=1+1``; numbers unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text :func:`neutralise` was given (an imported export reads back as it was typed)."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def table_bytes(rows: list[list[Any]], fmt: str, sheet_title: str) -> bytes:
    """A header row plus rows as a ``csv`` or ``xlsx`` file's bytes."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([neutralise(v) for v in row] for row in rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        return _xlsx(rows, sheet_title)
    raise _unsupported(fmt)


def _xlsx(rows: list[list[Any]], sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
                cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


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
        write_private(path, data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}", f"Soubor {path} nelze zapsat.", field="file") from None
    return len(rows) - 1
