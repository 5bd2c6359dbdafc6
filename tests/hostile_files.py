"""Hostile inputs made on the spot: a workbook with a forged link, a ZIP bomb, a huge CSV.

The tests (tests/test_hostile.py) feed them to the real parsers, spiders, importers and feed;
``python -m bench.attacks`` times the same inputs.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

IROP_WORKBOOK_PATH = "/cs/soubory/kalendar-vyzev-irop-2027.xlsx"
IROP_HEADER = ["Číslo výzvy", "Název výzvy", "Specifický cíl", "Aktivita", "Druh výzvy", "Plánované vyhlášení",
               "Příjem žádostí", "Alokace EU (mil. Kč)", "Oprávnění žadatelé"]
# What a forged link would smuggle into every subscriber's calendar if written raw into "URL:".
FORGED_EVENT = (
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged@evil.example\r\nDTSTAMP:20261123T000000Z\r\n"
    "DTSTART:20261201T100000Z\r\nSUMMARY:Uzávěrka posunuta – podejte zde\r\nURL:http://evil.example/podani"
)
CRLF_LINK = "https://irop.gov.cz/cs/vyzvy-2021-2027/vyzvy/127vyzvairop" + FORGED_EVENT


def irop_workbook(link: str) -> bytes:
    """The IROP calendar workbook of the samples, with ``link`` as the target of call 127's title."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Harmonogram"
    sheet.append(["Harmonogram výzev IROP 2021–2027 na rok 2027"])
    sheet.append(IROP_HEADER)
    sheet.append([127, "Sociální bydlení III.", "SC 4.2 (MRR)", "Sociální bydlení", "průběžná", "1/2027",
                  "3/2027-9/2027", 1200, "obce, NNO, církve a církevní organizace"])
    sheet.cell(row=sheet.max_row, column=2).hyperlink = link
    sheet.append([128, "Mateřské a základní školy", "SC 4.1 (PR)", "Infrastruktura pro předškolní a základní "
                  "vzdělávání", "kolová", "Q2 2027", "5/2027-10/2027", 900, "obce, DSO, školy a školská zařízení"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bomb_workbook(rows: int = 400_000) -> bytes:
    """A valid workbook whose one sheet unpacks to tens of MB of identical rows and packs to a few hundred kB."""
    row = '<row><c t="inlineStr"><is><t>IROP</t></is></c><c><v>1</v></c></row>'  # numbered by position
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + row * rows + "</sheetData></worksheet>")
    source = zipfile.ZipFile(io.BytesIO(irop_workbook("https://irop.gov.cz/")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for member in source.infolist():
            data = sheet.encode() if member.filename == "xl/worksheets/sheet1.xml" else source.read(member)
            bomb.writestr(member.filename, data)
    return out.getvalue()


def many_rows_workbook(rows: int) -> bytes:
    """An honest-looking harmonogram with ``rows`` distinct calls (too many for a harmonogram)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Harmonogram")
    sheet.append(IROP_HEADER)
    for n in range(rows):
        sheet.append([1000 + n, f"Výzva {n}", "SC 4.2 (PR)", "", "průběžná", "1/2027", "3/2027-9/2027", n, "obce"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CSV_HEADER = "title,organization,ico,applicant_type,areas,budget_czk,cofinancing_pct,start,end\n"
CSV_ROW = "Záměr {n},Obec Hodkovice,00262978,obec,bydleni,5000000,15,2027-01-01,2028-12-31\n"


def big_csv(rows: int) -> str:
    return CSV_HEADER + "".join(CSV_ROW.format(n=n) for n in range(rows))
