"""The labelled corpus of real call texts stays well-formed and its README stays true: every record
has a source URL, a verbatim text and known codes, ids are unique and consecutive, and the held-out
split follows the URL (a call republished at a second URL follows its twin)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tracker.text.vocabulary import APPLICANT_LABELS, AREA_LABELS

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = {
    "eligibility.jsonl": ("e", "applicant_types", set(APPLICANT_LABELS), ("text",)),
    "calls.jsonl": ("t", "areas", set(AREA_LABELS), ("title",)),
}


def records(name: str) -> list[dict[str, Any]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def split_of(url: str) -> str:
    return "test" if hashlib.sha1(url.encode()).hexdigest()[0] in "01234567" else "dev"


@pytest.mark.parametrize("name", FILES)
def test_every_record_names_its_source_and_carries_known_codes(name: str) -> None:
    prefix, codes_key, known, texts = FILES[name]
    rows = records(name)
    assert [row["id"] for row in rows] == [f"{prefix}{n:03d}" for n in range(1, len(rows) + 1)]
    for row in rows:
        assert row["url"].startswith(("http://", "https://")), row["id"]
        assert all(row[key].strip() for key in texts), row["id"]
        assert set(row[codes_key]) <= known, row["id"]
        assert len(row[codes_key]) == len(set(row[codes_key])), row["id"]


@pytest.mark.parametrize("name", FILES)
def test_the_split_follows_the_url_and_a_republished_call_follows_its_twin(name: str) -> None:
    rows = records(name)
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        expected = by_id[row["twin_of"]]["split"] if "twin_of" in row else split_of(row["url"])
        assert row["split"] == expected, row["id"]


def test_the_readme_counts_the_records() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for name in FILES:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}`"))
        assert int(re.search(r"\| (\d+) ", row).group(1)) == len(records(name)), name
