"""The staff console in Chromium (stop 48, helper h93), on the real stack: a
ticket's reply box after the newest message, as in a chat, on a desktop and
a phone, reachable by keyboard from the ticket's header; a message that
arrives while staff type comes in above the box without moving it. And
"Delete old conversations now" asks first, by keyboard alone. Screenshots
go to artifacts/screenshots/console-stop48-*.png."""
from __future__ import annotations

import pytest
from console_clinic import clinic, in_thread  # noqa: F401 - the fixture
from rasa.shared.core.events import BotUttered
from test_console_browser import StaffPage, staff_page  # noqa: F401 - the fixture
from widget_support import DESKTOP

from testkit.console_support import save, user


PHONE = {"width": 390, "height": 844}


def signed_in(staff_page, console, email="stop48@clinic.example", name="Noor Nurse") -> StaffPage:  # noqa: F811
    return staff_page(console.account(email, name, "admin"))


def bottom(locator) -> float:
    return locator.evaluate("element => element.getBoundingClientRect().bottom")


def top(locator) -> float:
    return locator.evaluate("element => element.getBoundingClientRect().top")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_reply_box_follows_the_newest_message_and_stays_put(clinic, console, staff_page, viewport):  # noqa: F811
    earlier = [event for n in range(5) for event in (user(f"question {n} about peeling after the treatment", "ask_aftercare"),
                                                   BotUttered(f"Answer {n}: light flaking is normal; keep using sunscreen."))]
    conversation_id, ticket = clinic("c48-box-{tag}", earlier, reason="visitor_request", claimed_by="Noor Nurse")
    staff = signed_in(staff_page, console)
    page = staff.page
    page.set_viewport_size(viewport)
    page.goto(console.url + "/transcript?id=" + conversation_id)
    box = page.get_by_label("Reply to the visitor")
    newest = page.locator("#transcript li.msg").last
    # Before stop 48 the box was in the ticket's section, above the whole transcript.
    assert top(box) > bottom(newest), (top(box), bottom(newest))
    assert top(box) < top(page.get_by_role("heading", name="Review"))
    if viewport is PHONE:  # a finger-sized Send, as the ticket's other buttons on a phone
        assert page.get_by_role("button", name="Send").bounding_box()["height"] >= 44

    # From the ticket's header, by keyboard: the link goes to the box and puts the cursor in it.
    link = page.get_by_role("link", name="↓ Reply to the visitor")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'TEXTAREA'")
    assert 0 <= top(box) < viewport["height"]
    page.keyboard.type("Hi, it's Noor. Yes, you can")
    staff.screenshot(f"console-stop48-reply-below-{viewport['width']}.png")

    before = top(box)
    in_thread(save, clinic.store, conversation_id, [user("and can i wear makeup tomorrow", "ask_aftercare")])
    arrived = page.locator("#transcript .visitor", has_text="and can i wear makeup tomorrow")
    arrived.wait_for(state="attached")
    page.wait_for_timeout(200)
    assert abs(top(box) - before) <= 2, (before, top(box))  # the box did not move on the screen
    assert box.evaluate("box => box === document.activeElement")
    assert bottom(arrived) <= top(box) + 1  # the new message came in above the box, as in a chat
    assert page.locator(".new-below").inner_text().startswith("New messages below")
    page.keyboard.type(" wear it after 24 hours.")
    assert box.input_value() == "Hi, it's Noor. Yes, you can wear it after 24 hours."
    staff.screenshot(f"console-stop48-arrived-while-typing-{viewport['width']}.png")
    assert ticket


def test_deleting_old_conversations_asks_first_by_keyboard(console, staff_page):  # noqa: F811
    staff = signed_in(staff_page, console)
    page = staff.page
    page.goto(console.url + "/admin/")
    run = page.get_by_role("button", name="Delete old conversations now")
    for _ in range(80):
        page.keyboard.press("Tab")
        if run.evaluate("button => button === document.activeElement"):
            break
    else:
        pytest.fail("the button is not reachable by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/retention/run")
    heading = page.locator("h1").inner_text()
    # Before stop 48 the click deleted at once and came back to the admin page.
    assert heading.startswith("Delete ") or heading == "Nothing to delete", heading
    staff.screenshot("console-stop48-confirm-retention.png")
    page.get_by_role("link", name="No, keep them").or_(page.get_by_role("link", name="Back to the admin page")).click()
    page.wait_for_url("**/admin/")
