"""Read harmonogram workbooks (XLSX) into rows of text keyed by their column headings."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from scrapers.parsing import LayoutError
from tracker.text.czech import normalize_spaces


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.day}. {value.month}. {value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_spaces(str(value))


def workbook_rows(body: bytes, url: str, header_marker: str) -> list[dict[str, str]]:
    """Rows below the first row that has a cell starting with ``header_marker``.

    Each row maps heading → text; a hyperlink in a cell is kept under ``"<heading> [link]"``.
    """
    try:
        workbook = load_workbook(io.BytesIO(body), data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise LayoutError(url, f"not a readable XLSX workbook ({exc})") from exc
    rows: list[dict[str, str]] = []
    for sheet in workbook.worksheets:
        header: list[str] | None = None
        for row in sheet.iter_rows():
            texts = [_cell_text(c.value) for c in row]
            if header is None:
                if any(t.lower().startswith(header_marker.lower()) for t in texts):
                    header = texts
                continue
            if not any(texts):
                continue
            record = {h: t for h, t in zip(header, texts) if h}
            for h, cell in zip(header, row):
                if h and cell.hyperlink is not None and cell.hyperlink.target:
                    record[f"{h} [link]"] = cell.hyperlink.target
            rows.append(record)
        if header is not None:
            return rows
    raise LayoutError(url, f"no header row with {header_marker!r} in the workbook")
