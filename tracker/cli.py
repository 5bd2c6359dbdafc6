"""The ``tracker`` command: the one command-line entry point.

Exit codes: 0 ok, 2 bad input, 1 any other failure. User errors never print a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from tracker import clock
from tracker.errors import UserError
from tracker.intentions.store import CSV_NAMES

app = typer.Typer(
    help="Výzvy: track grant calls (OPZ+, IROP, RSK LK) and match them with project intentions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
intentions_app = typer.Typer(help="Project intentions (projektové záměry).", no_args_is_help=True)
app.add_typer(intentions_app, name="intentions")
subscriptions_app = typer.Typer(help="E-mail digests of new and changed calls.", no_args_is_help=True)
app.add_typer(subscriptions_app, name="subscriptions")

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])

# A field as the user typed it on the command line (the messages name options, not columns).
OPTIONS = {
    "title": "--title", "organization": "--organization", "ico": "--ico", "applicant_type": "--applicant-type",
    "areas": "--area", "area": "--area", "budget_czk": "--budget", "cofinancing_pct": "--cofinancing",
    "start_date": "--start", "end_date": "--end", "description": "--description", "programmes": "--program",
    "partners": "--partner", "contact_email": "--contact", "stage": "--stage", "source": "--source",
    "state": "--state", "search": "--search", "closes_from": "--closes-from", "closes_to": "--closes-to",
    "intention": "--intention", "call": "--call", "since": "--since", "url": "--url", "port": "--port",
    "file": "FILE", "kind": "KIND", "months": "--months", "xlsx": "--xlsx", "out": "--out", "reset": "--reset",
    "email": "--email", "rhythm": "--every", "reason": "--reason", "note": "--note", "id": "ID",
}


def guarded(names: Mapping[str, str] = OPTIONS) -> Callable[[F], F]:
    """Turn a refusal into its message and exit 2 (as JSON for ``--json``), anything else into exit 1;
    never a traceback. ``names`` says how the command's fields are known to its user."""

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except typer.Exit:
                raise
            except UserError as exc:
                if kwargs.get("as_json"):
                    _print_json(exc.to_json(names))
                else:
                    for line in exc.english(names):
                        typer.echo(f"error: {line}", err=True)
                raise typer.Exit(EXIT_BAD_INPUT) from None
            except Exception as exc:  # noqa: BLE001 — the last line of defence for users
                typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
                raise typer.Exit(EXIT_FAILURE) from None

        return wrapper  # type: ignore[return-value]

    return decorate


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=None))


def emit(as_json: bool, data: Any, lines: Iterable[str]) -> None:
    """Print ``data`` as JSON, or else the human-readable ``lines`` (computed only then)."""
    if as_json:
        _print_json(data)
        return
    for line in lines:
        typer.echo(line)


def _call_filter(**options: Any) -> Any:
    """One filter from the CLI's options (names as in the query string: ``applicant_type``…)."""
    from tracker.calls.filters import CallFilter

    return CallFilter.parse({key: value for key, value in options.items() if value not in (None, [], "")})


# --- commands ----------------------------------------------------------------------------


@app.command()
@guarded()
def init() -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from sqlalchemy.engine import make_url

    from tracker.settings import get_settings
    from tracker.storage.db import init_db

    init_db()
    typer.echo(f"database ready: {make_url(get_settings().database_url).render_as_string(hide_password=True)}")


@app.command()
@guarded()
def classify(
    text: Annotated[str, typer.Argument(help="Czech text, or - to read one text per line from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the applicant types and areas a Czech text names."""
    from tracker.text.classify import classify as run_classify

    texts = sys.stdin.read().splitlines() if text == "-" else [text]
    for line in texts:
        result = run_classify(line)
        emit(as_json, {"applicant_types": result.applicant_types, "areas": result.areas, "evidence": result.evidence},
             [f"applicant types: {', '.join(result.applicant_types) or '-'}; areas: {', '.join(result.areas) or '-'}",
              *(f"  {code} ← „{phrase}“" for kind in ("applicant_types", "areas")
                for code, phrase in result.evidence[kind].items())])


# `tracker calls [--json] [filters]` lists calls; `tracker calls set-codes …` and `tracker calls corrections`
# are its subcommands. A callback that runs when no subcommand is named keeps the listing exactly as it was.
calls_app = typer.Typer(help="Stored calls; with a subcommand, the coordinator's corrections of their codes.")
app.add_typer(calls_app, name="calls")


@calls_app.callback(invoke_without_command=True)
@guarded()
def calls(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    source: Annotated[list[str] | None, typer.Option(help="opzplus, irop or rsk (repeatable).")] = None,
    state: Annotated[list[str] | None, typer.Option(help="planned, open, closed, cancelled, unknown.")] = None,
    applicant_type: Annotated[list[str] | None, typer.Option(help="Applicant-type code (repeatable).")] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area code (repeatable).")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the title or eligible applicants.")] = None,
    closes_from: Annotated[str | None, typer.Option(help="Deadline on or after YYYY-MM-DD.")] = None,
    closes_to: Annotated[str | None, typer.Option(help="Deadline on or before YYYY-MM-DD.")] = None,
    intention: Annotated[int | None, typer.Option(help="Only the calls matched to this intention.")] = None,
) -> None:
    """List stored calls, soonest deadline first (read-only: states are derived, never written)."""
    if ctx.invoked_subcommand is not None:
        return
    from tracker.calls.queries import select_calls
    from tracker.intentions.store import intention_calls
    from tracker.storage.db import session_scope

    flt = _call_filter(source=source, state=state, applicant_type=applicant_type, area=area, search=search,
                       closes_from=closes_from, closes_to=closes_to,
                       intention=str(intention) if intention is not None else None)
    with session_scope() as session:
        ids = intention_calls(session, flt.intention_id) if flt.intention_id is not None else None
        rows = [c.to_dict() for c in select_calls(session, flt, clock.now(), ids)]
    emit(as_json, rows, [*(f"{r['source']:8} {r['external_id']:14} {r['state']:9} {r['closes_at'] or '-':26} "
                           f"{r['title']}" for r in rows), f"{len(rows)} call(s)"])


@calls_app.command("set-codes")
@guarded(names={**OPTIONS, "call": "SOURCE:EXTERNAL_ID"})
def calls_set_codes(
    call: Annotated[str, typer.Argument(metavar="SOURCE:EXTERNAL_ID", help="The call, e.g. opzplus:03_26_112.")],
    applicant_type: Annotated[list[str] | None, typer.Option(help="Applicant-type code (repeatable).")] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area code (repeatable).")] = None,
    reset: Annotated[bool, typer.Option("--reset", help="Undo the call's correction: the classifier's codes "
                                                         "come back.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the correction as JSON.")] = False,
) -> None:
    """Correct a call's applicant types and/or areas by hand; kept over every re-crawl, matches recomputed."""
    from tracker.calls.corrections import correct_codes, reset_codes
    from tracker.intentions.stages import parse_call_ref
    from tracker.storage.db import session_scope

    ref = parse_call_ref(call)
    if reset:
        if applicant_type or area:
            raise UserError("takes no --applicant-type or --area", "Vrácení opravy nemá další kódy.",
                            field="reset")
        with session_scope() as session:
            undone = reset_codes(session, *ref, clock.now())
        emit(as_json, undone, [f"{undone['call']}: applicant types {', '.join(undone['applicant_types']) or '-'}; "
                               f"areas {', '.join(undone['areas']) or '-'} (the classifier's again)"])
        return
    with session_scope() as session:
        result = correct_codes(session, *ref, clock.now(), applicant_type, area)
    emit(as_json, result, [f"{result['call']}: applicant types {', '.join(result['applicant_types']['after']) or '-'}; "
                           f"areas {', '.join(result['areas']['after']) or '-'} (upraveno ručně)"])


@calls_app.command("corrections")
@guarded()
def calls_corrections(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """Every correction of a call's codes: the call, the codes before and after, and when."""
    from tracker.calls.corrections import list_corrections
    from tracker.storage.db import session_scope

    with session_scope() as session:
        rows = list_corrections(session)
    emit(as_json, rows, [*(f"{r['corrected_at'][:10]} {r['call']}: applicant types "
                           f"{','.join(r['applicant_types']['before']) or '-'} → "
                           f"{','.join(r['applicant_types']['after']) or '-'}; areas "
                           f"{','.join(r['areas']['before']) or '-'} → {','.join(r['areas']['after']) or '-'}"
                           for r in rows), f"{len(rows)} correction(s)"])


@app.command()
@guarded()
def changes(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    since: Annotated[str | None, typer.Option(help="Only changes detected on or after YYYY-MM-DD.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="Only changes of calls from this source.")] = None,
    state: Annotated[list[str] | None, typer.Option(help="… of calls in this state (now).")] = None,
    applicant_type: Annotated[list[str] | None, typer.Option(help="… of calls open to this applicant type.")] = None,
    area: Annotated[list[str] | None, typer.Option(help="… of calls in this area.")] = None,
    search: Annotated[str | None, typer.Option(help="… of calls with this text in the title or applicants.")] = None,
    intention: Annotated[int | None, typer.Option(help="… of the calls matched to this intention.")] = None,
) -> None:
    """List detected changes of calls (moved deadlines, new allocations, …), optionally of the calls
    passing the filters (the same JSON as GET /api/changes)."""
    from tracker.calls.filters import parse_day
    from tracker.feeds.api import changes_json
    from tracker.storage.db import session_scope

    day = parse_day("since", since)
    flt = _call_filter(source=source, state=state, applicant_type=applicant_type, area=area, search=search,
                       intention=str(intention) if intention is not None else None)
    with session_scope() as session:
        rows = changes_json(session, flt, day, clock.now())
    emit(as_json, rows, [*(f"{r['detected_at'][:10]} {r['source']}:{r['external_id']} {r['field']}: "
                           f"{r['old']} → {r['new']}" for r in rows), f"{len(rows)} change(s)"])


@app.command()
@guarded()
def scrape(
    sources: Annotated[list[str] | None, typer.Argument(help="opzplus, irop, rsk (default: all).")] = None,
    url: Annotated[str | None, typer.Option(help="Start URL replacing the site's (one source only).")] = None,
) -> None:
    """Crawl the sources now; one summary line per source. Exit 0 only if every crawl was complete
    (1 if one failed, was partial — some pages did not load; the line names them — or was already running)."""
    from tracker.sources.crawling import CrawlAlreadyRunning, run_crawl
    from tracker.sources.registry import SOURCE_CODES
    from tracker.storage.db import init_db

    chosen = list(_call_filter(source=sources).sources) or list(SOURCE_CODES)
    if url is not None:
        if len(chosen) != 1:
            raise UserError("needs exactly one source", "Adresu lze zadat jen pro jeden zdroj.", field="url")
        if not url.startswith(("http://", "https://")):
            raise UserError(f"must be an http(s) URL, got {url[:80]!r}", "Adresa musí začínat http(s)://.",
                            field="url")
    init_db()
    complete = True
    for source in chosen:
        try:
            summary = run_crawl(source, url)
        except CrawlAlreadyRunning as exc:
            typer.echo(f"{source}: {exc}")
            complete = False
            continue
        typer.echo(summary.line())
        complete = complete and summary.ok
    if not complete:
        raise typer.Exit(EXIT_FAILURE)


@app.command()
@guarded()
def demo() -> None:
    """Load the bundled sample pages through the real spiders (offline demo data)."""
    from tracker.sources.crawling import load_demo
    from tracker.storage.db import init_db

    init_db()
    summaries = load_demo()
    for summary in summaries:
        typer.echo(summary.line())
    if not all(s.ok for s in summaries):
        raise typer.Exit(EXIT_FAILURE)


@app.command()
@guarded()
def match(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    intention: Annotated[int | None, typer.Option(help="Only this intention's matches.")] = None,
) -> None:
    """Rank the calls each intention can apply to, with reasons (recomputed now)."""
    from tracker.intentions.matching import rematch
    from tracker.intentions.store import get_intention, list_intentions
    from tracker.storage.db import session_scope

    now = clock.now()
    with session_scope() as session:
        chosen = list_intentions(session) if intention is None else [get_intention(session, intention)]
        titles = {i.id: i.title for i in chosen}
        results = rematch(session, now, None if intention is None else [intention])

    def lines() -> Iterable[str]:
        for intention_id, matches in results.items():
            yield f"#{intention_id} {titles.get(intention_id, '')}: {len(matches)} call(s)"
            for m in matches:
                yield f"  {m.score:3} {m.call.ref} {m.call.title}"
                yield f"      {'; '.join(m.reasons)}"

    emit(as_json, [m.to_dict() for matches in results.values() for m in matches], lines())


@app.command()
@guarded()
def overview(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The coordinator's overview: intentions per stage, area and programme; deadlines to watch."""
    from tracker.intentions.overview import fresh_overview
    from tracker.storage.db import session_scope

    now = clock.now()
    with session_scope() as session:
        result = fresh_overview(session, now).to_dict()

    def lines() -> Iterable[str]:
        for key, title in (("by_stage", "stage"), ("by_area", "area"), ("by_programme", "programme")):
            yield f"per {title}: {', '.join(f'{name} {count}' for name, count in result[key].items()) or '-'}"
        for row in result["closing_soon"]:
            call = row["call"]
            yield (f"closing soon: #{row['intention_id']} {row['title']} → {call['source']}:{call['external_id']} "
                   f"in {row['days_left']} day(s)")
        for row in result["without_open_call"]:
            yield f"no open call: #{row['intention_id']} {row['title']}"

    emit(as_json, result, lines())


@app.command()
@guarded()
def report(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    months: Annotated[int, typer.Option(help="Horizon in months for 'can apply' (1-120).")] = 12,
    xlsx: Annotated[Path | None, typer.Option(help="Also write the meeting workbook to this .xlsx file.")] = None,
) -> None:
    """The region's report: white spots, demand against allocation, schedule slips, pipeline funnel."""
    from tracker.intentions.report import build_report, check_months
    from tracker.intentions.report_sheets import report_workbook
    from tracker.storage.db import session_scope

    check_months(months)
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise UserError(f"must be an .xlsx file, got {xlsx.name[:60]!r}", "Soubor musí mít příponu .xlsx.",
                        field="xlsx")
    with session_scope() as session:
        result = build_report(session, clock.now(), months)
    if xlsx is not None:
        try:
            xlsx.write_bytes(report_workbook(result))
        except OSError as exc:
            raise UserError(f"cannot write {xlsx}: {exc.strerror}", f"Soubor {xlsx} nelze zapsat.",
                            field="xlsx") from None

    def lines() -> Iterable[str]:
        yield (f"{result['today']}: {result['intentions']} intention(s), {result['calls']['open']} open and "
               f"{result['calls']['planned']} planned call(s); horizon {months} month(s)")
        spots = result["white_spots"]
        yield f"white spots: {len(spots)} ({sum(s['budget_czk'] for s in spots)} CZK)"
        for spot in spots:
            yield f"  #{spot['intention_id']} {spot['title']}: {spot['reason']}"
        for row in result["demand"]:
            if row["flags"] and row["count"]:
                call = row["call"]
                yield (f"demand {call['source']}:{call['external_id']}: {row['count']} intention(s), "
                       f"{row['budget_czk']} of {call['allocation_czk']} CZK ({', '.join(row['flags'])})")
        for group in result["slips"]["by_group"]:
            yield (f"slips {group['source']} {group['programme']} ({group['phase']}): {group['changes']} change(s), "
                   f"median {group['median_days']} day(s)")
        stages = result["funnel"]["by_stage"]
        yield "funnel: " + ", ".join(f"{stage} {value['count']}" for stage, value in stages.items())
        if xlsx is not None:
            yield f"wrote {xlsx}"

    emit(as_json, result, lines())


@app.command()
@guarded()
def ical(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="opzplus, irop or rsk (repeatable).")] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area code (repeatable).")] = None,
    applicant_type: Annotated[list[str] | None, typer.Option(help="Applicant-type code (repeatable).")] = None,
    state: Annotated[list[str] | None, typer.Option(help="Call state (repeatable).")] = None,
    intention: Annotated[int | None, typer.Option(help="Only the deadlines of this intention's matched calls.")] = None,
) -> None:
    """Write the deadlines calendar (iCalendar) with the given filters."""
    from tracker.feeds.ical import build_feed
    from tracker.files import write_private
    from tracker.storage.db import session_scope

    flt = _call_filter(source=source, area=area, applicant_type=applicant_type, state=state,
                       intention=str(intention) if intention is not None else None)
    with session_scope() as session:
        feed = build_feed(session, flt, clock.now())
    if out is None:
        sys.stdout.buffer.write(feed.body)
        sys.stdout.flush()
        return
    try:
        write_private(out, feed.body)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}", f"Soubor {out} nelze zapsat.", field="out") from None
    typer.echo(f"wrote {feed.events} event(s) to {out}: {feed.name}")


@app.command()
@guarded()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default TRACKER_FEED_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default TRACKER_FEED_PORT, 8502).")] = None,
) -> None:
    """Serve the calendar feed at /calendar.ics (and /healthz) until stopped."""
    from tracker.feeds.server import serve as run_server
    from tracker.settings import get_settings
    from tracker.storage.db import init_db

    settings = get_settings()
    if port is not None and not 1 <= port <= 65535:
        raise UserError(f"must be 1–65535, got {port}", "Port musí být 1–65535.", field="port")
    init_db()
    run_server(host or settings.feed_host, port or settings.feed_port)


@app.command()
@guarded()
def schedule() -> None:
    """Crawl every source on schedule in the foreground (until Ctrl-C or SIGTERM)."""
    from tracker.services.scheduler import run_forever
    from tracker.storage.db import init_db

    _log_to_stderr()
    init_db()
    run_forever()


@app.command()
@guarded()
def up() -> None:
    """Start the scheduler, the calendar feed and the app together; Ctrl-C stops all three."""
    from tracker.services.stack import run
    from tracker.settings import get_settings
    from tracker.storage.db import init_db

    settings = get_settings()
    init_db()
    code = run(settings, echo=typer.echo)
    if code:
        raise typer.Exit(code)


def _log_to_stderr() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def export_table(kind: str, file: Path) -> int:
    """All calls or all intentions as a CSV/XLSX table (``tracker export`` and ``tracker intentions export``)."""
    from tracker.calls.filters import CallFilter
    from tracker.calls.queries import export_rows as call_rows
    from tracker.calls.queries import select_calls
    from tracker.exports import format_of, write_table
    from tracker.intentions.store import SHEET_TITLE, list_intentions
    from tracker.intentions.store import export_rows as intention_rows
    from tracker.storage.db import session_scope

    if kind not in ("calls", "intentions"):
        raise UserError(f"export what? use calls or intentions, got {kind[:40]!r}", "Exportovat lze výzvy nebo záměry.",
                        field="kind")
    format_of(file)
    with session_scope() as session:
        if kind == "calls":
            rows = call_rows(select_calls(session, CallFilter(), clock.now()))
        else:
            rows = intention_rows(list_intentions(session))
    return write_table(rows, file, sheet_title="Výzvy" if kind == "calls" else SHEET_TITLE)


@app.command("export")
@guarded()
def export(
    kind: Annotated[str, typer.Argument(help="calls or intentions")],
    file: Annotated[Path, typer.Argument(help="Target .csv or .xlsx file.")],
) -> None:
    """Export all calls or all intentions to CSV or XLSX."""
    count = export_table(kind, file)
    typer.echo(f"exported {count} {kind} to {file}")


@app.command()
@guarded()
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy of the database.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Copy the SQLite database while it is in use (for PostgreSQL, prints the pg_dump advice)."""
    from tracker.storage.db import backup as run_backup

    if file.exists() and not force:
        raise UserError(f"{file} exists; use --force to overwrite it", f"Soubor {file} už existuje.", field="file")
    pages = run_backup(file)
    typer.echo(f"backed up {pages} pages to {file}")


# --- intentions --------------------------------------------------------------------------


@intentions_app.command("add")
@guarded()
def intentions_add(
    title: Annotated[str, typer.Option(help="Name of the project intention.")],
    organization: Annotated[str, typer.Option(help="Applicant organisation.")],
    ico: Annotated[str, typer.Option(help="IČO, 8 digits.")],
    applicant_type: Annotated[str, typer.Option(help="Applicant-type code, e.g. obec, nno, kraj.")],
    area: Annotated[list[str], typer.Option(help="Area code (repeatable).")],
    budget: Annotated[str, typer.Option(help="Budget in CZK.")],
    start: Annotated[str, typer.Option(help="Planned start, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option(help="Planned end, YYYY-MM-DD.")],
    cofinancing: Annotated[str, typer.Option(help="Own co-financing in % (0–100).")] = "0",
    description: Annotated[str, typer.Option(help="What the project does.")] = "",
    program: Annotated[list[str] | None, typer.Option(help="Preferred programme (repeatable).")] = None,
    partner: Annotated[list[str] | None, typer.Option(help="Partner (repeatable).")] = None,
    contact: Annotated[str | None, typer.Option(help="Contact e-mail.")] = None,
    stage: Annotated[str, typer.Option(help="Pipeline stage code.")] = "zamer",
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored intention as JSON.")] = False,
) -> None:
    """Add a project intention (validated; nothing is stored on error)."""
    from tracker.intentions.store import add_intention, intention_to_dict, same_intentions
    from tracker.intentions.validation import validate_intention
    from tracker.storage.db import session_scope

    data = validate_intention({
        "title": title, "organization": organization, "ico": ico, "applicant_type": applicant_type,
        "areas": area, "budget_czk": budget, "cofinancing_pct": cofinancing, "start_date": start,
        "end_date": end, "description": description, "programmes": program or [],
        "partners": partner or [], "contact_email": contact, "stage": stage,
    })
    with session_scope() as session:
        same = same_intentions(session, data)
        stored = intention_to_dict(add_intention(session, data))
    if same:
        typer.echo(f"warning: intention {', '.join(map(str, same))} has the same title and IČO", err=True)
    emit(as_json, stored, [f"added intention {stored['id']}: {stored['title']}"])


@intentions_app.command("list")
@guarded()
def intentions_list(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """List project intentions."""
    from tracker.intentions.store import intention_to_dict, list_intentions
    from tracker.storage.db import session_scope

    with session_scope() as session:
        rows = [intention_to_dict(i) for i in list_intentions(session)]
    emit(as_json, rows, [*(f"{r['id']:4} {r['stage']:10} {r['applicant_type']:24} {r['title']}" for r in rows),
                         f"{len(rows)} intention(s)"])


@intentions_app.command("stage")
@guarded(names={**OPTIONS, "stage": "STAGE"})
def intentions_stage(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    stage: Annotated[str, typer.Argument(help="zamer, priprava, podano, schvaleno, zamitnuto, realizace, ukonceno.")],
    call: Annotated[str | None, typer.Option(help="Bind the chosen call, SOURCE:EXTERNAL_ID.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the intention's stage history as JSON.")] = False,
) -> None:
    """Move an intention to another pipeline stage (recorded with its date)."""
    from tracker.intentions.stages import (
        move_stage,
        parse_call_ref,
        stage_change_to_dict,
        stage_history,
        submission_doubt,
    )
    from tracker.storage.db import session_scope

    ref = parse_call_ref(call) if call else None
    with session_scope() as session:
        moved = move_stage(session, intention_id, stage, clock.now(), ref)
        history = [stage_change_to_dict(c, bound) for c, bound in stage_history(session, intention_id)]
        doubt = submission_doubt(session, moved, clock.now())
    if doubt is not None:
        typer.echo(f"warning: {doubt[0]}", err=True)
    bound_to = f" (call {history[-1]['call']})" if history[-1]["call"] else ""
    emit(as_json, {"id": intention_id, "stage": moved.stage, "history": history},
         [f"intention {intention_id} is now at {moved.stage}{bound_to}"])


@intentions_app.command("history")
@guarded()
def intentions_history(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Show an intention's moves through the pipeline."""
    from tracker.intentions.stages import stage_change_to_dict, stage_history
    from tracker.intentions.store import get_intention
    from tracker.storage.db import session_scope

    with session_scope() as session:
        get_intention(session, intention_id)
        history = [stage_change_to_dict(c, bound) for c, bound in stage_history(session, intention_id)]
    emit(as_json, history, (f"{r['changed_at'][:10]} {r['from'] or '-'} → {r['to']}"
                            + (f" ({r['call']})" if r["call"] else "") for r in history))


@intentions_app.command("import")
@guarded(names=CSV_NAMES)  # a field of an imported file is named by its column
def intentions_import(file: Annotated[Path, typer.Argument(help="CSV file (UTF-8, , or ; separated).")]) -> None:
    """Import intentions from CSV: all rows or none."""
    from tracker.intentions.store import import_csv

    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"no such file: {file}", f"Soubor {file} neexistuje.", field="file") from None
    except UnicodeDecodeError:
        raise UserError(f"{file} is not UTF-8 text", "Soubor není v kódování UTF-8.", field="file") from None
    imported = import_csv(text)  # the coordinator's tool: any number of rows, stages kept
    typer.echo(f"imported {len(imported.ids)} intention(s)")


@intentions_app.command("export")
@guarded()
def intentions_export(file: Annotated[Path, typer.Argument(help="Target .csv or .xlsx file.")]) -> None:
    """Export all intentions to CSV or XLSX (the same as ``tracker export intentions FILE``)."""
    count = export_table("intentions", file)
    typer.echo(f"exported {count} intention(s) to {file}")


CALL_ARGUMENT = {**OPTIONS, "call": "SOURCE:EXTERNAL_ID"}


@intentions_app.command("dismiss")
@guarded(names=CALL_ARGUMENT)
def intentions_dismiss(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    call: Annotated[str, typer.Argument(metavar="SOURCE:EXTERNAL_ID", help="The call, e.g. opzplus:03_26_112.")],
    reason: Annotated[str, typer.Option(help="neopravneny, spolufinancovani, nestihneme, mala-alokace, "
                                             "administrativa or jine (with --note).")],
    note: Annotated[str | None, typer.Option(help="Why, in a few words (required with --reason jine).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the dismissal as JSON.")] = False,
) -> None:
    """Mark a call as not for this intention ("not for us"): it leaves the intention's matches, calendar and
    digests until it changes substantially."""
    from tracker.intentions.dismissals import dismiss, list_dismissed
    from tracker.intentions.stages import parse_call_ref
    from tracker.storage.db import session_scope

    ref = parse_call_ref(call)
    with session_scope() as session:
        dismiss(session, intention_id, call, reason, note, clock.now())
        stored = next(d for d in list_dismissed(session, intention_id, clock.now())
                      if (d["call"]["source"], d["call"]["external_id"]) == ref)
    emit(as_json, stored, [f"intention {intention_id}: {':'.join(ref)} dismissed ({stored['reason_cs']})"])


@intentions_app.command("dismissed")
@guarded()
def intentions_dismissed(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List the calls dismissed for an intention ("Skryté"), with reasons and whether they changed since."""
    from tracker.intentions.dismissals import list_dismissed
    from tracker.storage.db import session_scope

    with session_scope() as session:
        rows = list_dismissed(session, intention_id, clock.now())

    def lines() -> Iterable[str]:
        for r in rows:
            call = r["call"]
            back = f" — offered again: {r['changed_since']}" if r["changed_since"] else ""
            note = f" ({r['note']})" if r["note"] else ""
            yield f"{r['dismissed_at'][:10]} {call['source']}:{call['external_id']} {r['reason']}{note}{back}"
        yield f"{len(rows)} dismissed call(s)"

    emit(as_json, rows, lines())


@intentions_app.command("restore")
@guarded(names=CALL_ARGUMENT)
def intentions_restore(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    call: Annotated[str, typer.Argument(metavar="SOURCE:EXTERNAL_ID", help="The dismissed call.")],
) -> None:
    """Undo a dismissal: the call may be matched with the intention again."""
    from tracker.intentions.dismissals import restore
    from tracker.storage.db import session_scope

    with session_scope() as session:
        restore(session, intention_id, call, clock.now())
    typer.echo(f"intention {intention_id}: {call.strip()} restored")


# --- subscriptions -----------------------------------------------------------------------


@subscriptions_app.command("add")
@guarded()
def subscriptions_add(
    email: Annotated[str, typer.Option(help="The subscriber's e-mail address.")],
    source: Annotated[list[str] | None, typer.Option(help="opzplus, irop or rsk (repeatable).")] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area code (repeatable).")] = None,
    applicant_type: Annotated[list[str] | None, typer.Option(help="Applicant-type code (repeatable).")] = None,
    state: Annotated[list[str] | None, typer.Option(help="Call state (repeatable).")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the title or eligible applicants.")] = None,
    intention: Annotated[int | None, typer.Option(help="The matches of this intention.")] = None,
    every: Annotated[str, typer.Option("--every", help="daily or weekly (Mondays).")] = "daily",
    confirmed: Annotated[bool, typer.Option("--confirmed", help="Skip the confirmation e-mail.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help='Print {"id": …}.')] = False,
) -> None:
    """Subscribe an address to a digest of new and changed calls (a confirmation e-mail is sent first)."""
    from tracker.storage.db import session_scope
    from tracker.subscriptions.store import add_subscription, describe

    flt = _call_filter(source=source, area=area, applicant_type=applicant_type, state=state, search=search,
                       intention=str(intention) if intention is not None else None)
    with session_scope() as session:
        sub, sent = add_subscription(session, email, flt, every, clock.now(), confirmed=confirmed)
        sub_id, address, active = sub.id, sub.email, sub.confirmed
        summary = describe(session, sub)[1]  # as `subscriptions list` and the digest name it
    status = "active" if active else "confirmation e-mail sent" if sent else "awaiting confirmation"
    emit(as_json, {"id": sub_id}, [f"subscription {sub_id}: {address}, {every}, {summary} ({status})"])


@subscriptions_app.command("list")
@guarded()
def subscriptions_list(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """List every subscription (the coordinator's view)."""
    from tracker.storage.db import session_scope
    from tracker.subscriptions.store import list_subscriptions, subscription_to_dict

    with session_scope() as session:
        rows = [subscription_to_dict(session, sub) for sub in list_subscriptions(session)]
    emit(as_json, rows, [*(f"{r['id']:4} {r['email']:32} {r['every']:7} {'ok' if r['confirmed'] else 'pending':8} "
                           f"{r['filter_cs']}" for r in rows), f"{len(rows)} subscription(s)"])


@subscriptions_app.command("remove")
@guarded()
def subscriptions_remove(
    subscription_id: Annotated[int, typer.Argument(metavar="ID", help="Subscription id.")],
) -> None:
    """Delete a subscription (and the record of what it was sent)."""
    from tracker.storage.db import session_scope
    from tracker.subscriptions.store import remove_subscription

    with session_scope() as session:
        sub = remove_subscription(session, subscription_id)
    typer.echo(f"removed subscription {subscription_id} ({sub.email})")


@app.command()
@guarded()
def digest(
    force: Annotated[bool, typer.Option("--force", help="Every confirmed subscription, whatever its rhythm.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the messages; send and record nothing.")] = False,
) -> None:
    """Send the e-mail digests that are due now; one line per e-mail sent (exit 1 if a send failed or
    another digest run is still sending)."""
    from tracker.storage.locks import LockHeld
    from tracker.subscriptions.digest import send_digests

    try:
        results = send_digests(clock.now(), force=force, dry_run=dry_run)
    except LockHeld as exc:
        typer.echo(f"digest: {exc}", err=True)
        raise typer.Exit(EXIT_FAILURE) from None
    failed = False
    for result in results:
        if dry_run and result.message is not None:
            typer.echo(_message_text(result.message))
        elif result.sent:
            typer.echo(result.line())
        elif result.error is not None:
            failed = failed or not result.skipped
            typer.echo(f"{'warning' if result.skipped else 'error'}: {result.line()}", err=True)
    if failed:
        raise typer.Exit(EXIT_FAILURE)


def _message_text(message: Any) -> str:
    """A message as a person reads it: the main headers and the plain-text part."""
    body = message.get_body(preferencelist=("plain",))
    head = "\n".join(f"{name}: {message[name]}" for name in ("To", "Subject", "List-Unsubscribe") if message[name])
    return f"{head}\n\n{body.get_content() if body else ''}\n{'=' * 72}"


def main() -> None:
    app()


if __name__ == "__main__":
    main()
