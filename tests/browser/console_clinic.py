"""Conversations and tickets written straight to a stack's database, for
the console's browser tests (the `clinic` fixture)."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from clinic_assistant.tickets import TicketStore
from testkit.console_support import save, tracker_store


def in_thread(function, *args):
    # Playwright's sync API keeps an event loop running in this thread: asyncio.run goes in another.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


@pytest.fixture
def clinic(stack, console):
    """Conversations written as Rasa's tracker store writes them, and tickets, on the stack's database."""
    store = tracker_store(stack.config["CLINIC_DB_URL"])
    tickets = TicketStore(engine=console.engine)
    tag = uuid.uuid4().hex[:8]

    def conversation(name: str, events, channel="rest", reason=None, urgent=False, claimed_by=None):
        conversation_id = name.format(tag=tag)
        in_thread(save, store, conversation_id, events)
        if reason is None:
            return conversation_id, None
        ticket = tickets.create(conversation_id, channel, reason, urgent=urgent)
        if claimed_by:
            tickets.claim(ticket.id, claimed_by)
        return conversation_id, ticket

    conversation.tickets = tickets
    conversation.store = store
    return conversation
