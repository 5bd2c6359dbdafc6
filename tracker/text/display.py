"""Czech display text for the app: states, precisions, days left, freshness, change history."""

from __future__ import annotations

import re
from datetime import datetime

from tracker.text.czech import DateValue, Precision, days_czech, format_czk
from tracker.text.normalize import fold
from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS, STATE_LABELS

PRECISION_LABELS = {
    Precision.DATETIME: "přesný čas", Precision.DAY: "den", Precision.MONTH: "orientačně, měsíc",
    Precision.QUARTER: "orientačně, čtvrtletí",
}
FIELD_LABELS = {
    "title": "název", "programme": "program", "specific_objective": "specifický cíl", "call_kind": "druh výzvy",
    "call_mode": "typ výzvy", "status_word": "stav na webu", "announced": "vyhlášení", "until_exhausted":
    "příjem do vyčerpání alokace", "eligible_applicants": "oprávnění žadatelé", "url": "odkaz",
    "documents_url": "dokumentace", "source_url": "zdrojová stránka", "notes": "poznámka",
    "applicant_types": "typy žadatelů (upraveno ručně)", "areas": "oblasti (upraveno ručně)",
}
CODE_LABELS = {"applicant_types": APPLICANT_LABELS, "areas": AREA_LABELS}
MANUAL = "upraveno ručně"  # the evidence of a code a coordinator set (tracker.calls.corrections)


def state_badge(state: str) -> str:
    return STATE_LABELS.get(state, state)


def when_text(value: DateValue | None) -> str:
    """``17. 12. 2026 14:00``, ``červen 2027 (orientačně)``; ``neuvedeno`` when unknown."""
    if value is None:
        return "neuvedeno"
    if value.precision in (Precision.MONTH, Precision.QUARTER):
        return f"{value.czech()} (orientačně)"
    return value.czech()


def days_left(closes: DateValue | None, now: datetime) -> str:
    """``zbývá 24 dní``, ``dnes``, ``po uzávěrce`` (empty when there is no deadline)."""
    if closes is None:
        return ""
    if now >= closes.end:
        return "po uzávěrce"
    days = (closes.when.date() - now.date()).days
    if days <= 0:
        return "dnes"
    prefix = "zbývá asi" if closes.precision in (Precision.MONTH, Precision.QUARTER) else "zbývá"
    return f"{prefix} {days_czech(days)}"


def pages_czech(count: int) -> str:
    """``1 stránku``, ``3 stránky``, ``5 stránek`` (the accusative after "nepodařilo se načíst")."""
    if count == 1:
        return "1 stránku"
    if 2 <= count <= 4:
        return f"{count} stránky"
    return f"{count} stránek"


def ago(then: datetime | None, now: datetime) -> str:
    """``před 2 h``, ``před 5 min``, ``před 3 dny`` — how fresh a source's data are."""
    if then is None:
        return "nikdy"
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return "právě teď"
    if seconds < 3600:
        return f"před {seconds // 60} min"
    if seconds < 86400:
        return f"před {seconds // 3600} h"
    days = seconds // 86400
    return "včera" if days == 1 else f"před {days} dny"


def change_sentence(field: str, old: str | None, new: str | None) -> str:
    """One CallChange in Czech: ``uzávěrka posunuta z 17. 12. 2026 na 30. 6. 2027``, ``alokace zvýšena
    z 100 000 000 Kč na 150 000 000 Kč``, ``výzva zrušena``."""
    if field in ("closes", "opens"):
        noun = "uzávěrka posunuta" if field == "closes" else "zahájení příjmu posunuto"
        before = when_text(DateValue.from_iso(old)) if old else "neuvedeno"
        after = when_text(DateValue.from_iso(new)) if new else "neuvedeno"
        return f"{noun} z {before} na {after}"
    if field == "allocation_czk":
        before, after = (int(old) if old else None), (int(new) if new else None)
        if before is None or after is None:
            return f"alokace uvedena: {format_czk(after)}" if after is not None else \
                f"alokace už není uvedena (byla {format_czk(before)})"
        verb = "zvýšena" if after > before else "snížena" if after < before else "změněna"
        return f"alokace {verb} z {format_czk(before)} na {format_czk(after)}"
    from tracker.calls.view import CANCEL_WORDS  # here: tracker.calls.view imports this module

    if field == "status_word" and any(w in fold(new or "") for w in CANCEL_WORDS):
        return "výzva zrušena"
    if field == "notes" and new:
        return f"nová zpráva na stránce výzvy: „{new}“"
    label = FIELD_LABELS.get(field, field)
    codes = CODE_LABELS.get(field)
    if codes is not None:  # a corrected list of codes reads as their Czech names
        old, new = (None if v is None else ", ".join(codes.get(c, c) for c in v.split(", ")) for v in (old, new))
    if old is None:
        return f"{label}: doplněno „{new}“"
    if new is None:
        return f"{label}: odstraněno (bylo „{old}“)"
    return f"{label}: místo „{old}“ nyní „{new}“"


_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d)|Kč\b|%)")


def unbroken_numbers(text: str) -> str:
    """``92 199 847 Kč`` held on one line: the spaces inside a number and before its unit become
    non-breaking (a narrow card would otherwise wrap "92 199 / 847 Kč")."""
    return _NUMBER_SPACE.sub("\u00a0", text)


def escape_markdown(text: str) -> str:
    """Scraped text shown through Streamlit's Markdown must stay text (no links, emphasis, HTML)."""
    specials = set("\\`*_{}[]()#+-.!|<>~$:")
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def evidence_line(code: str, phrase: str) -> str:
    """Why a code was recognised, as escaped Markdown: ``obec ← „obce a jimi zřizované organizace“``
    (or ``obec ← upraveno ručně`` for a code a coordinator set)."""
    if phrase == MANUAL:
        return f"{escape_markdown(code)} ← {MANUAL}"
    return f"{escape_markdown(code)} ← „{escape_markdown(phrase)}“"


def decimal_czech(value: float, places: int = 1) -> str:
    """``22.5`` → ``22,5``; thousands grouped by a space (``1 234,5``)."""
    return f"{value:,.{places}f}".replace(",", " ").replace(".", ",")


def size_czech(bytes_count: int) -> str:
    """``23040`` → ``22,5 kB`` (kB of 1024 bytes, as the crawl log counts them)."""
    return f"{decimal_czech(bytes_count / 1024)} kB"


# A failed run's technical message → what it means for the coordinator (first match wins).
FAILURE_EXPLANATIONS: tuple[tuple[str, str], ...] = (
    (r"page layout changed|parser failed|not a readable XLSX|no header row",
     "Web zdroje změnil podobu stránky a tracker ji neumí přečíst; čtení zdroje je třeba upravit "
     "(README, oddíl o opravě spideru po změně webu)."),
    (r"the pager says", "Nepodařilo se přečíst všechny stránky výpisu výzev."),
    (r"found no calls, but", "Načtení nenašlo žádnou výzvu, přestože dříve nějaké byly; web se nejspíš změnil."),
    (r"HTTP (5\d\d)", "Web zdroje hlásil chybu serveru (HTTP {0}); zkusí se to znovu při další aktualizaci."),
    (r"HTTP (4\d\d)", "Web zdroje stránku odmítl nebo ji nenašel (HTTP {0})."),
    (r"off-host", "Web zdroje přesměroval na cizí adresu; z bezpečnostních důvodů se nenačítala."),
    (r"larger than download max size|maxsize", "Stránka byla větší, než tracker dovoluje, a nenačetla se."),
    (r"time limit", "Načítání trvalo příliš dlouho a bylo zastaveno."),
    (r"timeout|timed ?out", "Web zdroje neodpověděl včas."),
    (r"DataLoss|ConnectionLost|PartialDownload", "Spojení s webem zdroje se přerušilo uprostřed stránky."),
    (r"DNSLookup|CannotResolveHost|DNS lookup",
     "Web zdroje nebyl dostupný: jeho adresu se nepodařilo najít (DNS). Tracker je nejspíš bez přístupu "
     "k internetu, nebo web změnil adresu."),
    (r"ConnectionRefused|ConnectError|NoRouteError|ResponseNeverReceived|Connection",
     "Web zdroje nebyl dostupný (spojení se nepodařilo navázat)."),
    (r"shutting down|cut off|process running it stopped", "Načítání přerušilo vypnutí nebo restart trackeru."),
)


def explain_failure(error: str | None) -> str:
    """A failed run in Czech for people; the technical message stays for the folded-away detail."""
    for pattern, explanation in FAILURE_EXPLANATIONS:
        if match := re.search(pattern, error or "", flags=re.IGNORECASE):
            return explanation.format(*match.groups())
    return "Načtení selhalo z technického důvodu; podrobnosti jsou níže."
