"""Read harmonogram workbooks (XLSX) into rows of text keyed by their column headings.

A workbook comes from a site, so it is bounded before anything unpacks it: an XLSX is a ZIP
archive, and a 200 kB one can unpack to a gigabyte of sheet XML (a "ZIP bomb"). The archive's
declared sizes and compression ratios are checked first (zipfile never unpacks more than a member
declares), then each sheet's XML is counted as a stream (rows, cells, hyperlinks) and only then
does openpyxl read the values, read-only and no wider than :data:`MAX_COLUMNS`.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from scrapers.parsing import LayoutError, PageRefused
from tracker.text.czech import normalize_spaces

MAX_MEMBERS = 500  # files in the archive
MAX_UNPACKED = 10 * 2**20  # bytes of all files together; a year's harmonogram unpacks to well under 1 MB
MAX_RATIO = 100  # unpacked / packed size of any file over RATIO_FLOOR (sheet XML packs ~10:1)
RATIO_FLOOR = 2**20
MAX_ROWS = 2_000  # per sheet; a year's harmonogram has a hundred calls at most
MAX_CELLS = 50_000  # per sheet
MAX_COLUMNS = 100  # columns read

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW, _CELL, _LINK, _SHEET = (f"{{{_MAIN}}}{name}" for name in ("row", "c", "hyperlink", "sheet"))
_RELATIONSHIP = f"{{{_PKG_RELS}}}Relationship"
_RELATIONSHIP_ID = f"{{{_DOC_RELS}}}id"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.day}. {value.month}. {value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize_spaces(str(value))


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def check_archive(archive: zipfile.ZipFile, url: str) -> None:
    """Refuse an archive that would unpack to too much, or too much from too little, before unpacking it."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise PageRefused(url, f"the workbook holds {len(members)} files (limit {MAX_MEMBERS})")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise PageRefused(url, f"the workbook would unpack to {_megabytes(unpacked)} (limit {_megabytes(MAX_UNPACKED)})"
                               "; a harmonogram is far smaller, this looks like a ZIP bomb")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise PageRefused(url, f"{member.filename} in the workbook packs {_megabytes(member.file_size)} into "
                                   f"{member.compress_size} bytes (over {MAX_RATIO}:1); this looks like a ZIP bomb")


def _xml_events(source: IO[bytes], tags: tuple[str, ...]) -> Iterator[etree._Element]:
    """The given elements of an XML stream, without entities, DTDs or network access."""
    for _, element in etree.iterparse(source, events=("end",), tag=tags, resolve_entities=False, no_network=True,
                                      load_dtd=False, huge_tree=False):
        yield element


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (target, target mode)."""
    folder, name = posixpath.split(part)
    path = posixpath.join(folder, "_rels", name + ".rels")
    if path not in archive.namelist():
        return {}
    with archive.open(path) as source:
        return {r.get("Id", ""): (r.get("Target", ""), r.get("TargetMode", "")) for r in
                _xml_events(source, (_RELATIONSHIP,))}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive path of its XML."""
    relationships = _relationships(archive, "xl/workbook.xml")
    parts = {}
    with archive.open("xl/workbook.xml") as source:
        for sheet in _xml_events(source, (_SHEET,)):
            target = relationships.get(sheet.get(_RELATIONSHIP_ID, ""), ("", ""))[0]
            if target:
                parts[sheet.get("name", "")] = (target.lstrip("/") if target.startswith("/")
                                                 else posixpath.normpath(posixpath.join("xl", target)))
    return parts


def scan_sheet(archive: zipfile.ZipFile, part: str, url: str) -> dict[tuple[int, int], str]:
    """Count a sheet's rows and cells as a stream (refusing too many) and return its hyperlinks:
    (row, column) → target."""
    rows = cells = 0
    refs: list[tuple[str, str]] = []
    with archive.open(part) as source:
        for element in _xml_events(source, (_ROW, _CELL, _LINK)):
            if element.tag == _CELL:
                cells += 1
                if cells > MAX_CELLS:
                    raise PageRefused(url, f"a sheet of the workbook has over {MAX_CELLS} cells")
            elif element.tag == _ROW:
                rows += 1
                if rows > MAX_ROWS:
                    raise PageRefused(url, f"a sheet of the workbook has over {MAX_ROWS} rows")
                element.clear()
                while element.getprevious() is not None:  # keep the tree from growing row by row
                    del element.getparent()[0]
            elif len(refs) < MAX_CELLS:
                refs.append((element.get("ref", ""), element.get(_RELATIONSHIP_ID, "")))
    targets = _relationships(archive, part)
    links: dict[tuple[int, int], str] = {}
    for ref, rel_id in refs:
        target, mode = targets.get(rel_id, ("", ""))
        if not target or mode != "External":
            continue
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        for row in range(min_row, min(max_row, MAX_ROWS) + 1):
            for column in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                links.setdefault((row, column), target)
    return links


def workbook_rows(body: bytes, url: str, header_marker: str) -> list[dict[str, str]]:
    """Rows below the first row that has a cell starting with ``header_marker``.

    Each row maps heading → text; a hyperlink in a cell is kept under ``"<heading> [link]"``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        check_archive(archive, url)
        parts = _sheet_parts(archive)
        workbook = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except PageRefused:
        raise
    except (zipfile.BadZipFile, etree.LxmlError, OSError, KeyError, ValueError) as exc:
        raise LayoutError(url, f"not a readable XLSX workbook ({exc})") from exc
    try:
        for sheet in workbook.worksheets:
            part = parts.get(sheet.title)
            if part is None:
                continue
            try:
                links = scan_sheet(archive, part, url)
            except (KeyError, etree.LxmlError) as exc:
                raise LayoutError(url, f"not a readable XLSX workbook ({exc})") from exc
            rows = _rows_below_header(sheet, links, header_marker, url)
            if rows is not None:
                return rows
    finally:
        workbook.close()
    raise LayoutError(url, f"no header row with {header_marker!r} in the workbook")


def _rows_below_header(sheet, links: dict[tuple[int, int], str], header_marker: str,  # type: ignore[no-untyped-def]
                       url: str) -> list[dict[str, str]] | None:
    sheet.reset_dimensions()  # a sheet may claim any size; only its rows count
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        if number > MAX_ROWS:  # rows numbered far apart are filled in one by one
            raise PageRefused(url, f"a sheet of the workbook has over {MAX_ROWS} rows")
        texts = [_cell_text(v) for v in values]
        if header is None:
            if any(t.lower().startswith(header_marker.lower()) for t in texts):
                header = texts
            continue
        if not any(texts):
            continue
        record = {h: t for h, t in zip(header, texts) if h}
        for column, h in enumerate(header, start=1):
            if h and (number, column) in links:
                record[f"{h} [link]"] = links[(number, column)]
        rows.append(record)
    return rows if header is not None else None
