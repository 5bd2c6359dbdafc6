"""The one error a user is shown: an English message (CLI), a Czech one (app) and the field at fault.

Every refusal of user input — a bad filter, an intention form, a CSV line, a stage move, a
setting — is a :class:`UserError`; nothing was changed when one is raised. The CLI catches it
once (exit 2, naming the option the user typed), the app shows ``cs`` beside the field, the
feed answers 400. An error about several fields or lines carries them as ``problems``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class UserError(ValueError):
    """Input the tracker refuses. ``field`` is the canonical field name (``budget_czk``,
    ``area``, ``file``…); ``line`` the line of an imported file; ``problems`` the single errors
    of a refusal that has several."""

    def __init__(self, en: str, cs: str, *, field: str | None = None, line: int | None = None,
                 problems: Iterable[UserError] = ()):
        self.en, self.cs, self.field, self.line = en, cs, field, line
        self._problems = tuple(problems)
        super().__init__(en)

    @property
    def problems(self) -> tuple[UserError, ...]:
        """The single errors: its parts, or the error itself."""
        return self._problems or (self,)

    def fields(self) -> set[str]:
        return {p.field for p in self.problems if p.field}

    def where(self, names: Mapping[str, str] | None = None) -> str:
        """``line 3: --budget`` — where the problem is, with a field named as the user knows it."""
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append((names or {}).get(self.field, self.field))
        return ": ".join(parts)

    def english(self, names: Mapping[str, str] | None = None) -> list[str]:
        """One English line per problem, each prefixed with where it is; then the summary, if any."""
        lines = []
        for problem in self.problems:
            where = problem.where(names)
            lines.append(f"{where}: {problem.en}" if where else problem.en)
        return lines + ([self.en] if self._problems else [])

    def to_json(self, names: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The error as ``--json`` commands print it."""
        return {"error": {
            "message": "; ".join(self.english(names)),
            "problems": [
                {"field": (names or {}).get(p.field, p.field) if p.field else None, "line": p.line,
                 "message": p.en, "message_cs": p.cs}
                for p in self.problems
            ],
        }}
