"""The coordinator's password: compared in constant time, slowed down and locked out after failures.

Two brakes on guessing. Each session waits longer before each further attempt (1 s, 2 s, 4 s …
up to :data:`MAX_DELAY_S`), and the whole process counts failures: after
``TRACKER_ADMIN_MAX_FAILURES`` wrong passwords within ``TRACKER_ADMIN_LOCKOUT_MINUTES`` every
attempt is refused — the right password too — until that window has passed, so opening new
sessions does not help either. Every failure is logged (never the password).

The counter lives in the app's process (one Streamlit server); a restart clears it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from tracker.settings import get_settings

log = logging.getLogger(__name__)
MAX_DELAY_S = 30.0


@dataclass(frozen=True)
class Attempt:
    ok: bool
    locked: bool = False  # refused without comparing: too many failures lately
    retry_after_s: float = 0.0  # how long the lock-out still lasts


class PasswordGuard:
    """Failures of one password in this process, within a sliding window."""

    def __init__(self, password: str, max_failures: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic):
        self._password = password.encode()
        self.max_failures, self.window_s = max_failures, window_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    @staticmethod
    def delay_before(session_failures: int) -> float:
        """Seconds a session waits before its next attempt: none at first, then 1, 2, 4 … s."""
        return 0.0 if session_failures <= 0 else min(2.0 ** (session_failures - 1), MAX_DELAY_S)

    def locked_for(self) -> float:
        """Seconds until attempts are compared again (0 when they are)."""
        with self._lock:
            return self._locked_for(self._clock())

    def _locked_for(self, now: float) -> float:
        while self._failures and self._failures[0] <= now - self.window_s:
            self._failures.popleft()
        if len(self._failures) < self.max_failures:
            return 0.0
        return self._failures[-self.max_failures] + self.window_s - now

    def check(self, given: str) -> Attempt:
        """Compare ``given`` with the password unless locked out; a wrong one counts and is logged."""
        with self._lock:
            locked = self._locked_for(self._clock())
        if locked > 0:
            log.warning("coordinator password attempt refused: locked out for another %.0f s", locked)
            return Attempt(ok=False, locked=True, retry_after_s=locked)
        if hmac.compare_digest(given.encode(), self._password):
            return Attempt(ok=True)
        with self._lock:
            now = self._clock()
            self._failures.append(now)
            count = len(self._failures)
            locked = self._locked_for(now)
        log.warning("wrong coordinator password (%d failure(s) within %.0f min)", count, self.window_s / 60)
        if locked > 0:
            log.error("coordinator sign-in locked for %.0f min after %d wrong passwords", locked / 60, count)
        return Attempt(ok=False, locked=locked > 0, retry_after_s=locked)


_guards: dict[tuple[str, int, float], PasswordGuard] = {}
_guards_lock = threading.Lock()


def password_guard() -> PasswordGuard | None:
    """The guard of the configured coordinator password (``None`` while it is unset)."""
    settings = get_settings()
    if not settings.admin_password:
        return None
    # keyed by the password's digest: a new password starts with a clean slate
    key = (hashlib.sha256(settings.admin_password.encode()).hexdigest(), settings.admin_max_failures,
           settings.admin_lockout_minutes * 60.0)
    with _guards_lock:
        guard = _guards.get(key)
        if guard is None:
            guard = _guards[key] = PasswordGuard(settings.admin_password, key[1], key[2])
        return guard
