"""What the Rasa server reads of a whole conversation is kept and extended
turn by turn (components/conversation_index.py): always what reading every
event gives, however the tracker came."""
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components import conversation_index
from components.conversation_index import conversation_read, latest_messages
from components.exactly_once import earlier_answer


def turn(number, reply="utter_ask_pain"):
    return [ActionExecuted("action_listen"), UserUttered(f"question {number}", message_id=f"m{number}"),
            ActionExecuted(reply), BotUttered(f"answer {number}", metadata={"utter_action": reply})]


def whole_read(tracker):
    return ([(e.metadata or {}).get("utter_action") for e in tracker.events if isinstance(e, BotUttered)],
            [e.text for e in tracker.events if isinstance(e, UserUttered)])


def test_read_turn_by_turn_equals_a_read_of_every_event():
    tracker = DialogueStateTracker.from_events("a", [])
    for number in range(40):
        for event in turn(number, "utter_greet" if number % 3 else "utter_ask_pain"):
            tracker.update(event)
        copy = tracker.copy()  # Rasa's copies share the events
        read = conversation_read(copy)
        assert (read.responses, read.visitor_texts) == whole_read(tracker)
    assert read.message_ids == {f"m{n}" for n in range(40)}


def test_another_tracker_with_the_same_sender_is_read_afresh():
    shared = turn(0)
    first = DialogueStateTracker.from_events("b", shared + turn(1))
    assert conversation_read(first).visitor_texts == ["question 0", "question 1"]
    # Same sender, same first events (shared objects), different later ones: a story or another server's read.
    second = DialogueStateTracker.from_events("b", shared + turn(7) + turn(8))
    assert conversation_read(second).visitor_texts == ["question 0", "question 7", "question 8"]
    # One event object in the same place is not enough: a different beginning is read again.
    third = DialogueStateTracker.from_events("b", turn(5) + [first.events[4]] + turn(6)[1:])
    assert conversation_read(third).visitor_texts == ["question 5", "question 6"]


def test_a_re_sent_message_is_found_and_a_new_one_known_new():
    tracker = DialogueStateTracker.from_events("c", turn(0) + turn(1))
    assert earlier_answer(tracker, "m9") is None
    assert [reply["text"] for reply in earlier_answer(tracker, "m0")] == ["answer 0"]


def test_conversations_beyond_the_limit_are_forgotten_oldest_first(monkeypatch):
    monkeypatch.setattr(conversation_index, "MAX_CONVERSATIONS", 3)
    for sender in "vwxyz":
        conversation_read(DialogueStateTracker.from_events(sender, turn(0)))
    assert list(conversation_index._kept)[-3:] == ["x", "y", "z"] and "v" not in conversation_index._kept


def test_latest_messages_are_the_last_ones_oldest_first():
    tracker = DialogueStateTracker.from_events("d", turn(0) + turn(1) + turn(2))
    assert [e.text for e in latest_messages(tracker, 2)] == ["question 1", "question 2"]
    assert [e.text for e in latest_messages(tracker, 9)] == ["question 0", "question 1", "question 2"]
