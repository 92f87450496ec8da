"""The staff console in Chromium on a busy day (stop 47, helper h90), on the
real stack: closing an urgent ticket asks first (by mouse on a phone, and by
keyboard alone), closing the ticket of a visitor who texted STOP sends them
nothing through the real Rasa server, two staff members claiming one ticket,
and the queue saying who wrote last. Screenshots go to
artifacts/screenshots/console-stop47-*.png."""
from __future__ import annotations

import asyncio
import time

import pytest
from console_clinic import clinic, in_thread  # noqa: F401 - the fixture
from rasa.shared.core.events import BotUttered, SlotSet
from test_console_browser import StaffPage, staff_page  # noqa: F401 - the fixture
from widget_support import PHONE

from channels import sms_opt_outs
from testkit.console_support import handoff, save, user


def signed_in(staff_page, console, email="stop47@clinic.example", name="Noor Nurse") -> StaffPage:  # noqa: F811
    return staff_page(console.account(email, name, "admin"))


def ticket_row(page, ticket_id: str):
    return page.locator("tbody tr", has=page.locator(f'a:text-is("{ticket_id}")'))


def test_closing_an_urgent_ticket_asks_first_on_a_phone(clinic, console, staff_page):  # noqa: F811
    conversation_id, ticket = clinic("c47-lip-{tag}", [user("my lips are swelling since the treatment", "report_symptom"),
                                                        *handoff("T-47LIP", "urgent_symptom", urgent=True)],
                                     reason="urgent_symptom", urgent=True)
    staff = signed_in(staff_page, console)
    staff.page.set_viewport_size(PHONE)
    staff.page.goto(console.url + "/queue")
    ticket_row(staff.page, ticket.id).get_by_role("button", name="Close and hand back to the assistant").click()
    staff.page.wait_for_url("**/queue/close")
    main = staff.page.locator("main").inner_text()
    assert "Close this urgent ticket?" in staff.page.locator("h1").inner_text()
    assert ticket.id in main and "emergency signs" in main and "my lips are swelling since the treatment" in main
    staff.screenshot("console-stop47-confirm-urgent-phone.png")
    staff.page.get_by_role("link", name="No, keep it open").click()
    staff.page.wait_for_url("**/queue")
    assert clinic.tickets.get(ticket.id).status == "open"

    ticket_row(staff.page, ticket.id).get_by_role("button", name="Close and hand back to the assistant").click()
    staff.page.get_by_role("button", name="Yes, close the urgent ticket").click()
    staff.page.wait_for_url("**/queue?notice=closed")
    assert clinic.tickets.get(ticket.id).status == "closed"
    assert conversation_id


def test_closing_an_urgent_ticket_by_keyboard_alone(clinic, console, staff_page):  # noqa: F811
    _, ticket = clinic("c47-kbd-{tag}", [user("i cant breathe properly after the treatment", "report_symptom")],
                       reason="urgent_symptom", urgent=True)
    staff = signed_in(staff_page, console)
    page = staff.page
    page.goto(console.url + "/queue")
    close = ticket_row(page, ticket.id).get_by_role("button", name="Close and hand back to the assistant")
    for _ in range(200):  # Tab until the ticket's close button has the focus
        page.keyboard.press("Tab")
        if close.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("the close button is not reachable by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/queue/close")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Yes, close the urgent ticket":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/queue?notice=closed")
    assert clinic.tickets.get(ticket.id).status == "closed"


def test_closing_the_ticket_of_a_visitor_who_texted_stop_sends_nothing(clinic, console, staff_page):  # noqa: F811
    _, ticket = clinic("twilio:+1555047{tag}", [user("can someone text me back", "request_human", channel="twilio"),
                                                             *handoff("T-47STOP", "visitor_request")],
                                     channel="twilio", reason="visitor_request", claimed_by="Noor Nurse")
    sms_opt_outs.record(console.engine, ticket.conversation_id, stopped=True)
    staff = signed_in(staff_page, console)
    staff.page.goto(console.url + "/queue")
    row = ticket_row(staff.page, ticket.id)
    assert "closing the ticket sends them nothing" in row.inner_text()
    row.get_by_role("button", name="Close and hand back to the assistant").click()
    staff.page.wait_for_url("**/queue?notice=closed_opted_out")
    notice = staff.page.locator(".notice").inner_text()
    assert "Nothing was sent to the visitor" in notice and "texted STOP" in notice
    staff.screenshot("console-stop47-closed-texted-stop.png")
    assert clinic.tickets.get(ticket.id).status == "closed"
    # Through the real Rasa server: the hand-back's slots, and no message to the visitor.
    tracker = in_thread(lambda: asyncio.run(clinic.store.retrieve(ticket.conversation_id)))
    handoff_slots = [event.value for event in tracker.events if isinstance(event, SlotSet) and event.key == "handoff_ticket"]
    assert handoff_slots == ["T-47STOP", None]
    bot_texts = [event.text for event in tracker.events if isinstance(event, BotUttered)]
    assert not any("handed the chat back" in (text or "") for text in bot_texts), bot_texts


def test_two_staff_members_claim_one_ticket(clinic, console, staff_page):  # noqa: F811
    _, ticket = clinic("c47-two-{tag}", [user("could a nurse message me about my scars", "request_human")], reason="visitor_request")
    ada = signed_in(staff_page, console, "ada47@clinic.example", "Ada Nurse")
    ben = signed_in(staff_page, console, "ben47@clinic.example", "Ben Nurse")
    ada.page.goto(console.url + "/queue")
    ben.page.goto(console.url + "/queue")
    ticket_row(ada.page, ticket.id).get_by_role("button", name="Claim").click()
    ada.page.wait_for_url("**notice=claimed")
    ticket_row(ben.page, ticket.id).get_by_role("button", name="Claim").click()  # Ben's page still offered it
    ben.page.wait_for_url("**notice=claimed_by_other")
    assert "someone else claimed this conversation first" in ben.page.locator(".notice").inner_text()
    row = ticket_row(ben.page, ticket.id)
    assert "Ada Nurse has this conversation" in row.inner_text() and row.locator("textarea").count() == 0
    assert "Visitor waiting for a reply" in row.inner_text()  # the visitor wrote last
    ben.screenshot("console-stop47-claimed-by-other.png")
    assert clinic.tickets.get(ticket.id).claimed_by == "Ada Nurse"

    # Ada writes; meanwhile Ben takes over on purpose. Ada's reply is not sent, and kept.
    ada_row = ticket_row(ada.page, ticket.id)
    ada_row.locator("textarea").fill("Hi, Ada here from the clinic.")
    row.get_by_role("button", name="Take over from Ada Nurse").click()
    ben.page.wait_for_url("**notice=taken_over")
    ada_row.get_by_role("button", name="Send").click()
    ada.page.wait_for_url("**/queue/reply")
    assert "Reply not sent: Ben Nurse has this conversation" in ada.page.locator("h1").inner_text()
    assert ada.page.locator("textarea[readonly]").input_value() == "Hi, Ada here from the clinic."
    ada.screenshot("console-stop47-reply-not-yours.png")
    assert clinic.tickets.get(ticket.id).claimed_by == "Ben Nurse"


def test_the_queue_says_who_wrote_last(clinic, console, staff_page):  # noqa: F811
    now = time.time()
    _, ticket = clinic("c47-last-{tag}", [user("is it normal to peel on day 3", "ask_downtime", at=now - 300),
                                          BotUttered("Yes, light flaking is normal.", metadata={"staff": "Noor Nurse"}, timestamp=now - 200)],
                       reason="visitor_request", claimed_by="Noor Nurse")
    staff = signed_in(staff_page, console)
    staff.page.set_viewport_size(PHONE)
    staff.page.goto(console.url + "/queue")
    cell = ticket_row(staff.page, ticket.id).locator('td[data-label="Last message"]')
    assert "Noor Nurse (staff)" in cell.inner_text() and "light flaking" in cell.inner_text()
    assert "waiting for a reply" not in cell.inner_text()
    staff.screenshot("console-stop47-queue-phone.png")


def test_a_new_message_does_not_pull_the_page_away_from_a_reply_being_written(clinic, console, staff_page):  # noqa: F811
    earlier = [event for n in range(4) for event in (user(f"question number {n} about the aftercare", "ask_aftercare"),
                                                   BotUttered(f"Answer number {n}: keep it clean and use sunscreen."))]
    conversation_id, ticket = clinic("c47-typing-{tag}", earlier, reason="visitor_request", claimed_by="Noor Nurse")
    staff = signed_in(staff_page, console)
    page = staff.page
    page.set_viewport_size(PHONE)
    page.goto(console.url + "/transcript?id=" + conversation_id)
    box = page.get_by_label("Reply to the visitor")
    box.click()
    box.press_sequentially("Hi, it's Noor. Yes, you can")
    in_thread(save, clinic.store, conversation_id, [user("and can i wear makeup tomorrow", "ask_aftercare")])
    page.locator("#transcript .visitor", has_text="and can i wear makeup tomorrow").wait_for(state="attached")
    # Before stop 47 the page scrolled to the new message: the box left the screen mid-sentence.
    top = box.evaluate("box => box.getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"], top
    assert box.evaluate("box => box === document.activeElement")
    hint = page.locator(".new-below")
    assert hint.inner_text().startswith("New messages below")
    staff.screenshot("console-stop47-new-below.png")
    hint.click()
    assert page.locator("#transcript .visitor", has_text="and can i wear makeup tomorrow").is_visible()
    assert page.locator(".new-below").count() == 0
    page.get_by_role("link", name="↓ Reply to the visitor").click()  # stop 48: from the ticket header, the box is after the transcript
    assert -2 <= box.evaluate("box => box.getBoundingClientRect().top") < PHONE["height"]
    assert box.input_value() == "Hi, it's Noor. Yes, you can"  # nothing lost on the way
    assert ticket
