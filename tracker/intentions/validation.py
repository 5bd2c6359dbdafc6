"""One validation layer for project intentions, shared by the CLI, CSV import and the app form.

Each problem is a :class:`~tracker.errors.UserError` naming its field, with an English message
(CLI) and a Czech one (app); all problems of one input are refused together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from tracker.errors import UserError
from tracker.storage.models import Stage
from tracker.text.classify import APPLICANT_CODES, AREA_CODES
from tracker.text.czech import format_czk, is_valid_ico
from tracker.text.normalize import programme_key

TITLE_MAX = 300
ORGANIZATION_MAX = 300
DESCRIPTION_MAX = 5_000
ITEM_MAX, ITEMS_MAX = 200, 30  # characters of one programme or partner, and how many of them
EMAIL_MAX = 254
NUMBER_TEXT_MAX = 40  # characters of a number as typed ("21 174 960,00 Kč")
BUDGET_MAX = 10**12  # CZK; far above any project, far below what the database holds
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class IntentionData:
    title: str
    organization: str
    ico: str
    applicant_type: str
    areas: list[str]
    budget_czk: int
    cofinancing_pct: float
    start_date: date
    end_date: date
    description: str = ""
    programmes: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    contact_email: str | None = None
    stage: str = Stage.ZAMER


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # no typed line of text holds these
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a description may have lines and tabs
YEARS = (2000, 2100)  # the years an intention's dates may fall in
# The programmes the app offers; one typed in another spelling ("opz+", "Op Jak") is stored as named here.
PROGRAMMES = ("OPZ+", "IROP", "MAS/CLLD", "ITI", "Liberecký kraj", "OP JAK")
_CANONICAL = {programme_key(p): p for p in PROGRAMMES}


def _text(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return "" if value is None else str(value).strip()


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(";")
    return [str(item).strip() for item in value if str(item).strip()]


def _number(value: Any) -> Decimal | None:
    """A finite number no longer than :data:`NUMBER_TEXT_MAX` characters and below 10^18, else ``None``.

    Bounded before anything converts it: ``int(Decimal("1e1000000"))`` would hold the GIL for a minute."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        value = str(value)
    if len(str(value or "")) > NUMBER_TEXT_MAX:
        return None
    text = re.sub(r"[\s\u00a0\u202f]|Kč|CZK|,-$|%", "", str(value or ""), flags=re.IGNORECASE)
    text = text.replace(",", ".")
    if not _DECIMAL.fullmatch(text):  # Decimal() also takes "1_000", "NaN" and Arabic-Indic digits
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number.adjusted() < 18 else None


_CZECH_DAY = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")


def parse_day(value: Any) -> date | None:
    """A date, ``2027-06-01`` or the Czech ``1. 6. 2027`` (the app's date fields are typed in Czech)."""
    if isinstance(value, date):
        return value
    text = str(value if value is not None else "").strip()
    try:
        if m := _CZECH_DAY.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text)
    except ValueError:
        return None


def validate_intention(raw: Mapping[str, Any]) -> IntentionData:
    """Check every field of an intention; raise a :class:`~tracker.errors.UserError` listing all problems."""
    errors: list[UserError] = []

    def refuse(name: str, en: str, cs: str) -> None:
        errors.append(UserError(en, cs, field=name))

    title = _text(raw, "title")
    if not title:
        refuse("title", "must not be empty", "Vyplňte název záměru.")
    elif len(title) > TITLE_MAX:
        refuse("title", f"must be at most {TITLE_MAX} characters (has {len(title)})",
               f"Název může mít nejvýše {TITLE_MAX} znaků (má {len(title)}).")
    organization = _text(raw, "organization")
    if not organization:
        refuse("organization", "must not be empty", "Vyplňte organizaci.")
    elif len(organization) > ORGANIZATION_MAX:
        refuse("organization", f"must be at most {ORGANIZATION_MAX} characters (has {len(organization)})",
               f"Název organizace může mít nejvýše {ORGANIZATION_MAX} znaků.")
    for name, value in (("title", title), ("organization", organization)):
        if _CONTROL.search(value):
            refuse(name, "must be one line without control characters",
                   "Text musí být na jednom řádku a bez řídicích znaků.")
    description = _text(raw, "description")
    if _CONTROL_BUT_LINES.search(description):
        refuse("description", "must not contain control characters", "Popis nesmí obsahovat řídicí znaky.")
    if len(description) > DESCRIPTION_MAX:
        refuse("description", f"must be at most {DESCRIPTION_MAX} characters (has {len(description)})",
               f"Popis může mít nejvýše {DESCRIPTION_MAX} znaků.")
    ico = re.sub(r"\s", "", _text(raw, "ico"))
    if not re.fullmatch(r"\d{8}", ico):
        refuse("ico", f"must be 8 digits, got {ico[:40]!r}", "IČO musí mít 8 číslic.")
    elif not is_valid_ico(ico):
        refuse("ico", f"{ico} fails the IČO checksum", f"IČO {ico} nemá platný kontrolní součet.")
    applicant_type = _text(raw, "applicant_type")
    if applicant_type not in APPLICANT_CODES:
        refuse("applicant_type",
               f"unknown applicant type {applicant_type[:40]!r}; use one of {', '.join(APPLICANT_CODES)}",
               "Vyberte typ žadatele ze seznamu." if not applicant_type else
               f"Neznámý typ žadatele „{applicant_type[:40]}“; použijte jeden z kódů: {', '.join(APPLICANT_CODES)}.")
    areas = _items(raw.get("areas"))
    unknown = [a for a in areas if a not in AREA_CODES]
    if not areas:
        refuse("areas", "give at least one area", "Vyberte alespoň jednu oblast.")
    elif unknown:
        refuse("areas", f"unknown area {', '.join(repr(a[:40]) for a in unknown)}; use one of {', '.join(AREA_CODES)}",
               f"Neznámá oblast: {', '.join(a[:40] for a in unknown)}.")
    budget = _number(raw.get("budget_czk"))
    if budget is None:
        refuse("budget_czk", "must be a number of CZK",
               f"Rozpočet musí být číslo v Kč (nejvýše {format_czk(BUDGET_MAX)}).")
    elif budget < 0:
        refuse("budget_czk", "must not be negative", "Rozpočet nesmí být záporný.")
    elif budget > BUDGET_MAX:
        refuse("budget_czk", f"must be at most {BUDGET_MAX} CZK",
               f"Rozpočet může být nejvýše {format_czk(BUDGET_MAX)}.")
    elif budget != budget.to_integral_value():
        refuse("budget_czk", "must be whole crowns", "Rozpočet zadejte v celých korunách.")
    cofinancing = _number(raw.get("cofinancing_pct", 0) if raw.get("cofinancing_pct") not in (None, "") else 0)
    if cofinancing is None or not 0 <= cofinancing <= 100:  # bounded like the budget before any conversion
        refuse("cofinancing_pct", "must be a number from 0 to 100", "Spolufinancování musí být číslo od 0 do 100 %.")
    start, end = parse_day(raw.get("start_date")), parse_day(raw.get("end_date"))
    if start is None:
        refuse("start_date", f"not a valid date (YYYY-MM-DD): {str(raw.get('start_date'))[:40]!r}",
               "Zadejte platné datum zahájení, např. 1. 6. 2027.")
    if end is None:
        refuse("end_date", f"not a valid date (YYYY-MM-DD): {str(raw.get('end_date'))[:40]!r}",
               "Zadejte platné datum ukončení, např. 30. 6. 2029.")
    for name, day, what in (("start_date", start, "zahájení"), ("end_date", end, "ukončení")):
        if day and not YEARS[0] <= day.year <= YEARS[1]:
            refuse(name, f"must be in the years {YEARS[0]}–{YEARS[1]}",
                   f"Datum {what} musí ležet v letech {YEARS[0]}–{YEARS[1]}.")
    if start and end and end < start:
        refuse("end_date", "must not be before the start", "Ukončení nesmí být před zahájením.")
    email = _text(raw, "contact_email") or None
    if email and (len(email) > EMAIL_MAX or not _EMAIL.match(email)):
        refuse("contact_email", f"not a valid e-mail address: {email[:80]!r}", "Zadejte platnou e-mailovou adresu.")
    stage = _text(raw, "stage") or Stage.ZAMER
    if stage not in {s.value for s in Stage}:
        refuse("stage", f"unknown stage {stage[:40]!r}; use one of {', '.join(s.value for s in Stage)}",
               "Neznámá fáze záměru.")
    programmes = list(dict.fromkeys(_CANONICAL.get(programme_key(p), p) for p in _items(raw.get("programmes"))))
    partners = _items(raw.get("partners"))
    for name, values in (("programmes", programmes), ("partners", partners)):
        if len(values) > ITEMS_MAX or any(len(v) > ITEM_MAX for v in values):
            refuse(name, f"at most {ITEMS_MAX} items of at most {ITEM_MAX} characters",
                   f"Nejvýše {ITEMS_MAX} položek, každá nejvýše {ITEM_MAX} znaků.")
        elif any("|" in v for v in values):
            refuse(name, "must not contain '|'", "Nesmí obsahovat znak „|“.")
        elif any(_CONTROL.search(v) for v in values):
            refuse(name, "must not contain control characters", "Položky nesmí obsahovat řídicí znaky.")
    if errors:
        raise UserError("the intention was not saved", "Záměr nebyl uložen.", problems=errors)
    assert budget is not None and cofinancing is not None and start and end
    return IntentionData(
        title=title, organization=organization, ico=ico, applicant_type=applicant_type, areas=areas,
        budget_czk=int(budget.to_integral_value()), cofinancing_pct=float(cofinancing),
        start_date=start, end_date=end, description=description,
        programmes=programmes, partners=partners, contact_email=email, stage=stage,
    )
