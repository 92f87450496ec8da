"""The handoff ticket store on SQLite and on the real PostgreSQL server."""
from __future__ import annotations

import pytest

from clinic_assistant.tickets import TicketStore
from testkit.databases import fresh_postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield TicketStore(f"sqlite:///{tmp_path / 'tickets.db'}")
        return
    with fresh_postgres_url() as url:
        store = TicketStore(url)
        yield store
        store.engine.dispose()


def test_create_and_read_back(store):
    ticket = store.create("visitor-1", "rest", "contraindication", flags={"pregnancy": "yes"})
    assert ticket.id.startswith("T-") and ticket.status == "open"
    again = store.get(ticket.id)
    assert again == ticket
    assert again.payload() == {"handoff": {"reason": "contraindication", "urgent": False, "ticket": ticket.id}}


def test_flags_added_and_taken_back(store):
    ticket = store.create("visitor-9", "rest", "contraindication", flags={"active_skin_problem": "yes", "cold_sores": "yes"})
    store.add_flags(ticket.id, {"recent_skin_stress": "yes"})
    corrected = store.remove_flags(ticket.id, ["active_skin_problem"])
    assert corrected.flags == {"cold_sores": "yes", "recent_skin_stress": "yes"}
    assert store.get(ticket.id).flags == corrected.flags


def test_a_request_raised_to_a_symptom(store):
    ticket = store.create("visitor-10", "rest", "visitor_request")
    raised = store.raise_reason(ticket.id, "symptom")
    assert raised.reason == "symptom" and not raised.urgent
    with pytest.raises(ValueError):
        store.raise_reason(ticket.id, "because")


def test_unknown_reason_is_refused(store):
    with pytest.raises(ValueError):
        store.create("visitor-1", "rest", "because")


def test_lifecycle_open_claimed_closed(store):
    ticket = store.create("visitor-2", "telegram", "symptom")
    claimed = store.claim(ticket.id, "nurse.kim")
    assert claimed.status == "claimed" and claimed.claimed_by == "nurse.kim" and claimed.claimed_at
    closed = store.close(ticket.id)
    assert closed.status == "closed" and closed.closed_at >= closed.created_at
    assert store.open_tickets() == []


def test_escalation_and_queue_order(store):
    older = store.create("a", "rest", "visitor_request")
    newer = store.create("b", "rest", "symptom")
    assert [t.id for t in store.open_tickets()] == [older.id, newer.id]
    escalated = store.escalate(newer.id)
    assert escalated.urgent and escalated.reason == "urgent_symptom"
    assert [t.id for t in store.open_tickets()] == [newer.id, older.id]


def test_contact_and_conversation_lookup(store):
    ticket = store.create("visitor-3", "rest", "visitor_request")
    store.set_contact(ticket.id, "+15550100")
    [found] = store.for_conversation("visitor-3")
    assert found.contact == "+15550100"


def test_one_open_ticket_per_conversation(store):
    first = store.create("visitor-7", "rest", "visitor_request")
    assert store.create("visitor-7", "rest", "medical_advice").id == first.id
    urgent = store.create("visitor-7", "rest", "urgent_symptom", urgent=True)
    assert urgent.id == first.id and urgent.urgent
    store.close(first.id)
    assert store.create("visitor-7", "rest", "visitor_request").id != first.id
    assert store.create("visitor-8", "rest", "visitor_request").id != first.id
