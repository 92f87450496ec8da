"""The widget sends a message again when its answer was lost, and shows it once.

The page's WebSocket goes through Playwright (`route_web_socket`): on the
first connection, the first reply of the first turn reaches the page, then
the connection dies, so the rest of the answer and the server's
acknowledgement are lost, as when a Rasa server is killed mid-turn. The widget
reconnects and sends the message again with the same id; the assistant,
having processed it already, answers with the same replies
(components/exactly_once.py), and the widget shows each of them once.
"""
from __future__ import annotations

import re

import requests


def _stored_turns(stack, sender: str):
    token = stack.config["RASA_API_TOKEN"]
    events = requests.get(stack.url("rasa") + f"/conversations/{sender}/tracker?token={token}", timeout=10).json()["events"]
    users = [event for event in events if event["event"] == "user"]
    bots = [event["text"] for event in events if event["event"] == "bot"]
    return users, bots


def test_a_lost_answer_is_fetched_again_and_shown_once(widget, stack):
    connections = []
    dropped = []

    def route(ws):
        connections.append(ws)
        server = ws.connect_to_server()
        first_connection = len(connections) == 1

        def from_server(message):
            ws.send(message)
            if first_connection and not dropped and isinstance(message, str) and message.startswith('42["bot_uttered"'):
                dropped.append(message)
                ws.close()
                server.close()

        server.on_message(from_server)
        ws.on_message(server.send)

    widget.page.route_web_socket(re.compile(r"/socket\.io/"), route)
    widget.page.reload()  # the route holds for WebSockets of pages loaded after it
    widget.page.wait_for_function("window.ClinicChat && window.ClinicChat.widget && window.ClinicChat.widget.root")
    widget.open()
    widget.say("does it hurt")
    # Every send settled and nothing left to send: the re-send was acknowledged.
    widget.page.wait_for_function(
        "window.__turns.sent >= 2 && window.__turns.answered >= window.__turns.sent"
        " && window.ClinicChat.widget.outbox.turns.length === 0",
        timeout=30_000,
    )
    assert dropped and len(connections) >= 2

    users, bots = _stored_turns(stack, widget.stored("session"))
    assert [event["text"] for event in users] == ["does it hurt"]  # run once
    sent_ids = widget.page.evaluate("[...window.ClinicChat.widget.outbox.shown.keys()]")
    assert users[0]["message_id"] in sent_ids

    log = widget.page.locator(".cc-log")
    assert log.locator(".cc-user").count() == 1
    shown = log.locator(".cc-bot:not(.cc-welcome):not(.cc-typing) .cc-bubble").all_inner_texts()
    # Rasa's socket.io output sends a text's paragraphs as separate messages.
    expected = [part for text in bots for part in text.strip().split("\n\n")]
    assert [" ".join(text.split()[1:]) for text in shown] == [" ".join(part.split()) for part in expected]
    assert "numbing" in widget.transcript().lower()
    assert widget.page.locator(".cc-pending").count() == 0
