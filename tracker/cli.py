"""The ``tracker`` command: the one command-line entry point.

Exit codes: 0 ok, 2 bad input, 1 any other failure. User errors never print a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from tracker import clock
from tracker.settings import SettingsError

app = typer.Typer(
    help="Výzvy: track grant calls (OPZ+, IROP, RSK LK) and match them with project intentions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
intentions_app = typer.Typer(help="Project intentions (projektové záměry).", no_args_is_help=True)
app.add_typer(intentions_app, name="intentions")

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


class BadInput(Exception):
    """A user-facing input error (exit code 2)."""


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def guarded(func: F) -> F:
    """Turn known errors into a message and an exit code instead of a traceback."""
    from tracker.calls.view import FilterError
    from tracker.intentions.stages import PipelineError
    from tracker.intentions.store import ImportFailed
    from tracker.intentions.validation import InvalidInput

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except ImportFailed as exc:
            for line, problem in exc.problems:
                typer.echo(f"error: line {line}: {problem}", err=True)
            typer.echo("error: nothing was imported", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except (InvalidInput, BadInput, SettingsError, PipelineError, FilterError) as exc:
            errors = getattr(exc, "errors", None) or [exc]
            for error in errors:
                typer.echo(f"error: {error}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except Exception as exc:  # noqa: BLE001 — the last line of defence for users
            typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
            raise typer.Exit(EXIT_FAILURE) from None

    return wrapper  # type: ignore[return-value]


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=None))


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{option} must be a date YYYY-MM-DD, got {value!r}") from None


# --- commands ----------------------------------------------------------------------------


@app.command()
@guarded
def init() -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from tracker.settings import get_settings
    from tracker.storage.db import init_db

    init_db()
    typer.echo(f"database ready: {get_settings().database_url}")


@app.command()
@guarded
def classify(
    text: Annotated[str, typer.Argument(help="Czech text, or - to read one text per line from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the applicant types and areas a Czech text names."""
    from tracker.text.classify import classify as run_classify

    texts = sys.stdin.read().splitlines() if text == "-" else [text]
    for line in texts:
        result = run_classify(line)
        if as_json:
            _print_json({"applicant_types": result.applicant_types, "areas": result.areas})
        else:
            typer.echo(f"applicant types: {', '.join(result.applicant_types) or '-'}; "
                       f"areas: {', '.join(result.areas) or '-'}")


@app.command()
@guarded
def calls(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    source: Annotated[list[str] | None, typer.Option(help="opzplus, irop or rsk (repeatable).")] = None,
    state: Annotated[list[str] | None, typer.Option(help="planned, open, closed, cancelled, unknown.")] = None,
    applicant_type: Annotated[list[str] | None, typer.Option(help="Applicant-type code (repeatable).")] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area code (repeatable).")] = None,
    search: Annotated[str | None, typer.Option(help="Text in the title or eligible applicants.")] = None,
) -> None:
    """List stored calls, soonest deadline first."""
    from tracker.calls.view import call_to_dict, check_codes, query_calls, refresh_states
    from tracker.storage.db import session_scope
    from tracker.storage.models import CallState, Source
    from tracker.text.classify import APPLICANT_CODES, AREA_CODES

    sources = check_codes("source", source, tuple(s.value for s in Source))
    states = check_codes("state", state, tuple(s.value for s in CallState))
    types = check_codes("applicant type", applicant_type, APPLICANT_CODES)
    areas = check_codes("area", area, AREA_CODES)
    with session_scope() as session:
        refresh_states(session, clock.now())
        session.flush()
        found = query_calls(session, sources=sources, states=states, applicant_types=types, areas=areas,
                            text=search)
        rows = [call_to_dict(c) for c in found]
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['source']:8} {row['external_id']:14} {row['state']:9} "
                   f"{row['closes_at'] or '-':26} {row['title']}")
    typer.echo(f"{len(rows)} call(s)")


@app.command()
@guarded
def changes(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    since: Annotated[str | None, typer.Option(help="Only changes detected on or after YYYY-MM-DD.")] = None,
) -> None:
    """List detected changes of calls (moved deadlines, new allocations, …)."""
    from tracker.calls.view import change_to_dict, query_changes
    from tracker.storage.db import session_scope

    day = _parse_day(since, "--since")
    with session_scope() as session:
        rows = [change_to_dict(change, call) for change, call in query_changes(session, day)]
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['detected_at'][:10]} {row['source']}:{row['external_id']} {row['field']}: "
                   f"{row['old']} → {row['new']}")
    typer.echo(f"{len(rows)} change(s)")


@app.command()
@guarded
def scrape(
    sources: Annotated[list[str] | None, typer.Argument(help="opzplus, irop, rsk (default: all).")] = None,
    url: Annotated[str | None, typer.Option(help="Start URL replacing the site's (one source only).")] = None,
) -> None:
    """Crawl the sources now; one summary line per source. Exit 0 only if all succeeded."""
    from tracker.calls.view import check_codes
    from tracker.sources.crawling import SOURCES, run_crawl
    from tracker.storage.db import init_db

    chosen = list(check_codes("source", sources, SOURCES)) or list(SOURCES)
    if url is not None:
        if len(chosen) != 1:
            raise BadInput("--url needs exactly one source")
        if not url.startswith(("http://", "https://")):
            raise BadInput(f"--url must be an http(s) URL, got {url!r}")
    init_db()
    summaries = [run_crawl(source, url) for source in chosen]
    for summary in summaries:
        typer.echo(summary.line())
    if not all(s.ok for s in summaries):
        raise typer.Exit(EXIT_FAILURE)


@app.command()
@guarded
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
@guarded
def match(
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
    intention: Annotated[int | None, typer.Option(help="Only this intention's matches.")] = None,
) -> None:
    """Rank the calls each intention can apply to, with reasons (recomputed now)."""
    from tracker.calls.view import refresh_states
    from tracker.intentions.matching import rematch
    from tracker.intentions.stages import get_intention
    from tracker.intentions.store import list_intentions
    from tracker.storage.db import session_scope

    now = clock.now()
    with session_scope() as session:
        refresh_states(session, now)
        chosen = list_intentions(session) if intention is None else [get_intention(session, intention)]
        titles = {i.id: i.title for i in chosen}
        results = rematch(session, now, None if intention is None else [intention])
    if as_json:
        _print_json([m.to_dict() for matches in results.values() for m in matches])
        return
    for intention_id, matches in results.items():
        typer.echo(f"#{intention_id} {titles.get(intention_id, '')}: {len(matches)} call(s)")
        for m in matches:
            typer.echo(f"  {m.score:3} {m.call.source}:{m.call.external_id} {m.call.title}")
            typer.echo(f"      {'; '.join(m.reasons)}")


@app.command()
@guarded
def overview(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The coordinator's overview: intentions per stage, area and programme; deadlines to watch."""
    from tracker.calls.view import refresh_states
    from tracker.intentions.stages import fresh_overview
    from tracker.storage.db import session_scope

    now = clock.now()
    with session_scope() as session:
        refresh_states(session, now)
        result = fresh_overview(session, now).to_dict()
    if as_json:
        _print_json(result)
        return
    for key, title in (("by_stage", "stage"), ("by_area", "area"), ("by_programme", "programme")):
        counts = ", ".join(f"{name} {count}" for name, count in result[key].items()) or "-"
        typer.echo(f"per {title}: {counts}")
    for row in result["closing_soon"]:
        call = row["call"]
        typer.echo(f"closing soon: #{row['intention_id']} {row['title']} → {call['source']}:{call['external_id']} "
                   f"in {row['days_left']} day(s)")
    for row in result["without_open_call"]:
        typer.echo(f"no open call: #{row['intention_id']} {row['title']}")


def _feed_filter(source: list[str] | None, area: list[str] | None, applicant_type: list[str] | None,
                 state: list[str] | None, intention: int | None) -> Any:
    from tracker.feeds.events import parse_filter

    params: dict[str, Any] = {"source": source, "area": area, "applicant_type": applicant_type, "state": state}
    if intention is not None:
        params["intention"] = str(intention)
    return parse_filter({k: v for k, v in params.items() if v})


@app.command()
@guarded
def ical(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
    source: Annotated[list[str] | None, typer.Option(help="opzplus, irop or rsk (repeatable).")] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area code (repeatable).")] = None,
    applicant_type: Annotated[list[str] | None, typer.Option(help="Applicant-type code (repeatable).")] = None,
    state: Annotated[list[str] | None, typer.Option(help="Call state (repeatable).")] = None,
    intention: Annotated[int | None, typer.Option(help="Only the deadlines of this intention's matched calls.")] = None,
) -> None:
    """Write the deadlines calendar (iCalendar) with the given filters."""
    from tracker.feeds.events import build_feed
    from tracker.storage.db import session_scope

    flt = _feed_filter(source, area, applicant_type, state, intention)
    with session_scope() as session:
        feed = build_feed(session, flt, clock.now())
    if out is None:
        sys.stdout.buffer.write(feed.body)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(feed.body)
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror}") from None
    typer.echo(f"wrote {feed.events} event(s) to {out}: {feed.name}")


@app.command()
@guarded
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
        raise BadInput(f"--port must be 1–65535, got {port}")
    init_db()
    run_server(host or settings.feed_host, port or settings.feed_port)


@app.command()
@guarded
def schedule() -> None:
    """Crawl every source on schedule in the foreground (until Ctrl-C or SIGTERM)."""
    from tracker.services.scheduler import run_forever
    from tracker.storage.db import init_db

    _log_to_stderr()
    init_db()
    run_forever()


@app.command()
@guarded
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


@app.command("export")
@guarded
def export(
    kind: Annotated[str, typer.Argument(help="calls or intentions")],
    file: Annotated[Path, typer.Argument(help="Target .csv or .xlsx file.")],
) -> None:
    """Export all calls or all intentions to CSV or XLSX."""
    from tracker.calls.view import export_rows as call_rows
    from tracker.calls.view import query_calls, refresh_states
    from tracker.intentions.store import export_rows as intention_rows
    from tracker.intentions.store import list_intentions, table_bytes
    from tracker.storage.db import session_scope

    if kind not in ("calls", "intentions"):
        raise BadInput(f"export what? use calls or intentions, got {kind!r}")
    fmt = file.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise BadInput(f"unsupported export format {file.suffix!r}; use .csv or .xlsx")
    with session_scope() as session:
        if kind == "calls":
            refresh_states(session, clock.now())
            rows = call_rows(query_calls(session))
        else:
            rows = intention_rows(list_intentions(session))
    try:
        file.write_bytes(table_bytes(rows, fmt, sheet_title="Výzvy" if kind == "calls" else "Záměry"))
    except OSError as exc:
        raise BadInput(f"cannot write {file}: {exc.strerror}") from None
    typer.echo(f"exported {len(rows) - 1} {kind} to {file}")


@app.command()
@guarded
def backup(
    file: Annotated[Path, typer.Argument(help="Where to write the copy of the database.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Copy the SQLite database while it is in use (for PostgreSQL, prints the pg_dump advice)."""
    from tracker.storage.db import BackupUnsupported
    from tracker.storage.db import backup as run_backup

    if file.exists() and not force:
        raise BadInput(f"{file} exists; use --force to overwrite it")
    try:
        pages = run_backup(file)
    except BackupUnsupported as exc:
        raise BadInput(str(exc)) from None
    typer.echo(f"backed up {pages} pages to {file}")


# --- intentions --------------------------------------------------------------------------


@intentions_app.command("add")
@guarded
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
    from tracker.intentions.store import add_intention, intention_to_dict
    from tracker.intentions.validation import validate_intention
    from tracker.storage.db import session_scope

    data = validate_intention({
        "title": title, "organization": organization, "ico": ico, "applicant_type": applicant_type,
        "areas": area, "budget_czk": budget, "cofinancing_pct": cofinancing, "start_date": start,
        "end_date": end, "description": description, "programmes": program or [],
        "partners": partner or [], "contact_email": contact, "stage": stage,
    })
    with session_scope() as session:
        stored = intention_to_dict(add_intention(session, data))
    if as_json:
        _print_json(stored)
    else:
        typer.echo(f"added intention {stored['id']}: {stored['title']}")


@intentions_app.command("list")
@guarded
def intentions_list(as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False) -> None:
    """List project intentions."""
    from tracker.intentions.store import intention_to_dict, list_intentions
    from tracker.storage.db import session_scope

    with session_scope() as session:
        rows = [intention_to_dict(i) for i in list_intentions(session)]
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']:4} {row['stage']:10} {row['applicant_type']:24} {row['title']}")
    typer.echo(f"{len(rows)} intention(s)")


@intentions_app.command("stage")
@guarded
def intentions_stage(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    stage: Annotated[str, typer.Argument(help="zamer, priprava, podano, schvaleno, zamitnuto, realizace, ukonceno.")],
    call: Annotated[str | None, typer.Option(help="Bind the chosen call, SOURCE:EXTERNAL_ID.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the intention's stage history as JSON.")] = False,
) -> None:
    """Move an intention to another pipeline stage (recorded with its date)."""
    from tracker.intentions.stages import move_stage, parse_call_ref, stage_change_to_dict, stage_history
    from tracker.storage.db import session_scope

    ref = parse_call_ref(call) if call else None
    with session_scope() as session:
        moved = move_stage(session, intention_id, stage, clock.now(), ref)
        history = [stage_change_to_dict(c, bound) for c, bound in stage_history(session, intention_id)]
    if as_json:
        _print_json({"id": intention_id, "stage": moved.stage, "history": history})
    else:
        bound_to = f" (call {history[-1]['call']})" if history[-1]["call"] else ""
        typer.echo(f"intention {intention_id} is now at {moved.stage}{bound_to}")


@intentions_app.command("history")
@guarded
def intentions_history(
    intention_id: Annotated[int, typer.Argument(metavar="ID", help="Intention id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Show an intention's moves through the pipeline."""
    from tracker.intentions.stages import get_intention, stage_change_to_dict, stage_history
    from tracker.storage.db import session_scope

    with session_scope() as session:
        get_intention(session, intention_id)
        history = [stage_change_to_dict(c, bound) for c, bound in stage_history(session, intention_id)]
    if as_json:
        _print_json(history)
        return
    for row in history:
        typer.echo(f"{row['changed_at'][:10]} {row['from'] or '-'} → {row['to']}"
                   + (f" ({row['call']})" if row["call"] else ""))


@intentions_app.command("import")
@guarded
def intentions_import(file: Annotated[Path, typer.Argument(help="CSV file (UTF-8, , or ; separated).")]) -> None:
    """Import intentions from CSV: all rows or none."""
    from tracker.intentions.store import import_csv
    from tracker.storage.db import session_scope

    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"no such file: {file}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{file} is not UTF-8 text") from None
    with session_scope() as session:
        added = import_csv(session, text)
    typer.echo(f"imported {len(added)} intention(s)")


@intentions_app.command("export")
@guarded
def intentions_export(file: Annotated[Path, typer.Argument(help="Target .csv or .xlsx file.")]) -> None:
    """Export all intentions to CSV or XLSX."""
    from tracker.intentions.store import export_intentions, list_intentions
    from tracker.storage.db import session_scope

    if file.suffix.lower() not in (".csv", ".xlsx"):
        raise BadInput(f"unsupported export format {file.suffix!r}; use .csv or .xlsx")
    with session_scope() as session:
        count = export_intentions(list_intentions(session), file)
    typer.echo(f"exported {count} intention(s) to {file}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
