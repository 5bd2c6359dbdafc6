"""The coordinator's corrections of a call's codes: stored apart from what the classifier read,
applied again by every crawl, recorded in the change history, and exported for the corpus."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker.calls.view import MANUAL
from tracker.errors import UserError
from tracker.storage.models import Call, CallChange, CallCorrection
from tracker.text.classify import APPLICANT_CODES, AREA_CODES


def _checked(codes: Sequence[str], known: Sequence[str], field: str, noun: str) -> list[str]:
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise UserError(f"unknown {noun} {unknown[0][:40]!r}; use one of: {', '.join(known)}",
                        f"Neznámý kód „{unknown[0][:40]}“.", field=field)
    return [c for c in known if c in codes]  # taxonomy order, no duplicates


def correction_of(session: Session, call_id: int) -> CallCorrection | None:
    return session.exec(select(CallCorrection).where(CallCorrection.call_id == call_id)).first()


def apply_correction(values: dict[str, Any], correction: CallCorrection | None) -> dict[str, Any]:
    """The column values a crawl stores, with a person's codes in place of the classifier's."""
    if correction is None:
        return values
    evidence = json.loads(values.get("evidence") or "{}")
    for kind, sets in (("applicant_types", correction.sets_applicant_types), ("areas", correction.sets_areas)):
        if sets:
            values[kind] = list(getattr(correction, kind))
            evidence[kind] = {code: MANUAL for code in values[kind]}
    values["evidence"] = json.dumps(evidence, ensure_ascii=False, sort_keys=True)
    return values


def _replace_codes(session: Session, call: Call, kind: str, codes: list[str], now: datetime) -> None:
    """Give the call these codes of ``kind``, recording the change in its history when they differ."""
    old = list(getattr(call, kind))
    if old != codes:
        session.add(CallChange(call_id=call.id, run_id=None, field=kind, old_value=", ".join(old) or None,
                               new_value=", ".join(codes) or None, detected_at=now))
    setattr(call, kind, codes)


def set_codes(session: Session, call: Call, now: datetime, applicant_types: Sequence[str] | None = None,
              areas: Sequence[str] | None = None) -> CallCorrection:
    """Correct a call's applicant types and/or areas (``None`` leaves that kind as it is). Records each
    change in the call's history; the caller rematches and commits."""
    if applicant_types is None and areas is None:
        raise UserError("give at least one --applicant-type or --area", "Zadejte alespoň jeden typ žadatele nebo "
                        "oblast.", field="applicant_type")
    wanted = {
        "applicant_types": None if applicant_types is None
        else _checked(applicant_types, APPLICANT_CODES, "applicant_type", "applicant type"),
        "areas": None if areas is None else _checked(areas, AREA_CODES, "area", "area"),
    }
    assert call.id is not None
    correction = correction_of(session, call.id)
    if correction is None:
        correction = CallCorrection(call_id=call.id, classified_applicant_types=list(call.applicant_types),
                                    classified_areas=list(call.areas), corrected_at=now)
    evidence = json.loads(call.evidence or "{}")
    for kind, codes in wanted.items():
        if codes is None:
            continue
        setattr(correction, f"sets_{kind}", True)
        setattr(correction, kind, codes)
        _replace_codes(session, call, kind, codes, now)
        evidence[kind] = {code: MANUAL for code in codes}
    call.evidence = json.dumps(evidence, ensure_ascii=False, sort_keys=True)
    correction.corrected_at = now
    session.add(correction)
    session.add(call)
    session.flush()
    return correction


def correct_codes(session: Session, source: str, external_id: str, now: datetime,
                  applicant_types: Sequence[str] | None = None, areas: Sequence[str] | None = None) -> dict[str, Any]:
    """Correct a stored call's codes and recompute every intention's matches at once (CLI and app)."""
    from tracker.intentions.matching import rematch
    from tracker.intentions.stages import stored_call

    call = stored_call(session, source, external_id)
    correction = set_codes(session, call, now, applicant_types, areas)
    result = correction_to_dict(correction, call)
    rematch(session, now)
    return result


def reset_codes(session: Session, source: str, external_id: str, now: datetime) -> dict[str, Any]:
    """Undo a call's correction: the codes the classifier read come back (as of the correction; the next
    crawl reads the page afresh, evidence included), the history records it, matches are recomputed."""
    from tracker.intentions.matching import rematch
    from tracker.intentions.stages import stored_call

    call = stored_call(session, source, external_id)
    assert call.id is not None
    correction = correction_of(session, call.id)
    if correction is None:
        raise UserError(f"{source}:{external_id} has no correction to undo",
                        "Výzva nemá ruční opravu, kterou by šlo vrátit.", field="call")
    evidence = json.loads(call.evidence or "{}")
    for kind in ("applicant_types", "areas"):
        if not getattr(correction, f"sets_{kind}"):
            continue
        _replace_codes(session, call, kind, list(getattr(correction, f"classified_{kind}")), now)
        evidence[kind] = {}  # the phrases come back with the next crawl
    call.evidence = json.dumps(evidence, ensure_ascii=False, sort_keys=True)
    call.content_hash = ""  # so that the next crawl stores what the classifier reads then
    session.add(call)
    session.delete(correction)
    session.flush()
    rematch(session, now)
    return {"call": f"{source}:{external_id}", "source": source, "external_id": external_id,
            "applicant_types": list(call.applicant_types), "areas": list(call.areas), "corrected": False}


def correction_to_dict(correction: CallCorrection, call: Call) -> dict[str, Any]:
    """The public JSON form of a correction (the ``tracker calls corrections --json`` contract)."""
    return {
        "call": f"{call.source}:{call.external_id}",
        "source": call.source,
        "external_id": call.external_id,
        "title": call.title,
        "eligible_applicants": call.eligible_applicants,
        "applicant_types": {
            "before": list(correction.classified_applicant_types),
            "after": list(correction.applicant_types if correction.sets_applicant_types else call.applicant_types),
            "corrected": correction.sets_applicant_types,
        },
        "areas": {
            "before": list(correction.classified_areas),
            "after": list(correction.areas if correction.sets_areas else call.areas),
            "corrected": correction.sets_areas,
        },
        "corrected_at": correction.corrected_at.isoformat() if correction.corrected_at else None,
    }


def list_corrections(session: Session) -> list[dict[str, Any]]:
    rows = session.exec(select(CallCorrection, Call).join(Call, CallCorrection.call_id == Call.id)
                        .order_by(CallCorrection.corrected_at, CallCorrection.id))
    return [correction_to_dict(correction, call) for correction, call in rows]

