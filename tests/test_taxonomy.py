"""The classifier on a labelled set of real-looking eligible-applicant and call texts."""

from __future__ import annotations

import pytest

from tracker.text.classify import classify_applicants, classify_areas

# (eligible-applicants text, expected applicant types)
APPLICANTS: list[tuple[str, set[str]]] = [
    ("obce", {"obec"}),
    ("Oprávněnými žadateli jsou obce a města.", {"obec"}),
    ("obcím do 3 000 obyvatel", {"obec"}),
    ("obce, městyse, města a městské části hl. m. Prahy", {"obec"}),
    ("statutární města", {"obec"}),
    ("kraje", {"kraj"}),
    ("Liberecký kraj", {"kraj"}),
    ("obce Libereckého kraje", {"obec"}),
    ("obce a jejich svazky se sídlem v Libereckém kraji", {"obec", "dso"}),
    ("kraje a jimi zřizované organizace", {"kraj", "prispevkova-organizace"}),
    ("organizace zřizované obcemi", {"prispevkova-organizace"}),
    ("organizace zřizované nebo zakládané obcemi nebo kraji", {"prispevkova-organizace"}),
    ("obce a organizace zřizované obcemi", {"obec", "prispevkova-organizace"}),
    ("příspěvkové organizace", {"prispevkova-organizace"}),
    ("PO zřizované krajem", {"prispevkova-organizace"}),
    ("dobrovolné svazky obcí", {"dso"}),
    ("DSO a MAS", {"dso", "mas"}),
    ("místní akční skupiny", {"mas"}),
    ("NNO", {"nno"}),
    ("nestátní neziskové organizace (spolky, obecně prospěšné společnosti, ústavy, církevní právnické osoby)",
     {"nno"}),
    ("o.p.s., z. s., z. ú.", {"nno"}),
    ("nadace a nadační fondy", {"nno"}),
    ("církve a církevní organizace", {"nno"}),
    ("školy a školská zařízení", {"skola"}),
    ("mateřské a základní školy", {"skola"}),
    ("školy a školská zařízení s výjimkou vysokých škol", {"skola"}),
    ("vysoké školy a výzkumné organizace", {"vysoka-skola"}),
    ("univerzity", {"vysoka-skola"}),
    ("poskytovatelé sociálních služeb zapsaní v registru", {"poskytovatel-socialnich-sluzeb"}),
    ("poskytovatelé registrovaných sociálních služeb", {"poskytovatel-socialnich-sluzeb"}),
    ("poskytovatelé zdravotních služeb", {"poskytovatel-zdravotnich-sluzeb"}),
    ("nemocnice", {"poskytovatel-zdravotnich-sluzeb"}),
    ("kraje, organizace zřizované kraji, poskytovatelé zdravotních služeb",
     {"kraj", "prispevkova-organizace", "poskytovatel-zdravotnich-sluzeb"}),
    ("ministerstva a organizační složky státu", {"statni-sprava"}),
    ("Úřad práce ČR", {"statni-sprava"}),
    ("zaměstnavatelé", {"podnikatel"}),
    ("OSVČ a MSP", {"podnikatel"}),
    ("malé a střední podniky", {"podnikatel"}),
    ("fyzické osoby podnikající", {"podnikatel"}),
    ("dopravci v závazku veřejné služby", {"podnikatel"}),
    ("obchodní společnosti vlastněné obcemi", {"podnikatel"}),
    ("fyzické osoby", {"fyzicka-osoba"}),
    ("obce, nestátní neziskové organizace a školy", {"obec", "nno", "skola"}),
    ("zaměstnavatelé, NNO, obce", {"podnikatel", "nno", "obec"}),
    ("Oprávněnými žadateli jsou obce. Oprávněnými žadateli nejsou příspěvkové organizace.", {"obec"}),
    ("NNO, obce a další", {"nno", "obec"}),
    ("všechny subjekty kromě podnikatelů", set()),
    ("po dohodě s řídicím orgánem", set()),
    ("obecně prospěšné společnosti", {"nno"}),
    ("obcim a mestum", {"obec"}),
]

# (call title / description, expected areas)
AREAS: list[tuple[str, set[str]]] = [
    ("Sociální bydlení II.", {"bydleni"}),
    ("Podpora bydlení osob v bytové nouzi", {"bydleni"}),
    ("Kybernetická bezpečnost II.", {"verejna-sprava"}),
    ("Dluhové poradenství a prevence předlužení", {"dluhy"}),
    ("Krajský mobilní tým pro sociální začleňování", {"socialni-sluzby"}),
    ("Inkluzivní vzdělávání ve školách", {"vzdelavani"}),
    ("Zaměstnanost osob ohrožených na trhu práce", {"zamestnanost"}),
    ("Prevence kriminality a bezpečí", {"bezpeci-a-zdravi"}),
    ("Podpora rodin s dětmi", {"rodina"}),
    ("Komunitní centra", {"komunitni-zivot"}),
    ("Cyklostezky a bezpečná doprava", {"doprava", "bezpeci-a-zdravi"}),
    ("Obnova kulturních památek a cestovní ruch", {"kultura-a-cestovni-ruch"}),
    ("Úspory energie ve veřejných budovách", {"zivotni-prostredi"}),
    ("Digitalizace veřejné správy", {"verejna-sprava"}),
    ("Sociální služby pro osoby se zdravotním postižením", {"socialni-sluzby"}),
    ("Exekuce a oddlužení: finanční gramotnost", {"dluhy"}),
    ("Sociální podniky a pracovní uplatnění", {"zamestnanost"}),
    ("Duševní zdraví dětí a mládeže", {"bezpeci-a-zdravi", "rodina"}),
    ("Mateřské a základní školy", {"vzdelavani"}),
    ("Dobrovolnictví a sousedská pomoc", {"komunitni-zivot"}),
]


@pytest.mark.parametrize(("text", "expected"), APPLICANTS)
def test_applicant_types(text: str, expected: set[str]) -> None:
    assert set(classify_applicants(text)) == expected


@pytest.mark.parametrize(("text", "expected"), AREAS)
def test_areas(text: str, expected: set[str]) -> None:
    assert set(classify_areas(text)) == expected


def test_codes_come_in_taxonomy_order_without_duplicates() -> None:
    assert classify_applicants("NNO, obce, obcím, NNO") == ["obec", "nno"]


def test_empty_and_odd_text() -> None:
    assert classify_applicants("") == []
    assert classify_applicants(None) == []
    assert classify_areas("\u00a0\t") == []
