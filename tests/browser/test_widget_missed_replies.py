"""A staff reply written while the visitor's page was closed is shown when they
come back, once (channels/socketio.py, widget/src/delivered.js): the tester's
steps, with the real widget, the real stack and the console's own call."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from console import rasa_api

REPLY = "Dana (clinic team): Hi, Dana here. We can see you on Friday."


def _staff_reply(stack, session_id: str) -> None:
    # In a thread: Playwright's sync API keeps an event loop running in this one.
    call = rasa_api.send_staff_message(
        stack.url("rasa"), stack.config["RASA_API_TOKEN"], session_id, "Hi, Dana here. We can see you on Friday.", "Dana"
    )
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, call).result()


def _come_back(widget) -> None:
    """The visitor opens the site again in the same browser (same localStorage)."""
    widget.page.close()
    widget.page = widget.context.new_page()
    widget.page.on("pageerror", lambda error: widget.errors.append(str(error)))
    widget.page.goto(widget.url)
    widget.page.wait_for_function("window.ClinicChat && window.ClinicChat.widget && window.ClinicChat.widget.root")
    widget.open()


def test_a_staff_reply_sent_while_the_page_was_closed_is_shown_once_when_the_visitor_returns(widget, stack):
    widget.open()
    widget.ask("I'd like to talk to a person please")
    session_id = widget.stored("session")
    widget.page.close()  # the visitor closed the tab

    _staff_reply(stack, session_id)

    _come_back(widget)
    widget.log.get_by_text(REPLY).wait_for(timeout=15_000)
    assert widget.stored("session") == session_id
    assert widget.transcript().count(REPLY) == 1

    _come_back(widget)  # and once more: nothing new, nothing twice
    widget.ask("thanks, see you then")
    assert widget.transcript().count(REPLY) == 1
