"""Rewrite every golden file after a deliberate change of a parser or a sample page:

    python scripts/regenerate_golden.py

- ``data/samples/<source>/*.golden.json``: the whole parser output of each page with a ``"parser"``
  in its routes.json (see tests/golden_files.py); golden files of pages no longer listed are removed.

Run it from a clean environment: inherited ``TRACKER_*`` variables are ignored. Running it twice
changes nothing. Then review ``git diff`` — every changed line is a change users will see.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import SAMPLES, TODAY  # noqa: E402 (after the path is set)
from tests.golden_files import parse, render, samples  # noqa: E402


def write(path: Path, content: bytes) -> None:
    if path.exists() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    print(f"wrote {path.relative_to(ROOT)}")


def pinned_environment(folder: Path) -> None:
    """The tests' settings: a fresh database in ``folder``, "today" pinned, no other TRACKER_* variable."""
    for name in [n for n in os.environ if n.startswith("TRACKER_")]:
        del os.environ[name]
    os.environ.update(
        TRACKER_DATABASE_URL=f"sqlite:///{folder / 'demo.db'}",
        TRACKER_DATA_DIR=str(folder / "data"),
        TRACKER_TODAY=TODAY,
        TRACKER_CRAWL_DELAY="0",
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        pinned_environment(Path(folder))
        goldens = set()
        for sample in samples():
            write(sample.golden, render(parse(sample)).encode("utf-8"))
            goldens.add(sample.golden)
        for stale in sorted(set(SAMPLES.glob("*/*.golden.json")) - goldens):
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    print(f"{len(goldens)} golden page(s) are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
