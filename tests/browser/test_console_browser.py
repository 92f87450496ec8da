"""The staff console in Chromium, and a live handoff between a web visitor and
a staff member (two browser contexts) on the real stack. Screenshots go to
artifacts/screenshots/console-*.png."""
from __future__ import annotations

import csv
import io
import re
from typing import List

import pytest
from widget_support import DESKTOP, SCREENSHOTS

from testkit.helpers import Visitor

XSS = "<img src=x onerror=alert(1)> how much is it?"


class StaffPage:
    """A staff member's browser context, signed in to the console."""

    def __init__(self, browser, console, email: str) -> None:
        self.console = console
        self.context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.problems: List[str] = []
        # A CSP violation or a script error shows up as a console error.
        self.page.on("console", lambda message: message.type == "error" and self.problems.append(message.text))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        self.page.goto(console.url + "/login")
        self.page.get_by_label("E-mail").fill(email)
        self.page.get_by_label("Password").fill(console.PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url("**/conversations")

    def row(self, conversation_id: str):
        """The conversation's row in the list (its link carries the id)."""
        return self.page.locator("tbody tr", has=self.page.locator(f'a[href*="{conversation_id}"]'))

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def staff_page(browser, console):
    pages: List[StaffPage] = []

    def open_as(email: str) -> StaffPage:
        pages.append(StaffPage(browser, console, email))
        return pages[-1]

    yield open_as
    problems = [problem for page in pages for problem in page.problems]
    for page in pages:
        page.close()
    assert not problems, problems


def test_sign_in_filter_open_tag_and_export(stack, console, staff_page, browser):
    console.account("ada@clinic.example", "Ada Admin", "admin")
    asking, wanting, hostile = Visitor(stack), Visitor(stack), Visitor(stack)
    asking.say("does microneedling hurt?")
    wanting.say("I'd like to talk to a real person please")
    hostile.say(XSS)

    login = browser.new_context(viewport=DESKTOP).new_page()
    login.goto(console.url + "/login")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    login.screenshot(path=str(SCREENSHOTS / "console-login.png"))
    login.context.close()

    staff = staff_page("ada@clinic.example")
    page = staff.page
    page.get_by_label("Intent").select_option("request_human")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**intent=request_human**")
    assert staff.row(wanting.sender).count() == 1 and staff.row(asking.sender).count() == 0
    staff.screenshot("console-conversations.png")

    staff.row(wanting.sender).get_by_role("link").first.click()
    page.wait_for_url("**/transcript?id=*")
    assert "I'd like to talk to a real person please" in page.inner_text("#transcript")
    assert "request_human" in page.inner_text("#transcript")
    assert page.locator(".ticket").count() == 1
    page.get_by_label("New tag").fill("call back")
    page.get_by_role("button", name="Add tag").click()
    assert page.get_by_role("status").inner_text() == "Tag added."
    staff.screenshot("console-transcript.png")

    page.goto(console.url + "/conversations?tag=call+back")
    assert staff.row(wanting.sender).count() == 1 and page.locator("tbody tr").count() == 1
    page.get_by_label(f"Select conversation {wanting.sender}").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    # A staff export is redacted: one stable pseudonym for the conversation, never its id (issue 13).
    [pseudonym] = {row["conversation_id"] for row in rows}
    assert re.fullmatch(r"conv-[a-p]{16}", pseudonym) and wanting.sender not in download.value.path().read_text()
    assert rows[0]["text"] == "I'd like to talk to a real person please" and rows[0]["intent"] == "request_human"
    assert any(row["handoff"] == "visitor_request" for row in rows)

    # A visitor's HTML is shown as text and never runs.
    page.goto(console.url + "/conversations?q=how+much")
    staff.row(hostile.sender).get_by_role("link").first.click()
    assert page.locator("#transcript .visitor .text").first.inner_text() == XSS
    assert page.locator("#transcript img").count() == 0


def test_live_handoff_between_a_web_visitor_and_staff(make_page, console, staff_page):
    console.account("dana@clinic.example", "Dana")
    visitor = make_page()
    visitor.open()
    visitor.ask("I want to talk to a person")
    visitor.page.locator(".cc-handoff").wait_for(state="visible")
    session = visitor.stored("session")

    staff = staff_page("dana@clinic.example")
    page = staff.page
    page.get_by_role("link", name="Handoff queue").click()
    ticket_row = staff.row(session)
    ticket_row.get_by_role("button", name="Claim").click()
    assert page.get_by_role("status").inner_text() == "You have the conversation now."

    ticket_row.get_by_label("Reply to the visitor").fill("Hi, this is Dana from the clinic. How can I help?")
    before = visitor.bot_count()
    ticket_row.get_by_role("button", name="Send").click()
    visitor.wait_for_reply(before)
    assert "Dana (clinic team): Hi, this is Dana from the clinic. How can I help?" in visitor.transcript()

    ticket_row.get_by_role("link").first.click()
    page.wait_for_url("**/transcript?id=*")
    assert "Staff: Dana" in page.inner_text("#transcript")
    # While staff hold the chat the assistant says nothing: the message is theirs.
    quiet = visitor.bot_count()
    visitor.say("Can I come in on Friday afternoon?")
    # The console shows the answer without a reload (console.js polls).
    page.locator("#transcript .visitor", has_text="Can I come in on Friday afternoon?").wait_for(timeout=10_000)
    assert visitor.bot_count() == quiet
    staff.screenshot("console-live-handoff.png")
    visitor.screenshot("widget-staff-reply.png")

    before = visitor.bot_count()
    page.get_by_role("button", name="Close and hand back to the assistant").click()
    visitor.wait_for_reply(before)
    assert "handed the chat back to me" in visitor.transcript()
    visitor.ask("Does it hurt?")
    assert "numbing" in visitor.transcript().rsplit("Does it hurt?", 1)[1]
