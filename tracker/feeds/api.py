"""The read-only JSON API: the same JSON as the CLI, an OpenAPI 3.1 description, and a docs page.

``/api/calls`` is ``tracker calls --json``, ``/api/changes`` is ``tracker changes --json`` (with the
same filters), ``/api/intentions/{id}/matches`` is ``tracker match --json --intention ID`` (computed
without storing anything).
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from tracker.calls.filters import SEARCH_MAX, CallFilter
from tracker.calls.news import call_changes
from tracker.calls.queries import change_to_dict, select_calls
from tracker.intentions.matching import compute_matches
from tracker.intentions.store import get_intention, intention_calls
from tracker.sources.registry import SOURCE_CODES
from tracker.storage.models import CallState
from tracker.text.classify import APPLICANT_CODES, AREA_CODES


def _ids(session: Session, flt: CallFilter) -> frozenset[int] | None:
    return intention_calls(session, flt.intention_id) if flt.intention_id is not None else None


def calls_json(session: Session, flt: CallFilter, now: datetime) -> list[dict[str, Any]]:
    """``tracker calls --json`` for a filter."""
    return [call.to_dict() for call in select_calls(session, flt, now, _ids(session, flt))]


def changes_json(session: Session, flt: CallFilter, since: date | None, now: datetime) -> list[dict[str, Any]]:
    """``tracker changes --json`` for a filter (a change counts when its call passes the filter now)."""
    return [change_to_dict(change, call)  # type: ignore[arg-type]  # a CallView names the call as a Call does
            for change, call in call_changes(session, flt, now, _ids(session, flt), since=since)]


def matches_json(session: Session, intention_id: int, now: datetime) -> list[dict[str, Any]]:
    """``tracker match --json --intention ID`` (an unknown intention is a UserError)."""
    get_intention(session, intention_id)
    return [m.to_dict() for m in compute_matches(session, now, [intention_id]).get(intention_id, [])]


# --- OpenAPI ---------------------------------------------------------------------------------


def _list_param(name: str, values: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "name": name, "in": "query", "required": False, "style": "form", "explode": True,
        "description": f"{description} Opakujte parametr nebo oddělte hodnoty čárkou; platí kterákoli z nich.",
        "schema": {"type": "array", "items": {"type": "string", "enum": list(values)}},
    }


FILTER_PARAMETERS: list[dict[str, Any]] = [
    _list_param("source", SOURCE_CODES, "Zdroj výzvy."),
    _list_param("area", AREA_CODES, "Oblast podpory."),
    _list_param("applicant_type", APPLICANT_CODES, "Typ oprávněného žadatele."),
    _list_param("state", tuple(s.value for s in CallState), "Stav výzvy (odvozený k dnešku)."),
    {"name": "closes_from", "in": "query", "required": False, "description": "Uzávěrka tento den nebo později.",
     "schema": {"type": "string", "format": "date"}},
    {"name": "closes_to", "in": "query", "required": False, "description": "Uzávěrka nejpozději tento den.",
     "schema": {"type": "string", "format": "date"}},
    {"name": "search", "in": "query", "required": False,
     "description": "Text v názvu nebo v oprávněných žadatelích (bez ohledu na velikost písmen a diakritiku).",
     "schema": {"type": "string", "maxLength": SEARCH_MAX}},
    {"name": "intention", "in": "query", "required": False,
     "description": "Jen výzvy, které se hodí k tomuto záměru (jeho shody; skryté výzvy ne).",
     "schema": {"type": "integer", "minimum": 1}},
]
_NULLABLE_STRING = {"type": ["string", "null"]}
_DATE_VALUE = {"type": ["string", "null"], "description": "ISO 8601 v přesnosti data: 2027-03-31T12:00:00+02:00, "
               "2027-06-30, 2027-06 nebo 2027-Q2."}
_PRECISION = {"type": "string", "enum": ["datetime", "day", "month", "quarter", "none"]}
SCHEMAS: dict[str, Any] = {
    "Call": {
        "type": "object",
        "description": "Výzva tak, jak ji vypisuje `tracker calls --json`.",
        "required": ["source", "external_id", "title", "state", "closes_at", "closes_precision", "url"],
        "additionalProperties": False,
        "properties": {
            "source": {"type": "string", "enum": list(SOURCE_CODES)},
            "external_id": {"type": "string"},
            "programme": {"type": "string"},
            "title": {"type": "string"},
            "specific_objective": _NULLABLE_STRING,
            "call_kind": _NULLABLE_STRING,
            "state": {"type": "string", "enum": [s.value for s in CallState]},
            "announced_at": _DATE_VALUE, "announced_precision": _PRECISION,
            "opens_at": _DATE_VALUE, "opens_precision": _PRECISION,
            "closes_at": _DATE_VALUE, "closes_precision": _PRECISION,
            "until_exhausted": {"type": "boolean"},
            "allocation_czk": {"type": ["integer", "null"]},
            "eligible_applicants": {"type": "string"},
            "applicant_types": {"type": "array", "items": {"type": "string", "enum": list(APPLICANT_CODES)}},
            "areas": {"type": "array", "items": {"type": "string", "enum": list(AREA_CODES)}},
            "evidence": {
                "type": "object", "description": "Fráze z textu výzvy, podle které byl rozpoznán každý kód.",
                "properties": {kind: {"type": "object", "additionalProperties": {"type": "string"}}
                               for kind in ("applicant_types", "areas")},
            },
            "url": {"type": "string"},
            "documents_url": _NULLABLE_STRING,
            "source_url": _NULLABLE_STRING,
            "listed": {"type": "boolean"},
            "missed_runs": {"type": "integer"},
            "first_seen": {"type": ["string", "null"], "format": "date-time"},
            "last_seen": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "Change": {
        "type": "object",
        "description": "Zjištěná změna výzvy se starou a novou hodnotou (`tracker changes --json`).",
        "required": ["source", "external_id", "title", "field", "old", "new", "detected_at"],
        "additionalProperties": False,
        "properties": {
            "source": {"type": "string"}, "external_id": {"type": "string"}, "title": {"type": "string"},
            "field": {"type": "string", "description": "closes, opens, allocation_czk, status_word, title, …"},
            "old": _NULLABLE_STRING, "new": _NULLABLE_STRING,
            "detected_at": {"type": "string", "format": "date-time"},
        },
    },
    "Match": {
        "type": "object",
        "description": "Výzva vhodná pro záměr, se skóre, důvody a příznaky (`tracker match --json`).",
        "required": ["intention_id", "call", "score", "reasons", "flags"],
        "additionalProperties": False,
        "properties": {
            "intention_id": {"type": "integer"},
            "call": {"$ref": "#/components/schemas/Call"},
            "score": {"type": "integer"},
            "reasons": {"type": "array", "items": {"type": "string"}},
            "flags": {"type": "array", "items": {"type": "string", "enum": [
                "overit-opravnenost", "planovana", "uzaverka-pred-pripravou", "nad-alokaci", "zmenena-po-skryti"]}},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["message", "problems"], "properties": {
            "message": {"type": "string"},
            "problems": {"type": "array", "items": {"type": "object", "properties": {
                "field": _NULLABLE_STRING, "line": {"type": ["integer", "null"]}, "message": {"type": "string"},
                "message_cs": {"type": "string"}}}},
        }}},
    },
}


def _json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_BAD_REQUEST = _json_response("Neznámý filtr nebo hodnota (např. oblast, která neexistuje), nebo neexistující záměr.",
                              {"$ref": "#/components/schemas/Error"})


def _array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


def openapi(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the feed server's read-only endpoints."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Výzvy – API",
            "version": "1",
            "description": "Výzvy OPZ+, IROP a RSK LK a jejich shody se záměry, jen ke čtení. Stejná data a stejný "
                           "JSON jako příkazy `tracker calls --json`, `tracker changes --json` a "
                           "`tracker match --json`. Neznámý filtr nebo hodnota vrací 400, jiná adresa 404.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/calls": {"get": {
                "operationId": "listCalls", "summary": "Výzvy podle filtrů, nejbližší uzávěrka první",
                "parameters": FILTER_PARAMETERS,
                "responses": {"200": _json_response("Výzvy", _array_of("Call")), "400": _BAD_REQUEST},
            }},
            "/api/changes": {"get": {
                "operationId": "listChanges", "summary": "Zjištěné změny výzev (posunuté uzávěrky, alokace, …)",
                "parameters": [{"name": "since", "in": "query", "required": False,
                                "description": "Jen změny zjištěné tento den nebo později.",
                                "schema": {"type": "string", "format": "date"}}, *FILTER_PARAMETERS],
                "responses": {"200": _json_response("Změny, nejstarší první", _array_of("Change")),
                              "400": _BAD_REQUEST},
            }},
            "/api/intentions/{id}/matches": {"get": {
                "operationId": "intentionMatches", "summary": "Výzvy vhodné pro záměr, nejlepší první",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _json_response("Shody", _array_of("Match")),
                              "404": _json_response("Záměr neexistuje", {"$ref": "#/components/schemas/Error"})},
            }},
            "/feeds/changes.atom": {"get": {
                "operationId": "changesFeed", "summary": "Nové a změněné výzvy jako kanál Atom",
                "parameters": FILTER_PARAMETERS,
                "responses": {"200": {"description": "Atom 1.0", "content": {"application/atom+xml": {}}},
                              "400": {"description": "Neznámý filtr nebo hodnota", "content": {"text/plain": {}}}},
            }},
            "/calendar.ics": {"get": {
                "operationId": "calendar", "summary": "Kalendář uzávěrek (iCalendar)",
                "parameters": [p for p in FILTER_PARAMETERS if p["name"] in ("source", "area", "applicant_type",
                                                                              "state", "intention")],
                "responses": {"200": {"description": "iCalendar", "content": {"text/calendar": {}}},
                              "400": {"description": "Neznámý filtr nebo hodnota", "content": {"text/plain": {}}}},
            }},
        },
        "components": {"schemas": SCHEMAS},
    }


def docs_html(server_url: str) -> str:
    """A self-contained docs page (no external assets) written from the OpenAPI description."""
    e = html.escape
    spec = openapi(server_url)
    parts = [
        '<!DOCTYPE html><html lang="cs"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Výzvy – API</title>'
        "<style>body{font-family:Arial,Helvetica,sans-serif;max-width:900px;margin:0 auto;padding:16px;"
        "line-height:1.45;color:#1a1a1a}code{background:#f2f2f2;padding:1px 4px}table{border-collapse:collapse;"
        "width:100%}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}"
        "h2{border-bottom:1px solid #ccc;margin-top:28px}</style></head><body>",
        f"<h1>{e(spec['info']['title'])}</h1><p>{e(spec['info']['description'])}</p>",
        '<p>Strojově čitelný popis: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>',
    ]
    examples = {"/api/calls": "/api/calls?area=bydleni&applicant_type=obec&state=open",
                "/api/changes": "/api/changes?since=2026-11-01&source=irop",
                "/api/intentions/{id}/matches": "/api/intentions/1/matches",
                "/feeds/changes.atom": "/feeds/changes.atom?area=bydleni",
                "/calendar.ics": "/calendar.ics?area=bydleni&applicant_type=obec"}
    for path, item in spec["paths"].items():
        operation = item["get"]
        parts.append(f"<h2><code>GET {e(path)}</code></h2><p>{e(operation['summary'])}</p>")
        example = examples.get(path)
        if example:
            parts.append(f'<p>Příklad: <a href="{e(example, quote=True)}"><code>{e(example)}</code></a></p>')
        parts.append("<table><tr><th>parametr</th><th>hodnoty</th><th>význam</th></tr>")
        for param in operation["parameters"]:
            schema = param["schema"]
            values = schema.get("items", schema).get("enum") or [schema.get("format") or schema["type"]]
            parts.append(f"<tr><td><code>{e(param['name'])}</code></td><td>{e(', '.join(map(str, values)))}</td>"
                         f"<td>{e(param.get('description', ''))}</td></tr>")
        parts.append("</table><p>Odpovědi: " + ", ".join(
            f"{e(code)} – {e(response['description'])}" for code, response in operation["responses"].items()) + "</p>")
    parts.append("<h2>Formát dat</h2><p>Data jsou v ISO 8601 v přesnosti, s jakou je zdroj uvádí: "
                 "<code>2027-03-31T12:00:00+02:00</code> (přesný čas), <code>2027-06-30</code> (den), "
                 "<code>2027-06</code> (měsíc), <code>2027-Q2</code> (čtvrtletí). Částky v Kč jako celá čísla.</p>")
    parts.append("</body></html>\n")
    return "".join(parts)
