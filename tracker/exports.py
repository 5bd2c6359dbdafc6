"""Tables out: the one way calls and intentions leave as CSV (UTF-8 with BOM, for Excel) or XLSX, and
the one way a formatted workbook of several sheets is written (the region's report).

Every text in a table was typed by a stranger or scraped from a site, so none may become a
formula in the spreadsheet that opens it (``=HYPERLINK(…)``, ``+cmd|…``): a text starting with
``= + - @``, a tab or a CR gets a leading ``'`` (as OWASP advises for CSV injection), and every
text is a string cell in XLSX. Numbers stay numbers, negative ones included.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
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


# --- workbooks of several formatted sheets (the region's report) -------------------------------

# Number formats as Excel stores them; a Czech Excel or LibreOffice shows the thousands separator as
# a space ("21 174 960 Kč"). A literal space ("# ##0") would not group millions ("21174 960").
CZK_FORMAT = '#,##0 "Kč"'
DATE_FORMAT = "d. m. yyyy"
DATETIME_FORMAT = "d. m. yyyy h:mm"
NUMBER_FORMATS = {"int": "0", "czk": CZK_FORMAT, "ratio": "0 %", "decimal": "0.0"}
HEADER_FILL = "DDE6F0"


@dataclass(frozen=True)
class Column:
    """A column of a formatted table: Czech header, kind of value, width in characters."""

    header: str
    kind: str = "text"  # text | int | decimal | czk | ratio | date
    width: float = 14


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: list[list[Any]]
    title: str | None = None
    empty: str = "Žádné záznamy."


@dataclass(frozen=True)
class Chart:
    """A bar chart over one table of its sheet: categories from one column, a series per value column."""

    title: str
    table: int
    categories: int
    series: tuple[int, ...]
    horizontal: bool = True
    axis_title: str | None = None
    log: bool = False  # a logarithmic value axis, for amounts of very different size


@dataclass(frozen=True)
class Sheet:
    title: str  # at most 31 characters (Excel)
    tables: tuple[Table, ...]
    intro: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    headline: str = ""  # one sentence for the cover's contents and the app


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Sheets of titled tables with Czech number and date formats, set column widths and bar charts.

    Written in openpyxl's streaming (write-only) mode with one named style per kind of cell: a region's
    worth of rows takes seconds, where styling cell by cell took minutes."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for style in _named_styles():
        workbook.add_named_style(style)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _named_styles() -> list[Any]:
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    wrap = Alignment(wrap_text=True, vertical="top")
    styles = [
        NamedStyle("r-title", font=Font(bold=True, size=14)),
        NamedStyle("r-subtitle", font=Font(bold=True, size=12)),
        NamedStyle("r-header", font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL), alignment=wrap),
        NamedStyle("r-text", alignment=wrap),
        NamedStyle("r-date", number_format=DATE_FORMAT, alignment=Alignment(vertical="top")),
        NamedStyle("r-datetime", number_format=DATETIME_FORMAT, alignment=Alignment(vertical="top")),
    ]
    styles += [NamedStyle(f"r-{kind}", number_format=fmt, alignment=Alignment(vertical="top"))
               for kind, fmt in NUMBER_FORMATS.items()]
    return styles


def _layout(sheet: Sheet) -> tuple[list[tuple[int, int]], dict[int, float]]:
    """Where each table's header and last row fall, and each column's width — known before writing,
    because a streamed sheet is written top to bottom once."""
    row = 1 + len(sheet.intro)
    placed, widths = [], {}
    for table in sheet.tables:
        row += 2 if table.title else 1
        placed.append((row, row + max(1, len(table.rows))))
        row += max(1, len(table.rows)) + 1
        for col, column in enumerate(table.columns, start=1):
            widths[col] = max(widths.get(col, 0), column.width)
    return placed, widths


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    def cell(value: Any, style: str) -> Any:
        written = WriteOnlyCell(ws, value)
        written.style = style
        return written

    placed, widths = _layout(sheet)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    if len(sheet.tables) == 1 and sheet.tables[0].rows:
        ws.freeze_panes = f"A{placed[0][0] + 1}"
    ws.append([cell(sheet.title, "r-title")])
    for line in sheet.intro:
        ws.append([line])
    for table in sheet.tables:
        ws.append([])
        if table.title:
            ws.append([cell(table.title, "r-subtitle")])
        ws.append([cell(column.header, "r-header") for column in table.columns])
        for values in table.rows:
            ws.append([_cell(cell, column.kind, value) for column, value in zip(table.columns, values)])
        if not table.rows:
            ws.append([table.empty])
    anchor_col = get_column_letter(max(widths, default=1) + 2)
    anchor_row = placed[0][0] if placed else 1
    for chart in sheet.charts:
        header_row, last_row = placed[chart.table]
        if not sheet.tables[chart.table].rows:
            continue
        bars = _bar_chart(ws, chart, header_row, last_row, sheet.tables[chart.table])
        ws.add_chart(bars, f"{anchor_col}{anchor_row}")
        anchor_row += int(bars.height * 2) + 2  # about two rows a centimetre


def _cell(cell: Callable[[Any, str], Any], kind: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
        return cell(naive, "r-datetime" if naive.time() != time(0, 0) else "r-date")
    if isinstance(value, date):
        return cell(value, "r-date")
    if kind in NUMBER_FORMATS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return cell(value, f"r-{kind}")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # text, or a date known only to the month ("červen 2027 (orientačně)")
    text = cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)), "r-text")
    text.data_type = "s"  # never a formula, whatever a scraped title starts with
    return text


def _bar_chart(ws: Any, chart: Chart, header_row: int, last_row: int, table: Table) -> Any:
    from openpyxl.chart import BarChart, Reference

    bars = BarChart()
    bars.type = "bar" if chart.horizontal else "col"
    bars.title = chart.title
    bars.width = 18
    bars.height = max(7.5, 0.45 * len(table.rows) * len(chart.series) + 3)  # cm: room for every bar
    if chart.axis_title:
        bars.y_axis.title = chart.axis_title
    values = [row[col] for row in table.rows for col in chart.series
              if isinstance(row[col], (int, float)) and row[col] > 0]
    if chart.log and values:  # from the power of ten below the smallest amount, not from 1 Kč
        bars.y_axis.scaling.logBase = 10
        bars.y_axis.scaling.min = 10 ** math.floor(math.log10(min(values)))
    for col in chart.series:
        bars.add_data(Reference(ws, min_col=col + 1, min_row=header_row, max_row=last_row), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=chart.categories + 1, min_row=header_row + 1, max_row=last_row))
    if chart.horizontal:
        bars.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    return bars
