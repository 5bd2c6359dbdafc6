"""One validation layer refuses each kind of bad intention, naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.errors import UserError
from tracker.intentions.validation import validate_intention

MOBILE_TEAM = {
    "title": "Krajský mobilní tým",
    "organization": "Liberecký kraj",
    "ico": "70891508",
    "applicant_type": "kraj",
    "areas": ["socialni-sluzby"],
    "budget_czk": "21 174 960",
    "cofinancing_pct": "10",
    "start_date": "2023-01-01",
    "end_date": "2025-12-31",
    "programmes": ["OPZ+"],
    "partners": "TUL; síť MAS; Statutární město Liberec",
}


def test_the_mobile_team_from_the_minutes_is_valid() -> None:
    data = validate_intention(MOBILE_TEAM)
    assert data.budget_czk == 21_174_960
    assert data.cofinancing_pct == 10.0
    assert data.start_date == date(2023, 1, 1)
    assert data.partners == ["TUL", "síť MAS", "Statutární město Liberec"]
    assert data.stage == "zamer"


@pytest.mark.parametrize(
    ("change", "field", "czech"),
    [
        ({"ico": "7089150"}, "ico", "8 číslic"),
        ({"ico": "70891507"}, "ico", "kontrolní součet"),
        ({"budget_czk": "-1"}, "budget_czk", "záporný"),
        ({"budget_czk": "hodně"}, "budget_czk", "číslo"),
        ({"cofinancing_pct": "101"}, "cofinancing_pct", "od 0 do 100"),
        ({"cofinancing_pct": "-5"}, "cofinancing_pct", "od 0 do 100"),
        ({"cofinancing_pct": "nan"}, "cofinancing_pct", "od 0 do 100"),
        ({"end_date": "2022-12-31"}, "end_date", "před zahájením"),
        ({"start_date": "2026-02-30"}, "start_date", "platné datum"),
        ({"areas": ["bydleni", "vesmir"]}, "areas", "Neznámá oblast"),
        ({"areas": []}, "areas", "alespoň jednu"),
        ({"applicant_type": "firma"}, "applicant_type", "Neznámý typ žadatele „firma“; použijte jeden z kódů: obec,"),
        ({"applicant_type": ""}, "applicant_type", "Vyberte typ žadatele ze seznamu."),
        ({"title": "   "}, "title", "Vyplňte název"),
        ({"title": "x" * 301}, "title", "nejvýše 300"),
        ({"contact_email": "koordinator@kraj"}, "contact_email", "e-mailovou"),
        ({"stage": "hotovo"}, "stage", "fáze"),
        ({"title": "Řádek\nnový\x07"}, "title", "na jednom řádku"),
        ({"organization": "Kraj\x00"}, "organization", "řídicích znaků"),
        ({"description": "Popis\x1b[31m"}, "description", "řídicí znaky"),
        ({"partners": ["TUL\x07"]}, "partners", "řídicí znaky"),
        ({"budget_czk": "21 174 960,50 Kč"}, "budget_czk", "celých korunách"),
        ({"start_date": "0001-01-01"}, "start_date", "v letech 2000–2100"),
        ({"end_date": "9999-12-31"}, "end_date", "v letech 2000–2100"),
    ],
)
def test_each_bad_field_is_refused_with_its_name(change: dict, field: str, czech: str) -> None:
    with pytest.raises(UserError) as refused:
        validate_intention({**MOBILE_TEAM, **change})
    assert [e.field for e in refused.value.problems] == [field]
    assert czech in refused.value.problems[0].cs
    assert refused.value.english()[0].startswith(f"{field}: ")


def test_a_programme_typed_in_another_spelling_is_stored_as_the_app_names_it() -> None:
    data = validate_intention({**MOBILE_TEAM, "programmes": ["opz+", "OPZ +", "Nadace VIA", "op jak"]})
    assert data.programmes == ["OPZ+", "Nadace VIA", "OP JAK"]


def test_a_description_keeps_its_lines_and_a_budget_its_zero_decimals() -> None:
    data = validate_intention({**MOBILE_TEAM, "description": "Tým:\n\t6 úvazků", "budget_czk": "21174960.00"})
    assert (data.description, data.budget_czk) == ("Tým:\n\t6 úvazků", 21_174_960)


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(UserError) as refused:
        validate_intention({**MOBILE_TEAM, "ico": "1", "budget_czk": "-3", "title": ""})
    assert {e.field for e in refused.value.problems} == {"ico", "budget_czk", "title"}
