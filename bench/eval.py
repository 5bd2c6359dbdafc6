"""``make eval``: how well the classifier reads real published call texts.

Runs the classifier over the hand-labelled corpus in ``tests/corpus`` (see its README): applicant
types from ``eligibility.jsonl`` and areas from ``calls.jsonl`` (title + specific objective +
aim read together, as ingest does). Prints micro precision / recall / F1 per code and overall,
exact-match counts and the worst errors, and writes the figures to ``bench/eval.json``.

The held-out ``test`` split is the measurement and the default; rules are tuned on ``dev`` only
(``--split dev``). A quality report, never a timed test and never part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expected: frozenset[str]
    got: frozenset[str]
    evidence: dict[str, str]

    @property
    def wrong(self) -> int:
        return len(self.expected ^ self.got)


def load(name: str, split: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def applicant_cases(split: str) -> list[Case]:
    from tracker.text.classify import classify_applicants_with_evidence

    cases = []
    for row in load("eligibility.jsonl", split):
        found = classify_applicants_with_evidence(row["text"])
        cases.append(Case(row["id"], row["text"], frozenset(row["applicant_types"]), frozenset(found.codes),
                          found.evidence))
    return cases


def call_text(row: dict[str, Any]) -> str:
    return " | ".join(filter(None, (row["title"], row.get("specific_objective"), row.get("aim"))))


def area_cases(split: str) -> list[Case]:
    from tracker.text.classify import classify_call_areas

    cases = []
    for row in load("calls.jsonl", split):
        found = classify_call_areas(row["title"], row.get("specific_objective"), row.get("aim") or "", row["programme"])
        cases.append(Case(row["id"], call_text(row), frozenset(row["areas"]), frozenset(found.codes),
                          found.evidence))
    return cases


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"support": tp + fn, "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 6),
            "recall": round(recall, 6), "f1": round(f1, 6)}


def score(cases: list[Case], codes: Iterable[str], worst: int) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for case in cases:
        for code in case.got & case.expected:
            tp[code] += 1
        for code in case.got - case.expected:
            fp[code] += 1
        for code in case.expected - case.got:
            fn[code] += 1
    per_code = {code: prf(tp[code], fp[code], fn[code]) for code in codes}
    errors = sorted((c for c in cases if c.wrong), key=lambda c: (-c.wrong, c.id))
    return {
        "cases": len(cases),
        "exact": sum(1 for c in cases if not c.wrong),
        "overall": prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        "per_code": per_code,
        "worst_errors": [
            {"id": c.id, "missed": sorted(c.expected - c.got), "extra": sorted(c.got - c.expected),
             "evidence": {code: c.evidence.get(code, "") for code in sorted(c.got - c.expected)},
             "text": c.text[:300]}
            for c in errors[:worst]
        ],
    }


def print_report(title: str, result: dict[str, Any], show_errors: bool) -> None:
    overall = result["overall"]
    print(f"\n== {title}: {result['cases']} texts, exact match {result['exact']}/{result['cases']}, "
          f"P {overall['precision']:.3f} R {overall['recall']:.3f} F1 {overall['f1']:.3f}")
    print(f"{'code':32} {'n':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}")
    for code, m in result["per_code"].items():
        print(f"{code:32} {m['support']:4} {m['tp']:4} {m['fp']:4} {m['fn']:4} "
              f"{m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    if not show_errors:
        return
    print(f"-- worst errors ({len(result['worst_errors'])} shown)")
    for error in result["worst_errors"]:
        print(f"{error['id']}: missed {error['missed']} extra {error['extra']} {error['evidence'] or ''}")
        print(f"    {error['text'][:200]!r}")


def targets(result: dict[str, Any], f1: float) -> list[str]:
    """What keeps a kind from its target: overall F1, and recall below 0.85 for a code with ≥ 5 examples."""
    missed = []
    if result["overall"]["f1"] < f1:
        missed.append(f"overall F1 {result['overall']['f1']:.3f} < {f1}")
    for code, m in result["per_code"].items():
        if m["support"] >= 5 and m["recall"] < 0.85:
            missed.append(f"{code} recall {m['recall']:.3f} < 0.85")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test",
                        help="test (held out, default), dev (tune on this) or all")
    parser.add_argument("--worst", type=int, default=15, help="how many of the worst errors to list")
    parser.add_argument("--no-errors", action="store_true", help="figures only (no texts of errors)")
    parser.add_argument("--out", type=Path, default=HERE / "eval.json", help="where to write the figures")
    args = parser.parse_args(argv)

    from tracker.text.classify import APPLICANT_CODES, AREA_CODES

    worst = 0 if args.no_errors else args.worst
    results: dict[str, Any] = {
        "split": args.split,
        "applicant_types": score(applicant_cases(args.split), APPLICANT_CODES, worst),
        "areas": score(area_cases(args.split), AREA_CODES, worst),
    }
    goals: dict[str, Callable[[dict[str, Any]], list[str]]] = {
        "applicant_types": lambda r: targets(r, 0.95), "areas": lambda r: targets(r, 0.92),
    }
    results["targets_missed"] = {kind: check(results[kind]) for kind, check in goals.items()}
    print_report(f"applicant types ({args.split})", results["applicant_types"], not args.no_errors)
    print_report(f"areas ({args.split})", results["areas"], not args.no_errors)
    print("\ntargets (F1 ≥ 0.95 applicants, ≥ 0.92 areas, recall ≥ 0.85 per code with ≥ 5 examples):",
          "; ".join(m for kind in results["targets_missed"].values() for m in kind) or "all met")
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
