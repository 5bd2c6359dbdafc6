"""Shared fixtures: every test gets its own database and a pinned "today" (2026-11-23)."""

from __future__ import annotations

import itertools
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner
from w3lib.encoding import html_to_unicode

from tests.pgserver import PostgresServer, find_bindir
from tracker.settings import PROJECT_ROOT, reset_settings

SAMPLES = PROJECT_ROOT / "data" / "samples"
SetEnv = Callable[[str, str], None]  # the `setenv` fixture
TODAY = "2026-11-23"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked ``both_backends`` run on SQLite and on a real PostgreSQL server."""
    definition = metafunc.definition
    if definition.get_closest_marker("both_backends") and not definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed (.ci/run installs Debian's postgresql)")
    server = PostgresServer(bindir, free_port()).start()
    yield server
    server.stop()


_databases = itertools.count(1)


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str,
                request: pytest.FixtureRequest) -> Iterator[Path]:
    """A fresh database (SQLite file, or a new PostgreSQL database) and data directory; fast,
    polite-enough crawl settings for 127.0.0.1."""
    if backend == "postgresql":
        pg: PostgresServer = request.getfixturevalue("pg_server")
        template = "demo_template" if "demo_db" in request.fixturenames else None
        if template:
            request.getfixturevalue("pg_demo_template")
        url = pg.create_database(f"test_{next(_databases)}", template=template)
    else:
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRACKER_TODAY", TODAY)
    monkeypatch.setenv("TRACKER_CRAWL_DELAY", "0")
    monkeypatch.setenv("TRACKER_CRAWL_BACKOFF", "0.1")
    monkeypatch.setenv("TRACKER_CRAWL_RETRIES", "1")
    monkeypatch.setenv("TRACKER_CRAWL_TIMEOUT", "5")
    reset_settings()
    yield tmp_path
    monkeypatch.undo()
    reset_settings()
    if backend == "postgresql":
        from tracker.storage.db import engine_for

        engine_for(url).dispose()


@pytest.fixture
def setenv(monkeypatch: pytest.MonkeyPatch) -> SetEnv:
    """Set an environment variable for one test; the settings are read again after it."""

    def set_variable(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        reset_settings()

    return set_variable


@pytest.fixture
def db(environment: Path) -> Path:
    from tracker.storage.db import init_db

    init_db()
    return environment


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples crawled once per test session by the real spiders (`tracker demo`)."""
    from tracker.sources.crawling import load_demo
    from tracker.storage.db import init_db

    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKER_DATABASE_URL", f"sqlite:///{folder / 'demo.db'}")
        mp.setenv("TRACKER_DATA_DIR", str(folder / "data"))
        mp.setenv("TRACKER_TODAY", TODAY)
        mp.setenv("TRACKER_CRAWL_DELAY", "0")
        reset_settings()
        init_db()
        summaries = load_demo()
    reset_settings()
    assert all(s.ok for s in summaries), [s.line() for s in summaries]
    return folder / "demo.db"


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo data crawled once into a PostgreSQL template database."""
    from tracker.sources.crawling import load_demo
    from tracker.storage.db import engine_for, init_db

    url = pg_server.create_database("demo_template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKER_DATABASE_URL", url)
        mp.setenv("TRACKER_DATA_DIR", str(tmp_path_factory.mktemp("pgdemo") / "data"))
        mp.setenv("TRACKER_TODAY", TODAY)
        mp.setenv("TRACKER_CRAWL_DELAY", "0")
        reset_settings()
        init_db()
        summaries = load_demo()
    reset_settings()
    engine_for(url).dispose()  # a template database must have no open connections
    assert all(s.ok for s in summaries), [s.line() for s in summaries]
    return url


@pytest.fixture
def demo_db(environment: Path, backend: str, request: pytest.FixtureRequest) -> Path:
    """This test's own copy of the demo database (19 calls from the three sources)."""
    if backend == "postgresql":
        return environment  # created from the template by the environment fixture
    demo_template = request.getfixturevalue("demo_template")
    source, target = sqlite3.connect(demo_template), sqlite3.connect(environment / "tracker.db")
    with target:
        source.backup(target)
    source.close()
    target.close()
    return environment


def sample_text(source: str, name: str) -> str:
    """A sample page decoded the way Scrapy decodes it (headers, then <meta charset>)."""
    routes = json.loads((SAMPLES / source / "routes.json").read_text(encoding="utf-8"))
    content_type = next((r.get("content_type") for r in routes.values() if r["file"] == name), None)
    _, text = html_to_unicode(content_type or "text/html", (SAMPLES / source / name).read_bytes())
    return text


def sample_bytes(source: str, name: str) -> bytes:
    return (SAMPLES / source / name).read_bytes()


# Intentions drawn from the working group's minutes, as `tracker intentions add` options.
SEEDS = {
    "mobile_team": [
        "--title", "Krajský mobilní tým", "--organization", "Liberecký kraj", "--ico", "70891508",
        "--applicant-type", "kraj", "--area", "socialni-sluzby", "--budget", "21 174 960", "--cofinancing", "10",
        "--start", "2027-01-01", "--end", "2029-12-31", "--program", "OPZ+", "--partner", "TUL",
        "--partner", "Síť MAS", "--partner", "Statutární město Liberec", "--stage", "priprava",
    ],
    "social_housing": [
        "--title", "Sociální bydlení Frýdlant", "--organization", "Město Frýdlant", "--ico", "00262781",
        "--applicant-type", "obec", "--area", "bydleni", "--budget", "30000000",
        "--start", "2027-06-01", "--end", "2029-06-30",
    ],
    "debt_counselling": [
        "--title", "Dluhová poradna", "--organization", "Spolek Naděje", "--ico", "25755277",
        "--applicant-type", "nno", "--area", "dluhy", "--budget", "3000000", "--start", "2027-03-01",
        "--end", "2028-12-31", "--program", "OPZ+", "--stage", "priprava",
    ],
    "school_inclusion": [
        "--title", "Inkluzivní škola", "--organization", "ZŠ Liberec", "--ico", "00831352",
        "--applicant-type", "skola", "--area", "vzdelavani", "--budget", "5000000",
        "--start", "2027-09-01", "--end", "2029-06-30",
    ],
}


class Cli:
    def __init__(self) -> None:
        from tracker.cli import app

        self.app = app
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):  # noqa: A002
        return self.runner.invoke(self.app, list(args), input=input, catch_exceptions=False)

    def json(self, *args: str, input: str | None = None):  # noqa: A002
        result = self(*args, input=input)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli(db: Path) -> Cli:
    return Cli()


@pytest.fixture
def demo_cli(demo_db: Path) -> Cli:
    return Cli()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, output: Callable[[], str], timeout_s: float = 60) -> None:
    """Poll ``url`` until it answers; fail with the process's output if it dies or never answers."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(output()) from None
            time.sleep(0.1)


@contextmanager
def running_feed() -> Iterator[str]:
    """`tracker serve` in its own process on a free port of 127.0.0.1, for this test's database."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tracker.cli", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(f"{base}/healthz", process, lambda: process.stdout.read().decode() if process.stdout else "")
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def feed_url(db: Path) -> Iterator[str]:
    with running_feed() as base:
        yield base


def add_seed(cli: Cli, seed: str) -> dict:
    """Add one of :data:`SEEDS` through the CLI; returns the stored intention."""
    return cli.json("intentions", "add", *SEEDS[seed], "--json")
