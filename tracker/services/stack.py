"""``tracker up``: the scheduler, the calendar feed and the app together, stopped together."""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable

from tracker.settings import PROJECT_ROOT, Settings

STARTUP_TIMEOUT_S = 90
STOP_TIMEOUT_S = 15
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a child before exec: get SIGTERM when the parent dies, even by SIGKILL (Linux)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def service_commands(settings: Settings) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "scheduler": [python, "-m", "tracker.cli", "schedule"],
        "feed": [python, "-m", "tracker.cli", "serve"],
        "app": [python, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"), "--server.port",
                str(settings.app_port), "--server.address", settings.app_host, "--server.headless", "true",
                "--browser.gatherUsageStats", "false", "--client.showErrorDetails", "none",
                "--server.maxUploadSize", "5"],
    }


def urls(settings: Settings) -> dict[str, str]:
    feed = f"{settings.feed_base_url}/calendar.ics"
    return {
        "app": f"http://{settings.app_host}:{settings.app_port}",
        "calendar": feed,
        "webcal": "webcal://" + feed.split("://", 1)[1],
        "app_health": f"http://{settings.app_host}:{settings.app_port}/_stcore/health",
        "feed_health": f"http://{settings.feed_host}:{settings.feed_port}/healthz",
    }


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Stack:
    def __init__(self, settings: Settings, echo: Callable[[str], None] = print):
        self.settings = settings
        self.echo = echo
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = threading.Event()

    def start(self) -> None:
        for name, command in service_commands(self.settings).items():
            self.processes[name] = subprocess.Popen(command, cwd=PROJECT_ROOT, preexec_fn=die_with_parent)

    def wait_ready(self) -> str | None:
        """None when app and feed answer; else why not."""
        addresses = urls(self.settings)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline and not self.stopping.is_set():
            dead = self.dead()
            if dead:
                return f"the {dead} stopped during start-up"
            if _answers(addresses["app_health"]) and _answers(addresses["feed_health"]):
                return None
            time.sleep(0.5)
        return "stopped while starting" if self.stopping.is_set() else "the app or the feed did not start in time"

    def dead(self) -> str | None:
        return next((name for name, p in self.processes.items() if p.poll() is not None), None)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run(settings: Settings, echo: Callable[[str], None] = print) -> int:
    """Start everything, print where it is, and keep it up until Ctrl-C/SIGTERM or a service dies."""
    stack = Stack(settings, echo)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stack.stopping.set())
    stack.start()
    try:
        problem = stack.wait_ready()
        if problem and not stack.stopping.is_set():
            echo(f"error: {problem}; stopping everything")
            return 1
        if not stack.stopping.is_set():
            addresses = urls(settings)
            echo(f"Výzvy is up:\n  app:       {addresses['app']}\n  calendar:  {addresses['calendar']}\n"
                 f"             {addresses['webcal']}\n  scheduler: crawling on schedule (log below)\n"
                 "Ctrl-C stops everything.")
        while not stack.stopping.wait(1.0):
            dead = stack.dead()
            if dead:
                echo(f"error: the {dead} stopped unexpectedly; stopping everything")
                return 1
        return 0
    finally:
        stack.stop()
        echo("stopped")
