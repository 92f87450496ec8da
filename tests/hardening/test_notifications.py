"""What a handoff notification may carry and how many a flood can cause
(actions/pii.notification_body, clinic_assistant/safety/notify_budget.py)."""
from __future__ import annotations

from clinic_assistant.pii import notification_body
from clinic_assistant.safety.notify_budget import HOUR, NotificationBudget

EVENT = {
    "event": "handoff.created", "clinic": "Willow Skin Clinic", "ticket": "T-1A2B", "reason": "contraindication",
    "urgent": False, "conversation_id": "twilio:whatsapp:+15557654321", "channel": "twilio",
    "flags": {"screen_pregnancy": "yes", "screen_bleeding": "yes"}, "contact": "jane@example.com",
    "created_at": "2026-11-29T10:00:00+00:00",
}


def test_a_notification_carries_no_screening_answers_nor_ids():
    body = notification_body(EVENT, "https://console.clinic.example/")
    assert body == {
        "event": "handoff.created", "clinic": "Willow Skin Clinic", "ticket": "T-1A2B", "reason": "contraindication",
        "urgent": False, "channel": "twilio", "created_at": "2026-11-29T10:00:00+00:00",
        "console_url": "https://console.clinic.example/queue?ticket=T-1A2B",
    }
    assert "+1555" not in str(body) and "pregnan" not in str(body)


def test_without_a_console_address_there_is_no_link(monkeypatch):
    monkeypatch.delenv("CONSOLE_PUBLIC_URL", raising=False)
    assert "console_url" not in notification_body(EVENT)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_of_tickets_sends_a_bounded_number_of_notifications_and_reports_the_rest():
    clock = Clock()
    budget = NotificationBudget(per_hour=5, urgent_per_hour=3, clock=clock)
    decisions = [budget.admit() for _ in range(100)]
    assert sum(d.send for d in decisions) == 5
    urgent = [budget.admit(urgent=True) for _ in range(4)]  # urgent tickets have their own budget
    assert [d.send for d in urgent] == [True, True, True, False]
    assert urgent[0].held_back == 95  # the next notification sent reports what was held back
    clock.now += HOUR
    following = budget.admit()
    assert following.send and following.held_back == 1
    assert budget.admit().held_back == 0


def test_a_digest_goes_out_on_its_own_when_there_is_room():
    clock = Clock()
    budget = NotificationBudget(per_hour=2, clock=clock)
    for _ in range(10):
        budget.admit()
    assert budget.due_digest() == 0  # no room yet
    clock.now += HOUR + 1
    assert budget.due_digest() == 8 and budget.due_digest() == 0
