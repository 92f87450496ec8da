"""The benchmark's generated conversations (testkit/console_data.py) are what
Rasa's SQLTrackerStore writes, and the console lists them like real ones."""
from __future__ import annotations

import asyncio
import json
import random
import re

import sqlalchemy as sa
from rasa.shared.core.trackers import DialogueStateTracker

from console.db import events
from console.indexer import index_new_events
from testkit.console_data import CHANNELS, Vocabulary, conversation, event_row, generate

CONVERSATIONS = 45  # one page of the list
# The channel's id is in the cell's data-channel; staff read its name (stop 46).
# Cells may carry more attributes (stop 48: data-label, the field's name on a phone).
LISTED_ROW = re.compile(r'name="ids" value="([^"]+)".*?<td class="channel"[^>]*? data-channel="([^"]*)"[^>]*>[^<]*</td>\s*<td[^>]*>(\d+)</td>.*?</tr>', re.S)


def test_rows_are_what_the_real_tracker_store_writes(app, store):
    sender_id, generated, _ = conversation(random.Random(3), Vocabulary.load(), 0, 1_700_000_000.0)
    tracker = DialogueStateTracker(sender_id, [])
    for event in generated:
        tracker.update(event)
    asyncio.run(store.save(tracker))

    columns = [column for column in events.columns if column.name != "id"]
    with app.ctx.engine.connect() as connection:
        stored = [dict(row._mapping) for row in connection.execute(sa.select(*columns).order_by(events.c.id))]
    assert stored == [event_row(sender_id, event) for event in generated]


def _expected(engine) -> dict:
    """Turns, channel and flags of each conversation, read from the raw events."""
    expected = {}
    with engine.connect() as connection:
        rows = connection.execute(sa.select(events.c.sender_id, events.c.data).order_by(events.c.id)).all()
    for sender_id, raw in rows:
        data = json.loads(raw)
        seen = expected.setdefault(sender_id, {"turns": 0, "channel": "", "flags": set()})
        if data["event"] == "user":
            seen["turns"] += 1
            seen["channel"] = data["input_channel"]
            if data["parse_data"]["intent"]["name"] == "nlu_fallback":
                seen["flags"].add("fallback")
        elif data["event"] == "bot" and (data["data"].get("custom") or {}).get("handoff"):
            handoff = data["data"]["custom"]["handoff"]
            seen["flags"] |= {"handoff"} | ({"urgent"} if handoff["urgent"] else set())
            seen["flags"] |= {"contraindication"} if handoff["reason"] == "contraindication" else set()
    return expected


def test_console_lists_generated_conversations(app, admin):
    made = generate(app.ctx.engine, CONVERSATIONS, seed=9)
    index_new_events(app.ctx.engine)
    expected = _expected(app.ctx.engine)
    assert made.conversations == len(expected) == CONVERSATIONS
    assert all(4 <= seen["turns"] <= 14 for seen in expected.values())
    assert {seen["channel"] for seen in expected.values()} <= set(CHANNELS)

    page = admin.get("/conversations").text
    listed = {}
    for match in LISTED_ROW.finditer(page):
        conversation_id, channel, turns = match.groups()
        listed[conversation_id] = {"turns": int(turns), "channel": channel, "flags": set(re.findall(r"flag-(\w+)", match.group(0)))}
    assert listed == expected
    assert any(seen["flags"] for seen in expected.values())
