"""Shared fixtures: every test gets its own database and a pinned "today" (2026-11-23)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner
from w3lib.encoding import html_to_unicode

from tracker.settings import PROJECT_ROOT

SAMPLES = PROJECT_ROOT / "data" / "samples"
TODAY = "2026-11-23"


@pytest.fixture(autouse=True)
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SQLite database and data directory; fast, polite-enough crawl settings for 127.0.0.1."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRACKER_TODAY", TODAY)
    monkeypatch.setenv("TRACKER_CRAWL_DELAY", "0")
    monkeypatch.setenv("TRACKER_CRAWL_BACKOFF", "0.1")
    monkeypatch.setenv("TRACKER_CRAWL_RETRIES", "1")
    monkeypatch.setenv("TRACKER_CRAWL_TIMEOUT", "5")
    return tmp_path


@pytest.fixture
def db(environment: Path) -> Path:
    from tracker.db import init_db

    init_db()
    return environment


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples crawled once per test session by the real spiders (`tracker demo`)."""
    from tracker.crawling import load_demo
    from tracker.db import init_db

    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACKER_DATABASE_URL", f"sqlite:///{folder / 'demo.db'}")
        mp.setenv("TRACKER_DATA_DIR", str(folder / "data"))
        mp.setenv("TRACKER_TODAY", TODAY)
        mp.setenv("TRACKER_CRAWL_DELAY", "0")
        init_db()
        summaries = load_demo()
    assert all(s.ok for s in summaries), [s.line() for s in summaries]
    return folder / "demo.db"


@pytest.fixture
def demo_db(environment: Path, demo_template: Path) -> Path:
    """This test's own copy of the demo database (19 calls from the three sources)."""
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


@contextmanager
def running_feed() -> Iterator[str]:
    """`tracker serve` in its own process on a free port of 127.0.0.1, for this test's database."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tracker.cli", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(process.stdout.read().decode() if process.stdout else "no output") from None
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def feed_url(db: Path) -> Iterator[str]:
    with running_feed() as base:
        yield base
