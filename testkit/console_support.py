"""What the console tests share: conversations written by Rasa's own SQL
tracker store, and a client that keeps cookies and CSRF tokens like a browser."""
from __future__ import annotations

import asyncio
import re
import time
from typing import Dict, List, Optional
from urllib.parse import parse_qs, urlparse

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


def tracker_store(db_url: str) -> SQLTrackerStore:
    """Rasa's tracker store on the test database, as the Rasa server opens it."""
    url = sa.engine.make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=url.database)
    return SQLTrackerStore(
        Domain.empty(), dialect="postgresql", host=url.host, port=url.port, db=url.database, username=url.username
    )


def user(text: str, intent: str = "ask_pain", confidence: float = 0.9, channel: str = "rest", at: Optional[float] = None) -> UserUttered:
    return UserUttered(text, intent={"name": intent, "confidence": confidence}, input_channel=channel, timestamp=at)


def bot(text: str, at: Optional[float] = None, **data) -> List[Event]:
    return [ActionExecuted("utter_answer", timestamp=at), BotUttered(text, data=data, timestamp=at), ActionExecuted("action_listen", timestamp=at)]


def handoff(ticket: str, reason: str = "visitor_request", urgent: bool = False, at: Optional[float] = None) -> List[Event]:
    payload = {"custom": {"handoff": {"reason": reason, "urgent": urgent, "ticket": ticket}}}
    return [SlotSet("handoff_ticket", ticket, timestamp=at), BotUttered(None, data=payload, timestamp=at)]


def save(store: SQLTrackerStore, sender: str, events: List[Event]) -> None:
    async def write():
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, [])
        for event in events:
            tracker.update(event)
        await store.save(tracker)

    asyncio.run(write())


class ConsoleClient:
    """One browser: keeps the cookies and the CSRF token of the last page."""

    def __init__(self, app, headers: Optional[Dict[str, str]] = None) -> None:
        self.app = app
        self.cookies: Dict[str, str] = {}
        self.csrf = ""
        self.headers = headers or {}

    def _remember(self, response) -> None:
        for name, value in response.cookies.items():
            self.cookies[name] = value
        match = CSRF_FIELD.search(response.text or "")
        if match:
            self.csrf = match.group(1)

    def get(self, url: str):
        _, response = self.app.test_client.get(url, cookies=self.cookies, headers=self.headers, allow_redirects=False)
        self._remember(response)
        return response

    def post(self, url: str, data: Optional[dict] = None, csrf: Optional[str] = None):
        body = {"csrf": self.csrf if csrf is None else csrf, **(data or {})}
        _, response = self.app.test_client.post(url, data=body, cookies=self.cookies, headers=self.headers, allow_redirects=False)
        self._remember(response)
        return response

    def sign_in(self, email: str, password: str = PASSWORD):
        self.get("/login")
        return self.post("/login", {"email": email, "password": password})


def now() -> float:
    return time.time()


def notice_of(response) -> str:
    """The notice a console form's redirect carries ("sent", "claimed", ...)."""
    assert response.status == 303, response.text[:500]
    return parse_qs(urlparse(response.headers["location"]).query).get("notice", [""])[0]
