"""Write the hand-made sample workbooks under data/samples/ (run once; the files are committed).

    python scripts/make_sample_workbooks.py
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
MARK = "Hand-made sample of the real layout (shared/sources.md); not published by the managing authority."


def write(path: Path, title: str, header: list[str], rows: list[list[object]], links: dict[int, str]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Harmonogram"
    sheet.append([MARK])
    sheet.append([title])
    sheet.append(header)
    for index, row in enumerate(rows):
        sheet.append(row)
        if index in links:
            sheet.cell(row=sheet.max_row, column=2).hyperlink = links[index]
    workbook.properties.created = workbook.properties.modified = datetime(2026, 11, 2)
    workbook.save(path)


write(
    SAMPLES / "opzplus" / "harmonogram-opz-plus-2027.xlsx",
    "Harmonogram výzev OPZ+ na rok 2027",
    ["Číslo výzvy", "Název výzvy", "Specifický cíl", "Plánované vyhlášení", "Zahájení příjmu žádostí",
     "Ukončení příjmu žádostí", "Alokace (mil. Kč)", "Oprávnění žadatelé"],
    [
        ["03_27_120", "Sociální služby v komunitě", "ESF+ 4.11", "Q1 2027", "03/2027", "06/2027", 250,
         "poskytovatelé sociálních služeb, obce, kraje"],
        ["03_27_121", "Zaměstnanost osob ohrožených na trhu práce", "ESF+ 4.1", "2. čtvrtletí 2027",
         "květen 2027", "do vyčerpání alokace", 400, "zaměstnavatelé, NNO, obce"],
        ["03_27_125", "Podpora rodin s dětmi a slaďování pracovního a rodinného života", "ESF+ 4.3", "Q2 2027",
         "9/2027", "12/2027", 150, "obce, NNO, poskytovatelé sociálních služeb"],
    ],
    {},
)

write(
    SAMPLES / "irop" / "kalendar-vyzev-irop-2027.xlsx",
    "Harmonogram výzev IROP 2021–2027 na rok 2027",
    ["Číslo výzvy", "Název výzvy", "Specifický cíl", "Aktivita", "Druh výzvy", "Plánované vyhlášení",
     "Příjem žádostí", "Alokace EU (mil. Kč)", "Oprávnění žadatelé"],
    [
        [126, "Komunitní centra", "SC 4.2 (PR)", "Komunitní centra", "průběžná", "12/2026", "1/2027-6/2027", 600,
         "obce, DSO, NNO, církve a církevní organizace"],
        [127, "Sociální bydlení III.", "SC 4.2 (MRR)", "Sociální bydlení", "průběžná", "1/2027", "3/2027-9/2027",
         1200, "obce, NNO, církve a církevní organizace"],
        [128, "Mateřské a základní školy", "SC 4.1 (PR)", "Infrastruktura pro předškolní a základní vzdělávání",
         "kolová", "Q2 2027", "5/2027-10/2027", 900, "obce, DSO, školy a školská zařízení, NNO"],
    ],
    {0: "https://irop.gov.cz/cs/vyzvy-2021-2027/vyzvy/126vyzvairop"},
)
