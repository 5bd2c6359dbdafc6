"""Private edit links of intentions: an unguessable token shown once, only its hash stored."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import select

from tests.conftest import Cli, add_seed
from tracker.intentions.store import get_intention, intention_by_edit_token, issue_edit_token
from tracker.storage.db import get_engine, init_db, session_scope
from tracker.storage.models import Intention

pytestmark = pytest.mark.both_backends


def test_a_link_opens_its_intention_and_only_its_hash_is_stored(cli: Cli) -> None:
    first, second = add_seed(cli, "social_housing")["id"], add_seed(cli, "debt_counselling")["id"]
    with session_scope() as session:
        token = issue_edit_token(session, get_intention(session, first))
        other = issue_edit_token(session, get_intention(session, second))
    assert len(token) >= 32 and token != other
    with session_scope() as session:
        stored = {i.id: i.edit_token_hash for i in session.exec(select(Intention))}
        assert stored[first] == hashlib.sha256(token.encode()).hexdigest()
        assert token not in stored.values()
        assert intention_by_edit_token(session, token).id == first
        assert intention_by_edit_token(session, other).id == second
        for wrong in ("", None, token[:-1], token + "x", stored[first], "x" * 10_000):
            assert intention_by_edit_token(session, wrong) is None


def test_a_new_link_replaces_the_old_one(cli: Cli) -> None:
    intention_id = add_seed(cli, "school_inclusion")["id"]
    with session_scope() as session:
        old = issue_edit_token(session, get_intention(session, intention_id))
    with session_scope() as session:
        new = issue_edit_token(session, get_intention(session, intention_id))
    with session_scope() as session:
        assert intention_by_edit_token(session, old) is None
        assert intention_by_edit_token(session, new).id == intention_id


@pytest.mark.sqlite_only  # the old rows are written in SQLite's SQL
def test_upgrading_a_0003_database_keeps_its_intentions_without_links(environment) -> None:
    init_db(revision="0003")
    with get_engine().begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO intention (title, organization, ico, applicant_type, areas, description, budget_czk,"
            " cofinancing_pct, start_date, end_date, programmes, partners, stage, created_at, updated_at)"
            " VALUES ('Dluhová poradna', 'Město', '00262978', 'obec', '|dluhy|', '', 1000000, 0,"
            " '2027-01-01', '2027-12-31', '', '', 'zamer', '2026-11-01 00:00:00', '2026-11-01 00:00:00')")
    init_db()
    with session_scope() as session:
        intention = session.exec(select(Intention)).one()
        assert (intention.title, intention.areas, intention.edit_token_hash) == ("Dluhová poradna", ["dluhy"], None)
        token = issue_edit_token(session, intention)
    with session_scope() as session:
        assert intention_by_edit_token(session, token).title == "Dluhová poradna"
