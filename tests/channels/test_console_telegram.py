"""A Telegram visitor and a staff member in the console: the whole handoff,
with Telegram's API replaced by the recorded fake (the console is driven over
HTTP here; tests/browser/test_console_browser.py drives it in Chromium)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from testkit.channel_support import TelegramVisitor
from testkit.helpers import StaffSession

PASSWORD = "correct horse battery staple"


def test_telegram_visitor_talks_to_staff_through_the_console(channel_stack, fake_api):
    from console import auth
    from console.db import create_tables, make_engine

    channel_stack.start_console()
    engine = make_engine(channel_stack.config["CLINIC_DB_URL"])
    create_tables(engine)
    auth.create_staff(engine, "dana@clinic.example", "Dana", PASSWORD)
    visitor = TelegramVisitor(channel_stack.url("rasa"), fake_api)

    assert any("passing this chat to our team" in reply for reply in visitor.say("can I speak to a nurse please"))
    staff = StaffSession(channel_stack.url("console"), "dana@clinic.example", PASSWORD)
    queue = staff.get("/queue").text
    link = re.escape("/transcript?" + urlencode({"id": visitor.conversation_id}))
    ticket = re.search(r'href="' + link + r'">(T-[0-9A-F]+)<', queue).group(1)
    assert "telegram" in queue

    staff.post("/queue/claim", {"ticket": ticket})
    before = len(visitor.received())
    staff.post("/queue/reply", {"ticket": ticket, "text": "Hello, Dana here. What would you like to ask?"})
    assert visitor.received()[before:] == ["Dana (clinic team): Hello, Dana here. What would you like to ask?"]

    page = staff.get(f"/transcript?id={visitor.conversation_id}").text
    last = re.search(r'data-last-event="(\d+)"', page).group(1)
    visitor.say("Is it OK that I had a chemical peel last week?")
    update = json.loads(staff.get(f"/transcript/updates?id={visitor.conversation_id}&after={last}").text)
    assert "Is it OK that I had a chemical peel last week?" in update["html"]

    before = len(visitor.received())
    staff.post("/queue/close", {"ticket": ticket})
    assert "handed the chat back to me" in "\n".join(visitor.received()[before:])
    assert "numbing" in "\n".join(visitor.say("Does it hurt?"))
    assert ticket not in staff.get("/queue").text  # other tests' tickets may still wait
