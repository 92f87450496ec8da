"""The staff console in Chromium on a busy day (stop 46, helper h87), on the
real stack: channels in words and a crisis marked in the conversation list,
the reply box's counter (nothing cut, nothing sent over the limit), closing a
crisis ticket asks first, and a visitor who texted STOP has no reply box.
Screenshots go to artifacts/screenshots/console-stop46-*.png."""
from __future__ import annotations

from urllib.parse import quote_plus

from console_clinic import clinic  # noqa: F401 - the fixture
from rasa.shared.core.events import UserUttered
from test_console_browser import StaffPage, staff_page  # noqa: F401 - the fixture
from widget_support import PHONE

from channels import sms_opt_outs
from testkit.console_support import handoff, user


def crisis_message(text: str, kind: str) -> UserUttered:
    intent = {"name": "report_symptom", "confidence": 1.0}
    return UserUttered(text, intent=intent, parse_data={"intent": intent, "entities": [], "text": text, "crisis": kind}, input_channel="rest")


def signed_in(staff_page, console) -> StaffPage:  # noqa: F811
    return staff_page(console.account("stop46@clinic.example", "Nia Nurse", "admin"))


def test_the_list_names_channels_and_marks_a_crisis_in_words(clinic, console, staff_page):  # noqa: F811
    crisis, _ = clinic("c46-crisis-{tag}", [crisis_message("i want to end it all", "self_harm"), *handoff("T-46C", "urgent_symptom", urgent=True)])
    sms, _ = clinic("twilio:+1555014{tag}", [user("how much is it", "ask_cost", channel="twilio")])
    staff = signed_in(staff_page, console)
    staff.page.goto(console.url + "/conversations")
    row = staff.row(crisis)
    text = row.inner_text()
    assert "CRISIS" in text and "self-harm or suicide risk" in text
    assert "crisis" in (row.get_attribute("class") or "")
    assert staff.row(quote_plus(sms)).locator("td.channel").inner_text() == "SMS"
    options = staff.page.locator('select[name="channel"] option').all_inner_texts()
    assert "SMS / WhatsApp" in options and "twilio" not in options
    staff.screenshot("console-stop46-list.png")
    staff.page.set_viewport_size(PHONE)  # stacked cells on a phone keep the label
    assert "CRISIS" in staff.row(crisis).inner_text()


def test_the_reply_box_counts_and_refuses_over_the_limit_without_cutting(clinic, console, staff_page):  # noqa: F811
    conversation_id, ticket = clinic("twilio:+1555015{tag}", [user("can someone text me", "request_human", channel="twilio")],
                                     channel="twilio", reason="visitor_request", claimed_by="Nia Nurse")
    staff = signed_in(staff_page, console)
    staff.page.goto(console.url + "/queue")
    box = staff.page.locator(f'form.reply:has(input[value="{ticket.id}"]) textarea')
    counter = staff.page.locator(f"#count-{ticket.id}")
    box.fill("See you at 3pm.")
    assert "15 / 1,500 characters" in counter.inner_text() and "1 text message" in counter.inner_text()
    long_reply = "Please call us back when you can. " * 50  # 1,700 characters: every one kept in the box
    box.fill(long_reply)
    assert len(box.input_value()) == len(long_reply)
    assert "Too long to send" in counter.inner_text() and "over" in (counter.get_attribute("class") or "")
    staff.page.locator(f'form.reply:has(input[value="{ticket.id}"]) button[type="submit"]').click()
    assert staff.page.url.endswith("/queue")  # the browser did not send it
    assert box.evaluate("box => box.validity.valid") is False
    staff.screenshot("console-stop46-reply-too-long.png")
    box.fill("Please call us back when you can.")
    assert box.evaluate("box => box.validity.valid") is True and "Too long" not in counter.inner_text()
    assert conversation_id


def test_closing_a_crisis_ticket_asks_first(clinic, console, staff_page):  # noqa: F811
    conversation_id, ticket = clinic("c46-close-{tag}", [crisis_message("i took a whole box of pills", "poisoning")],
                                     reason="urgent_symptom", urgent=True)
    staff = signed_in(staff_page, console)
    staff.page.goto(console.url + "/queue")
    row = staff.page.locator("tbody tr", has=staff.page.locator(f'a:text-is("{ticket.id}")'))
    row.get_by_role("button", name="Close and hand back to the assistant").click()
    staff.page.wait_for_url("**/queue/close")
    assert "Close this crisis ticket?" in staff.page.locator("h1").inner_text()
    assert "overdose or poisoning" in staff.page.locator("main").inner_text()
    staff.screenshot("console-stop46-confirm-close.png")
    staff.page.get_by_role("link", name="No, keep it open").click()
    staff.page.wait_for_url("**/queue")
    assert clinic.tickets.get(ticket.id).status == "open"
    assert conversation_id


def test_a_visitor_who_texted_stop_has_no_reply_box(clinic, console, staff_page):  # noqa: F811
    conversation_id, ticket = clinic("twilio:+1555016{tag}", [user("call me", "request_human", channel="twilio")],
                                     channel="twilio", reason="visitor_request", claimed_by="Nia Nurse")
    sms_opt_outs.record(console.engine, conversation_id, stopped=True)
    staff = signed_in(staff_page, console)
    staff.page.goto(console.url + "/conversations")
    staff.row(quote_plus(conversation_id)).locator("a").first.click()
    main = staff.page.locator("main")
    assert "Texted STOP" in main.inner_text() and "until they text START" in main.inner_text()
    assert staff.page.locator("form.reply").count() == 0
    staff.screenshot("console-stop46-texted-stop.png")
