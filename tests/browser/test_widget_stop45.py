"""What a visitor on a phone and the clinic's staff found in the widget
(stop 45, helper h83): a long story is never cut, the crisis, abuse and
on-call numbers can be tapped, a phone held landscape keeps the message box
and the messages in view, and the console can tell whether a visitor's chat
window is open. Screenshots go to artifacts/screenshots/."""
from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from widget_support import PHONE

from console import rasa_api

PHONE_390 = {"width": 390, "height": 844}
LANDSCAPE = {"width": 844, "height": 390}
SHADOW = "document.getElementById('clinic-chat-widget').shadowRoot"


def _box(widget, selector: str):
    return widget.page.evaluate(
        f"(s) => {{ const b = {SHADOW}.querySelector(s).getBoundingClientRect(); return {{top: b.top, bottom: b.bottom, height: b.height}}; }}",
        selector,
    )


def test_a_long_story_is_never_cut_and_the_visitor_is_told_why_it_waits(make_page):
    phone = make_page(viewport=PHONE_390, is_mobile=True, has_touch=True)
    phone.open()
    counter = phone.page.locator(".cc-count")
    story = " ".join(f"Sentence {n} of what happened after my last facial." for n in range(1, 26))  # about 1,300 characters
    assert len(story) > 1000
    phone.input.fill(story[:850])
    assert counter.is_visible() and counter.inner_text() == f"{1000 - len(story[:850].strip())} characters left"

    phone.input.fill(story)
    phone.input.press("Enter")
    assert phone.input.input_value() == story  # kept whole, not cut at 1,000
    assert phone.page.evaluate("window.__turns.sent") == 0  # and not sent
    assert f"{len(story):,} of 1,000 characters" in counter.inner_text() and "nothing has been cut" in counter.inner_text()
    assert counter.get_attribute("role") == "alert"
    assert phone.page.locator(".cc-send").get_attribute("aria-disabled") == "true"
    phone.screenshot("widget-stop45-too-long.png")

    first_part = story[: story.rindex(".", 0, 990) + 1]
    phone.input.fill(first_part)
    assert phone.page.locator(".cc-send").get_attribute("aria-disabled") == "false"
    phone.ask(first_part)
    assert phone.page.locator(".cc-log .cc-user").last.inner_text().endswith(first_part[-40:])
    assert not counter.is_visible()


def test_crisis_abuse_and_on_call_numbers_are_links_to_call(make_page):
    phone = make_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.open()
    phone.ask("i want to kill myself")
    log = phone.page.locator(".cc-log")
    assert log.locator('a[href="tel:988"]').count() >= 1
    phone.ask("my partner hits me")
    assert log.locator('a[href="tel:18007997233"]').count() >= 1
    assert log.locator('a[href="tel:88788"]').count() == 0  # a number to text a word to is no number to call
    phone.ask("i had microneedling yesterday and there's pus coming out now")
    on_call = log.locator('a[href="tel:5550104499"]')
    assert on_call.count() >= 1
    assert on_call.first.evaluate("(a) => getComputedStyle(a).whiteSpace") == "nowrap"
    # Links are built as elements around text: nothing in a message is read as HTML.
    assert log.locator("a:not([href^='tel:']):not([href^='http'])").count() == 0
    phone.screenshot("widget-stop45-numbers.png")


def test_a_phone_held_landscape_keeps_the_box_and_the_messages_in_view(make_page):
    phone = make_page(viewport=LANDSCAPE, is_mobile=True, has_touch=True)
    phone.open()
    phone.ask("does it hurt")
    phone.ask("how long is the downtime")
    panel, log, box = _box(phone, ".cc-panel"), _box(phone, ".cc-log"), _box(phone, ".cc-input")
    assert panel["top"] == 0 and panel["height"] == LANDSCAPE["height"]  # the whole screen, as on a phone held upright
    assert log["height"] >= 200, log  # was 90 px in a 274 px floating panel
    assert box["bottom"] <= LANDSCAPE["height"]
    scrolls = phone.page.evaluate(f"() => {{ const l = {SHADOW}.querySelector('.cc-log'); return l.scrollHeight > l.clientHeight; }}")
    assert scrolls
    phone.screenshot("widget-stop45-landscape.png")

    # The keyboard up: about 200 px left; the box and some messages still show.
    phone.page.set_viewport_size({"width": 844, "height": 200})
    log, box = _box(phone, ".cc-log"), _box(phone, ".cc-input")
    assert box["bottom"] <= 200 and log["height"] >= 80, (log, box)
    phone.screenshot("widget-stop45-landscape-keyboard.png")


def _connected(stack, session_id: str):
    call = rasa_api.widget_connected(stack.url("rasa"), stack.config["RASA_API_TOKEN"], session_id)
    with ThreadPoolExecutor(1) as thread:  # Playwright's sync API keeps an event loop in this thread
        return thread.submit(asyncio.run, call).result()


def test_the_console_can_tell_whether_the_visitors_chat_window_is_open(widget, stack):
    widget.open()
    widget.ask("I'd like to talk to a person please")
    session_id = widget.stored("session")
    assert _connected(stack, session_id) is True
    widget.page.close()  # the visitor closed the tab: its socket leaves the room
    for _ in range(50):
        if _connected(stack, session_id) is False:
            break
        time.sleep(0.1)
    assert _connected(stack, session_id) is False
    assert _connected(stack, "not-a-session") is False
