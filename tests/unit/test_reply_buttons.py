"""One set of buttons per action's messages, when sent and when a turn is sent again."""
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.exactly_once import earlier_answer
from components.reply_buttons import newest_buttons_only

NEXT = [{"title": "Book a consultation", "payload": "Book a consultation"}]
CHECK = [{"title": "None of these apply", "payload": "none"}]


def test_only_the_last_message_with_buttons_keeps_them():
    messages = [{"text": "pain", "buttons": NEXT}, {"text": "downtime", "buttons": NEXT}, {"text": "contact?"}]
    assert newest_buttons_only(messages) == [{"text": "pain"}, {"text": "downtime", "buttons": NEXT}, {"text": "contact?"}]
    checklist = [{"text": "dark skin", "buttons": NEXT}, {"text": "the checklist", "quick_replies": CHECK}]
    assert newest_buttons_only(checklist) == [{"text": "dark skin"}, {"text": "the checklist", "quick_replies": CHECK}]


def test_a_single_set_is_left_as_it_is():
    messages = [{"text": "pain", "buttons": NEXT}, {"text": "no buttons"}]
    assert newest_buttons_only(messages) is messages
    assert newest_buttons_only([]) == []


def test_a_turn_sent_again_is_answered_as_it_was_sent():
    tracker = DialogueStateTracker.from_events("visitor", [
        ActionExecuted("action_listen"),
        UserUttered("does it hurt, and how long is the downtime?", message_id="m-1"),
        ActionExecuted("action_respond"),
        BotUttered("pain", data={"buttons": NEXT}),
        BotUttered("downtime", data={"buttons": NEXT}),
        ActionExecuted("utter_ask_cost"),
        BotUttered("price", data={"buttons": NEXT}),
        ActionExecuted("action_listen"),
    ])
    texts_and_buttons = [(reply["text"], reply.get("buttons")) for reply in earlier_answer(tracker, "m-1")]
    # Per action, as _send_bot_messages sent them the first time.
    assert texts_and_buttons == [("pain", None), ("downtime", NEXT), ("price", NEXT)]
    assert earlier_answer(tracker, "m-2") is None
