"""The README stays true: every environment variable the code reads is in its configuration table
and every `tracker` command in its command table, and neither table names one that is gone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import typer

import scrapers.settings
from tracker.cli import app
from tracker.settings import PROJECT_ROOT
from tracker.sources.registry import SOURCE_CODES

README = PROJECT_ROOT / "README.md"
CODE = ("tracker", "scrapers", "ui", "app.py")
VARIABLE = re.compile(r"TRACKER_[A-Z0-9_]+")


def readme_table(heading: str) -> list[list[str]]:
    """The body rows (as lists of cells) of the Markdown table under ``heading``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    rows: list[list[str]] = []
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))])
        elif rows:
            break
    return rows[2:]  # below the header and the |---| line


def variables_read() -> set[str]:
    """``TRACKER_*`` names in the code; ``TRACKER_SOURCE_URL_{source.upper()}`` counts once per source."""
    found: set[str] = set()
    for name in CODE:
        path = PROJECT_ROOT / name
        for file in [path] if path.is_file() else path.rglob("*.py"):
            found |= set(VARIABLE.findall(file.read_text(encoding="utf-8")))
    per_source = {prefix + source.upper() for prefix in found if prefix.endswith("_") for source in SOURCE_CODES}
    # Scrapy settings of our own (scrapers/settings.py) share the prefix but are not environment variables.
    scrapy_settings = {name for name in vars(scrapers.settings) if name.isupper()}
    return ({name for name in found if not name.endswith("_")} - scrapy_settings) | per_source


def variables_documented() -> set[str]:
    """The names in the first column of the configuration table; `` `_IROP` `` after
    `` `TRACKER_SOURCE_URL_OPZPLUS` `` stands for ``TRACKER_SOURCE_URL_IROP``."""
    names: set[str] = set()
    for row in readme_table("## Configuration (environment variables)"):
        previous = ""
        for name in re.findall(r"`([^`]+)`", row[0]):
            if name.startswith("_"):
                name = previous.rsplit("_", 1)[0] + name
            names.add(name)
            previous = name
    return names


def commands(cli: typer.Typer = app, path: str = "tracker") -> Iterator[str]:
    """Every command registered in the Typer app and its sub-apps, as it is typed (``tracker intentions add``)."""
    for info in cli.registered_commands:
        yield f"{path} {info.name or typer.main.get_command_name(info.callback.__name__)}"
    for group in cli.registered_groups:
        callback = group.typer_instance.registered_callback
        if callback is not None and callback.invoke_without_command:  # `tracker calls` runs on its own too
            yield f"{path} {group.name}"
        yield from commands(group.typer_instance, f"{path} {group.name}")


def command_typed(usage: str) -> str | None:
    """The command a usage line of the README runs (``tracker export calls\\|intentions FILE`` →
    ``tracker export``), or ``None`` when it runs no registered command."""
    words = usage.split()
    matching = [command for command in commands() if words[:len(command.split())] == command.split()]
    return max(matching, key=len, default=None)  # `tracker calls set-codes …` before `tracker calls …`


def usages_documented() -> list[str]:
    rows = readme_table("## The `tracker` command")
    return [usage for row in rows for usage in re.findall(r"`([^`]+)`", row[0])]


def test_every_environment_variable_the_code_reads_is_in_the_configuration_table() -> None:
    assert sorted(variables_read() - variables_documented()) == [], "add a row to README's configuration table"


def test_the_configuration_table_names_only_variables_the_code_reads() -> None:
    assert sorted(variables_documented() - variables_read()) == [], "no code reads these any more"


def test_every_tracker_command_is_in_the_command_table() -> None:
    documented = {command_typed(usage) for usage in usages_documented()}
    assert sorted(set(commands()) - documented) == [], "add a row to README's command table"


def test_the_command_table_names_only_registered_commands() -> None:
    assert [usage for usage in usages_documented() if command_typed(usage) is None] == [], "no such command"
