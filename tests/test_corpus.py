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


def _overall_rows(readme: str, heading: str) -> list[list[str]]:
    """The body rows of the table under ``heading``, as cells."""
    section = readme.split(heading, 1)[1].split("####", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in table[2:]]


@pytest.mark.parametrize(("heading", "cases_of"), [
    ("#### Applicant types (`test`, overall)", "applicant_cases"),
    ("#### Areas (`test`, overall)", "area_cases"),
])
def test_the_readme_figures_are_what_the_classifier_scores(heading: str, cases_of: str) -> None:
    """Each row's "now" columns (F1, P / R, exact matches) over its records: a range in its label
    ("batch 4 (e540–e658)"), on the dev split when the label says so, else every held-out record."""
    import bench.eval as evaluation

    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    rows = _overall_rows(readme, heading)
    assert len(rows) >= 3
    cases = {split: getattr(evaluation, cases_of)(split) for split in ("dev", "test")}
    for label, count, *_, f1, precision_recall, exact in rows:
        span = re.search(r"\([et](\d+)–[et](\d+)", label)
        chosen = [case for case in cases["dev" if label.startswith("dev") else "test"]
                  if span is None or int(span[1]) <= int(case.id[1:]) <= int(span[2])]
        tp = sum(len(c.got & c.expected) for c in chosen)
        precision = tp / sum(len(c.got) for c in chosen)
        recall = tp / sum(len(c.expected) for c in chosen)
        assert (len(chosen), sum(c.got == c.expected for c in chosen)) == (int(count), int(exact)), label
        assert f"{2 * precision * recall / (precision + recall):.3f}" == f1, label
        assert f"{precision:.3f} / {recall:.3f}" == precision_recall, label
