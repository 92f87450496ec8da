"""A message sent again with its id is processed once (components/exactly_once.py),
against the real Rasa server of the test stack, over the REST channel."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import pytest
import requests


def _post(stack, body: Dict) -> requests.Response:
    return requests.post(stack.url("rasa") + "/webhooks/rest/webhook", json=body, timeout=60)


def _say(stack, sender: str, text: str, message_id: str) -> List[Dict]:
    response = _post(stack, {"sender": sender, "message": text, "message_id": message_id})
    assert response.status_code == 200, response.text
    return response.json()


def _user_events(stack, sender: str) -> List[Dict]:
    token = stack.config["RASA_API_TOKEN"]
    tracker = requests.get(stack.url("rasa") + f"/conversations/{sender}/tracker?token={token}", timeout=10).json()
    return [event for event in tracker["events"] if event["event"] == "user"]


def test_a_message_sent_again_gets_the_same_answer_and_is_stored_once(stack):
    sender = f"once-{uuid.uuid4().hex[:12]}"
    first = _say(stack, sender, "am I a good candidate for microneedling?", "m-1")
    assert first and all(reply["recipient_id"] == sender for reply in first)
    # Sent again (the answer was lost on its way): the same answer, not the
    # screening's next question, and the screening does not move on.
    assert _say(stack, sender, "am I a good candidate for microneedling?", "m-1") == first
    cost = _say(stack, sender, "how much does it cost", "m-2")
    # A late copy of the first message, after another turn: still its own answer.
    assert _say(stack, sender, "am I a good candidate for microneedling?", "m-1") == first
    assert _say(stack, sender, "how much does it cost", "m-2") == cost
    users = _user_events(stack, sender)
    assert [(event["text"], event["message_id"]) for event in users] == [
        ("am I a good candidate for microneedling?", "m-1"),
        ("how much does it cost", "m-2"),
    ]


def test_the_same_text_with_a_new_id_is_a_new_turn(stack):
    sender = f"once-{uuid.uuid4().hex[:12]}"
    _say(stack, sender, "does it hurt", "a")
    _say(stack, sender, "does it hurt", "b")
    requests.post(stack.url("rasa") + "/webhooks/rest/webhook", json={"sender": sender, "message": "does it hurt"}, timeout=60)
    users = _user_events(stack, sender)
    assert [event["text"] for event in users] == ["does it hurt"] * 3
    assert [event["message_id"] for event in users][:2] == ["a", "b"]
    assert users[2]["message_id"] not in ("a", "b")  # Rasa's own id when the client names none


def test_deliveries_at_the_same_time_run_the_turn_once(stack):
    """The second delivery waits for the conversation's lock, then finds the turn."""
    sender = f"once-{uuid.uuid4().hex[:12]}"
    _say(stack, sender, "hi", "greeting")
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: _say(stack, sender, "what are your opening hours", "hours"), range(4)))
    assert answers[0] and all(answer == answers[0] for answer in answers)
    assert [event["message_id"] for event in _user_events(stack, sender)] == ["greeting", "hours"]


@pytest.mark.parametrize("message_id", ["", "has space", "x" * 65, "ünïcode", 12, ["m"], "new\nline"])
def test_a_malformed_message_id_is_refused(stack, message_id):
    sender = f"once-{uuid.uuid4().hex[:12]}"
    response = _post(stack, {"sender": sender, "message": "does it hurt", "message_id": message_id})
    assert response.status_code == 400
    assert "message_id" in response.json()["error"]
    assert _user_events(stack, sender) == []
